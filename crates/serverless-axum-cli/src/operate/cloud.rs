//! What the operate commands ask of AWS, as two narrow ports: [`Monitoring`] (CloudWatch) and [`Releases`]
//! (CloudFormation and Lambda). `aws/` implements them with the AWS SDK; the tests also implement them in memory,
//! for what moto cannot emulate (percentile statistics) and to run a ten-minute bake in no time.

use std::future::Future;

use anyhow::Result;
use jiff::{SignedDuration, Timestamp};

/// A CloudWatch metric: namespace, name and its exact dimension set.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MetricId {
    pub namespace: String,
    pub name: String,
    /// Sorted by name.
    pub dimensions: Vec<(String, String)>,
}

impl MetricId {
    pub fn new(namespace: &str, name: &str, mut dimensions: Vec<(String, String)>) -> Self {
        dimensions.sort();
        Self {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            dimensions,
        }
    }
}

impl std::fmt::Display for MetricId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)?;
        let dimensions: Vec<String> = self
            .dimensions
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if !dimensions.is_empty() {
            write!(f, " {{{}}}", dimensions.join(", "))?;
        }
        Ok(())
    }
}

/// One statistic of one metric over periods of `period`, as a GetMetricData query.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricQuery {
    /// Unique within one request; CloudWatch wants `^[a-z][a-zA-Z0-9_]*$`.
    pub id: String,
    pub metric: MetricId,
    /// `Sum`, `Average`, `Maximum`, `p50`, `p99`…
    pub stat: String,
    pub period: SignedDuration,
}

/// The datapoints of one query, oldest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub id: String,
    pub points: Vec<(Timestamp, f64)>,
}

impl Series {
    pub fn sum(&self) -> f64 {
        self.points.iter().map(|(_, v)| v).sum()
    }
}

/// A datapoint to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct Datum {
    pub metric: MetricId,
    pub value: f64,
    /// A CloudWatch unit: `Count`, `Seconds`…
    pub unit: String,
    pub timestamp: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    Ok,
    Alarm,
    InsufficientData,
}

impl AlarmState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Alarm => "ALARM",
            Self::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

/// A deployed alarm: its state, why, since when, and (metric alarms) the metrics it watches.
#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub name: String,
    pub state: AlarmState,
    pub reason: String,
    pub since: Option<Timestamp>,
    pub metrics: Vec<MetricId>,
}

/// Where a Lambda alias points: its version, and the other versions it sends a share of traffic to (a canary).
#[derive(Debug, Clone, PartialEq)]
pub struct AliasState {
    pub version: String,
    pub weights: Vec<(String, f64)>,
}

/// A deployed stack: its status, and the Lambda version it declares (`AWS::Lambda::Version`).
#[derive(Debug, Clone, PartialEq)]
pub struct StackState {
    pub status: String,
    pub declared_version: Option<String>,
}

/// CloudWatch.
pub trait Monitoring {
    /// The alarms with these names (metric and composite); names that do not exist are left out.
    fn alarms(&self, names: &[String]) -> impl Future<Output = Result<Vec<Alarm>>>;

    /// Each query's datapoints between `start` (inclusive) and `end` (exclusive).
    fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: Timestamp,
        end: Timestamp,
    ) -> impl Future<Output = Result<Vec<Series>>>;

    /// Publishes `data` in `namespace` (all datapoints share it).
    fn put_metric_data(&self, namespace: &str, data: &[Datum]) -> impl Future<Output = Result<()>>;

    /// The metrics of `namespace` named `name` that carry at least `dimensions` (ListMetrics: those with data in the
    /// last two weeks).
    fn list_metrics(
        &self,
        namespace: &str,
        name: &str,
        dimensions: &[(String, String)],
    ) -> impl Future<Output = Result<Vec<MetricId>>>;

    /// The body (JSON text) of dashboard `name`, or None when there is no such dashboard.
    fn dashboard_body(&self, name: &str) -> impl Future<Output = Result<Option<String>>>;
}

/// CloudFormation and Lambda.
pub trait Releases {
    /// The stack named `name` and the version of `function` it declares, or None when the stack does not exist.
    fn stack(&self, name: &str, function: &str)
        -> impl Future<Output = Result<Option<StackState>>>;

    /// Alias `alias` of function `function`.
    fn alias(&self, function: &str, alias: &str) -> impl Future<Output = Result<AliasState>>;

    /// The published versions of `function` (not `$LATEST`), in ascending order.
    fn versions(&self, function: &str) -> impl Future<Output = Result<Vec<u64>>>;

    /// Points `alias` at `version` alone (no traffic split).
    fn point_alias(
        &self,
        function: &str,
        alias: &str,
        version: &str,
    ) -> impl Future<Output = Result<()>>;
}

/// Wall-clock time and waiting: real in the commands, simulated in the bake's tests.
pub trait Clock {
    fn now(&self) -> Timestamp;
    fn sleep(&self, duration: SignedDuration) -> impl Future<Output = ()>;
}

/// The system clock and tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }

    async fn sleep(&self, duration: SignedDuration) {
        tokio::time::sleep(duration.unsigned_abs()).await;
    }
}
