//! `serverless-axum record-deploy`: DORA's four keys as CloudWatch metrics in the platform's delivery namespace,
//! per service and environment (the fleet dashboard's delivery row reads them with SEARCH):
//!
//! - `Deployments`: 1 per deploy that reached the environment, passed or failed (deployment frequency);
//! - `FailedDeployments`: 1 for a failed one, 0 otherwise (change failure rate = FailedDeployments / Deployments);
//! - `LeadTime`: seconds from the deployed commit to the deploy's end, for a passed deploy (lead time for changes);
//! - `TimeToRestore`: on a passed deploy after failed ones, seconds since the first of those failures (failed
//!   deployment recovery time). The failures are read back from the metrics themselves.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::aws::Aws;
use super::cloud::{Clock, Datum, MetricId, MetricQuery, Monitoring, SystemClock};
use super::contract::{operations, DeliveryMetric};
use super::service::ServiceEnv;
use super::signals::whole_minute;
use super::target::{block_on, Target};
use crate::outcome::{Format, Printed};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The deploy passed (verify's bake included).
    Success,
    /// The deploy failed or was rolled back.
    Failure,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// How the deploy ended.
    #[arg(long, value_enum)]
    pub outcome: Outcome,
    /// When the deployed commit was made (RFC 3339: `git show -s --format=%cI HEAD`).
    #[arg(long)]
    pub commit_time: Timestamp,
    /// When the deploy ended (RFC 3339) [default: now].
    #[arg(long)]
    pub finished_at: Option<Timestamp>,
    /// How far back failed deploys are looked for, for the time to restore.
    #[arg(long, default_value = "30d", value_parser = parse_lookback)]
    pub lookback: SignedDuration,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What was published.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recorded {
    pub service: String,
    pub env: String,
    pub outcome: Outcome,
    pub finished_at: Timestamp,
    pub namespace: String,
    /// Metric name and value, in the order published.
    pub metrics: Vec<(String, f64)>,
    /// The first failed deploy the time to restore counts from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failing_since: Option<Timestamp>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let env = args.target.load()?;
    let recorded = block_on(async {
        let aws = Aws::connect(&env.region).await;
        let finished_at = args.finished_at.unwrap_or_else(|| SystemClock.now());
        record(
            &aws,
            &env,
            args.outcome,
            args.commit_time,
            finished_at,
            args.lookback,
        )
        .await
    })??;
    recorded.print(args.format)?;
    Ok(ExitCode::SUCCESS)
}

impl Printed for Recorded {
    fn text(&self) -> String {
        let metrics: Vec<String> = self
            .metrics
            .iter()
            .map(|(name, value)| format!("{name} {value}"))
            .collect();
        let mut out = format!(
            "record-deploy: {} {} {:?} at {}: {} in {}\n",
            self.service,
            self.env,
            self.outcome,
            self.finished_at,
            metrics.join(", "),
            self.namespace
        );
        if let Some(since) = self.failing_since {
            out.push_str(&format!(
                "record-deploy: restored after failed deploys since {since}\n"
            ));
        }
        out
    }
}

/// Publishes the delivery metrics of one deploy of `env`.
pub async fn record(
    cloud: &impl Monitoring,
    env: &ServiceEnv,
    outcome: Outcome,
    commit_time: Timestamp,
    finished_at: Timestamp,
    lookback: SignedDuration,
) -> Result<Recorded> {
    let delivery = &operations().delivery;
    let keys = &delivery.metrics;
    let lead_time = finished_at.duration_since(commit_time);
    if lead_time.is_negative() {
        bail!("the commit ({commit_time}) is later than the deploy's end ({finished_at})");
    }
    let mut values: Vec<(&DeliveryMetric, f64)> = vec![(&keys.deployments, 1.0)];
    let mut failing_since = None;
    match outcome {
        Outcome::Failure => values.push((&keys.failed_deployments, 1.0)),
        Outcome::Success => {
            values.push((&keys.failed_deployments, 0.0));
            values.push((&keys.lead_time, seconds(lead_time)));
            failing_since = first_failure_of_streak(cloud, env, finished_at, lookback).await?;
            if let Some(since) = failing_since {
                values.push((
                    &keys.time_to_restore,
                    seconds(finished_at.duration_since(since)),
                ));
            }
        }
    }
    let data: Vec<Datum> = values
        .iter()
        .map(|(metric, value)| Datum {
            metric: MetricId::new(&delivery.namespace, &metric.name, env.base_dimensions()),
            value: *value,
            unit: metric.unit.clone(),
            timestamp: finished_at,
        })
        .collect();
    cloud.put_metric_data(&delivery.namespace, &data).await?;
    Ok(Recorded {
        service: env.service.clone(),
        env: env.env.clone(),
        outcome,
        finished_at,
        namespace: delivery.namespace.clone(),
        metrics: values
            .iter()
            .map(|(metric, value)| (metric.name.clone(), *value))
            .collect(),
        failing_since,
    })
}

/// The first failed deploy since the last passed one, within `lookback` before `at`: None when the last deploy
/// passed (or there was none).
async fn first_failure_of_streak(
    cloud: &impl Monitoring,
    env: &ServiceEnv,
    at: Timestamp,
    lookback: SignedDuration,
) -> Result<Option<Timestamp>> {
    let delivery = &operations().delivery;
    let query = |id: &str, metric: &DeliveryMetric| MetricQuery {
        id: id.to_owned(),
        metric: MetricId::new(&delivery.namespace, &metric.name, env.base_dimensions()),
        stat: "Sum".to_owned(),
        period: SignedDuration::from_mins(1),
    };
    let queries = [
        query("deployments", &delivery.metrics.deployments),
        query("failed", &delivery.metrics.failed_deployments),
    ];
    let end = whole_minute(at)?;
    let start = end.checked_sub(lookback).context("lookback start")?;
    let series = cloud
        .metric_data(
            &queries,
            start,
            end.checked_add(SignedDuration::from_mins(1))?,
        )
        .await?;
    let points = |id: &str| {
        series
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.points.clone())
            .unwrap_or_default()
    };
    let (deployments, failed) = (points("deployments"), points("failed"));
    let failures_at = |minute: Timestamp| {
        failed
            .iter()
            .find(|(t, _)| *t == minute)
            .map_or(0.0, |(_, v)| *v)
    };
    let mut first_failure = None;
    // Newest first: failures back to the last minute that had a deploy that did not fail.
    for (minute, count) in deployments.iter().rev().filter(|(_, count)| *count > 0.0) {
        let failures = failures_at(*minute);
        if failures < *count {
            break;
        }
        first_failure = Some(*minute);
    }
    Ok(first_failure)
}

fn seconds(duration: SignedDuration) -> f64 {
    duration.as_secs_f64().round()
}

fn parse_lookback(text: &str) -> Result<SignedDuration, String> {
    // jiff parses days only as a calendar span; a day here is 24 hours.
    let span: jiff::Span = text.parse().map_err(|e| format!("{e}"))?;
    let duration = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .map_err(|e| format!("{e}"))?;
    if duration.is_negative() || duration.is_zero() {
        return Err(format!("{text}: expected a positive duration"));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests;
