//! An in-memory AWS account and clock for the operate commands' tests: CloudWatch with real bucketing (sums and
//! nearest-rank percentiles, which moto lacks), a stack, a `live` alias, and time that passes only when a command
//! sleeps, with events scheduled at given times (an alarm that fires halfway through a bake).

use std::sync::Mutex;

use anyhow::{bail, Result};
use jiff::{SignedDuration, Timestamp};

use super::cloud::{
    Alarm, AlarmState, AliasState, Clock, Datum, MetricId, MetricQuery, Monitoring, Releases,
    Series, StackState,
};

type Event = Box<dyn FnOnce(&mut Account) + Send>;

/// What the fake account holds.
#[derive(Debug, Default, Clone)]
pub struct Account {
    pub alarms: Vec<Alarm>,
    /// Every datapoint, published by the test or by the command.
    pub data: Vec<Datum>,
    pub dashboard: Option<(String, String)>,
    pub stack: Option<(String, StackState)>,
    pub alias: Option<AliasState>,
    pub versions: Vec<u64>,
    /// Statistics GetMetricData refuses, as moto does for percentiles.
    pub refused_stats: Vec<String>,
}

impl Account {
    /// Sets alarm `name`'s state and reason.
    pub fn set_alarm(&mut self, name: &str, state: AlarmState, reason: &str) {
        if let Some(alarm) = self.alarms.iter_mut().find(|a| a.name == name) {
            alarm.state = state;
            reason.clone_into(&mut alarm.reason);
        }
    }
}

pub struct FakeCloud {
    account: Mutex<Account>,
    now: Mutex<Timestamp>,
    events: Mutex<Vec<(Timestamp, Event)>>,
}

impl FakeCloud {
    pub fn new(account: Account, now: Timestamp) -> Self {
        Self {
            account: Mutex::new(account),
            now: Mutex::new(now),
            events: Mutex::new(Vec::new()),
        }
    }

    /// Runs `event` on the account once the clock reaches `at`.
    pub fn at(&self, at: Timestamp, event: impl FnOnce(&mut Account) + Send + 'static) {
        self.events
            .lock()
            .expect("events")
            .push((at, Box::new(event)));
    }

    pub fn account(&self) -> Account {
        self.account.lock().expect("account").clone()
    }
}

impl Clock for FakeCloud {
    fn now(&self) -> Timestamp {
        *self.now.lock().expect("now")
    }

    async fn sleep(&self, duration: SignedDuration) {
        let now = {
            let mut now = self.now.lock().expect("now");
            *now = now.checked_add(duration).expect("in range");
            *now
        };
        let due: Vec<Event> = {
            let mut events = self.events.lock().expect("events");
            let (due, later): (Vec<_>, Vec<_>) = events.drain(..).partition(|(at, _)| *at <= now);
            *events = later;
            due.into_iter().map(|(_, event)| event).collect()
        };
        let mut account = self.account.lock().expect("account");
        for event in due {
            event(&mut account);
        }
    }
}

impl Monitoring for FakeCloud {
    async fn alarms(&self, names: &[String]) -> Result<Vec<Alarm>> {
        let account = self.account.lock().expect("account");
        Ok(account
            .alarms
            .iter()
            .filter(|a| names.contains(&a.name))
            .cloned()
            .collect())
    }

    async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<Series>> {
        let account = self.account.lock().expect("account");
        let mut all = Vec::new();
        for query in queries {
            if account.refused_stats.contains(&query.stat) {
                bail!(
                    "GetMetricData: statistic {} is not supported here",
                    query.stat
                );
            }
            let mut points = Vec::new();
            let mut bucket = start;
            while bucket < end {
                let next = bucket.checked_add(query.period)?;
                let mut values: Vec<f64> = account
                    .data
                    .iter()
                    .filter(|d| {
                        d.metric == query.metric && d.timestamp >= bucket && d.timestamp < next
                    })
                    .map(|d| d.value)
                    .collect();
                if !values.is_empty() {
                    points.push((bucket, statistic(&query.stat, &mut values)?));
                }
                bucket = next;
            }
            all.push(Series {
                id: query.id.clone(),
                points,
            });
        }
        Ok(all)
    }

    async fn put_metric_data(&self, namespace: &str, data: &[Datum]) -> Result<()> {
        let mut account = self.account.lock().expect("account");
        for datum in data {
            assert_eq!(
                datum.metric.namespace, namespace,
                "one namespace per PutMetricData"
            );
            account.data.push(datum.clone());
        }
        Ok(())
    }

    async fn list_metrics(
        &self,
        namespace: &str,
        name: &str,
        dimensions: &[(String, String)],
    ) -> Result<Vec<MetricId>> {
        let account = self.account.lock().expect("account");
        let mut found: Vec<MetricId> = account
            .data
            .iter()
            .map(|d| d.metric.clone())
            .filter(|m| {
                m.namespace == namespace
                    && m.name == name
                    && dimensions.iter().all(|d| m.dimensions.contains(d))
            })
            .collect();
        found.sort();
        found.dedup();
        Ok(found)
    }

    async fn dashboard_body(&self, name: &str) -> Result<Option<String>> {
        let account = self.account.lock().expect("account");
        Ok(account
            .dashboard
            .as_ref()
            .filter(|(n, _)| n == name)
            .map(|(_, body)| body.clone()))
    }
}

impl Releases for FakeCloud {
    async fn stack(&self, name: &str, _function: &str) -> Result<Option<StackState>> {
        let account = self.account.lock().expect("account");
        Ok(account
            .stack
            .as_ref()
            .filter(|(n, _)| n == name)
            .map(|(_, s)| s.clone()))
    }

    async fn alias(&self, function: &str, alias: &str) -> Result<AliasState> {
        let account = self.account.lock().expect("account");
        match &account.alias {
            Some(state) => Ok(state.clone()),
            None => bail!("Lambda GetAlias ({function}:{alias}): not found"),
        }
    }

    async fn versions(&self, _function: &str) -> Result<Vec<u64>> {
        Ok(self.account.lock().expect("account").versions.clone())
    }

    async fn point_alias(&self, _function: &str, _alias: &str, version: &str) -> Result<()> {
        let mut account = self.account.lock().expect("account");
        account.alias = Some(AliasState {
            version: version.to_owned(),
            weights: Vec::new(),
        });
        Ok(())
    }
}

/// CloudWatch's statistic of `values`: Sum, SampleCount, Average, Minimum, Maximum, or a nearest-rank percentile.
fn statistic(stat: &str, values: &mut [f64]) -> Result<f64> {
    values.sort_by(f64::total_cmp);
    let count = values.len() as f64;
    Ok(match stat {
        "Sum" => values.iter().sum(),
        "SampleCount" => count,
        "Average" => values.iter().sum::<f64>() / count,
        "Minimum" => values[0],
        "Maximum" => values[values.len() - 1],
        percentile if percentile.starts_with('p') => {
            let p: f64 = percentile[1..].parse()?;
            let rank = ((p / 100.0) * count).ceil().max(1.0) as usize;
            values[rank.min(values.len()) - 1]
        }
        other => bail!("statistic {other}"),
    })
}

/// A service environment like a generated service's prod, without files.
pub fn orders_prod() -> super::service::ServiceEnv {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_service(dir.path(), "orders-api", "eu-west-1");
    super::service::ServiceEnv::load(dir.path(), "prod", None).expect("loads")
}

/// Writes the files `ServiceEnv::load` reads: a Lambda service's config, its alarms, the kit's catalog.
pub fn write_service(dir: &std::path::Path, service: &str, region: &str) {
    write_service_on(dir, service, region, "lambda");
}

/// The same on `compute`: paging alarms for every compute, one for each compute, one for the Files API (off), a
/// ticket and a composite.
pub fn write_service_on(dir: &std::path::Path, service: &str, region: &str, compute: &str) {
    let write = |path: &str, text: String| {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    };
    write(
        "infra/service.config.json",
        format!(
            r#"{{ "service": "{service}", "region": "{region}", "compute": "{compute}", "filesApi": false, "auth": null }}"#
        ),
    );
    write(
        "alarms/service.json",
        r#"{ "alarms": [
              { "id": "lambda-errors", "severity": "page" },
              { "id": "api-5xx-rate", "severity": "page" },
              { "id": "files-slow", "severity": "page", "requires": ["filesApi"] },
              { "id": "lambda-throttles", "severity": "page", "requires": ["lambda"] },
              { "id": "ecs-cpu", "severity": "page", "requires": ["fargate"] },
              { "id": "lambda-memory", "severity": "ticket" } ],
            "composites": [ { "id": "service-unhealthy", "severity": "page" } ] }"#
            .to_owned(),
    );
    write(
        "metrics/catalog.json",
        serverless_axum_kit::telemetry::metrics::catalog_json().to_string(),
    );
}
