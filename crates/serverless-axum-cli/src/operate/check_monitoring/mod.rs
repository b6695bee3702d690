//! `serverless-axum check-monitoring`: every metric the deployed dashboard and alarms of a service environment name
//! exists in the account (ListMetrics: data in the last two weeks). Run after a deploy has served traffic, it proves
//! the monitoring contract on the real account, where synth could only check names against the catalog.
//!
//! A metric missing only for a value of a per-request dimension (`Requests` with `StatusClass=5xx` when no 5xx
//! answer was given in two weeks) is "not seen yet", which passes: its siblings prove the name and dimensions right.

mod dashboard_body;

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{bail, Result};
use serde::Serialize;

use super::aws::Aws;
use super::cloud::{MetricId, Monitoring};
use super::contract::operations;
use super::service::ServiceEnv;
use super::target::{block_on, Target};
use crate::outcome::{Format, Printed, EXIT_FAILED_CHECK};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Found {
    /// ListMetrics lists it.
    Present,
    /// Only another value of a per-request dimension is listed: the event has not happened yet.
    NotSeenYet,
    /// Nothing like it: a wrong name, dimension or value, or a metric nothing emits.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricCheck {
    pub metric: String,
    pub found: Found,
    /// The widgets and alarms that name it.
    pub named_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub service: String,
    pub env: String,
    pub dashboard: String,
    /// Problems that are not a metric: a dashboard or alarm that is not deployed.
    pub problems: Vec<String>,
    pub metrics: Vec<MetricCheck>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.metrics.iter().all(|m| m.found != Found::Missing)
    }
}

impl Printed for Report {
    fn text(&self) -> String {
        let mut out = format!(
            "check-monitoring: {} {} (dashboard {})\n",
            self.service, self.env, self.dashboard
        );
        for problem in &self.problems {
            out.push_str(&format!("  PROBLEM       {problem}\n"));
        }
        for check in &self.metrics {
            let found = match check.found {
                Found::Present => "present",
                Found::NotSeenYet => "not seen yet",
                Found::Missing => "MISSING",
            };
            out.push_str(&format!("  {found:<13} {}\n", check.metric));
            if check.found != Found::Present {
                for by in &check.named_by {
                    out.push_str(&format!("                  named by {by}\n"));
                }
            }
        }
        let missing = self
            .metrics
            .iter()
            .filter(|m| m.found == Found::Missing)
            .count();
        let waiting = self
            .metrics
            .iter()
            .filter(|m| m.found == Found::NotSeenYet)
            .count();
        out.push_str(&format!(
            "{} metrics: {} present, {waiting} not seen yet, {missing} missing; {} other problems\n",
            self.metrics.len(),
            self.metrics.len() - missing - waiting,
            self.problems.len()
        ));
        out
    }
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let env = args.target.load()?;
    let report = block_on(async {
        let aws = Aws::connect(&env.region).await;
        check(&aws, &env).await
    })??;
    report.print(args.format)?;
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED_CHECK)
    })
}

pub async fn check(cloud: &impl Monitoring, env: &ServiceEnv) -> Result<Report> {
    if !env.prod {
        bail!(
            "{} has no dashboard or alarms: previews deploy without them (check prod)",
            env.env
        );
    }
    let mut problems = Vec::new();
    let mut named: BTreeMap<MetricId, Vec<String>> = BTreeMap::new();
    match cloud.dashboard_body(&env.dashboard).await? {
        None => problems.push(format!("dashboard {} does not exist", env.dashboard)),
        Some(body) => {
            for entry in dashboard_body::metrics(&body, &env.dashboard)? {
                named.entry(entry.metric).or_default().push(entry.by);
            }
        }
    }
    let names: Vec<String> = env.alarms.iter().map(|a| a.name.clone()).collect();
    let alarms = cloud.alarms(&names).await?;
    for spec in &env.alarms {
        match alarms.iter().find(|a| a.name == spec.name) {
            None => problems.push(format!("alarm {} does not exist", spec.name)),
            Some(alarm) => {
                for metric in &alarm.metrics {
                    named
                        .entry(metric.clone())
                        .or_default()
                        .push(format!("alarm {}", alarm.name));
                }
            }
        }
    }
    let mut metrics = Vec::new();
    for (metric, named_by) in named {
        let found = find(cloud, env, &metric).await?;
        metrics.push(MetricCheck {
            metric: metric.to_string(),
            found,
            named_by,
        });
    }
    Ok(Report {
        service: env.service.clone(),
        env: env.env.clone(),
        dashboard: env.dashboard.clone(),
        problems,
        metrics,
    })
}

async fn find(cloud: &impl Monitoring, env: &ServiceEnv, metric: &MetricId) -> Result<Found> {
    let per_request = per_request_dimensions(env, metric);
    let fixed: Vec<(String, String)> = metric
        .dimensions
        .iter()
        .filter(|(name, _)| !per_request.contains(name))
        .cloned()
        .collect();
    // One listing answers both questions: ListMetrics returns every metric holding the given dimensions, so the
    // metric itself is among them, and so is any sibling that differs only in a per-request dimension's value.
    let listed = cloud
        .list_metrics(&metric.namespace, &metric.name, &fixed)
        .await?;
    if listed.iter().any(|m| m == metric) {
        return Ok(Found::Present);
    }
    if per_request.is_empty() {
        return Ok(Found::Missing);
    }
    let names = |m: &MetricId| {
        m.dimensions
            .iter()
            .map(|(name, _)| name.clone())
            .collect::<Vec<_>>()
    };
    Ok(if listed.iter().any(|s| names(s) == names(metric)) {
        Found::NotSeenYet
    } else {
        Found::Missing
    })
}

/// The dimensions of a service metric that vary per request (those the catalog gives it besides Service and
/// Environment); none for other namespaces.
fn per_request_dimensions(env: &ServiceEnv, metric: &MetricId) -> Vec<String> {
    if metric.namespace != env.catalog.namespace {
        return Vec::new();
    }
    let base = &operations().metric_dimensions;
    env.catalog
        .metric(&metric.name)
        .map(|m| {
            m.dimensions
                .iter()
                .filter(|d| !base.contains(d))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
