//! `serverless-axum status`: the alarms of a service environment and their states, where its `live` alias points,
//! and its golden signals over the last hour.

mod render;

use std::process::ExitCode;

use anyhow::Result;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::aws::Aws;
use super::cloud::{AlarmState, Clock, Monitoring, Releases, SystemClock};
use super::service::ServiceEnv;
use super::signals::{self, GoldenSignals};
use super::target::{block_on, Target};
use crate::outcome::{Format, Printed, EXIT_FAILED_CHECK};

/// How far back the signals look.
const WINDOW: SignedDuration = SignedDuration::from_hours(1);

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What `status` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub service: String,
    pub env: String,
    pub region: String,
    pub compute: String,
    pub function: String,
    pub api: String,
    pub stage: String,
    pub at: Timestamp,
    /// Where `live` points (prod only): a version, or why it could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<Release>,
    pub alarms: Vec<AlarmRow>,
    /// Why the alarms could not be read, if they could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarms_error: Option<String>,
    pub signals: GoldenSignals,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    pub function: String,
    pub alias: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Versions that take a share of the traffic besides `version` (a canary under way).
    pub weights: Vec<(String, f64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlarmRow {
    pub id: String,
    pub name: String,
    pub severity: String,
    /// None: the alarm is not deployed.
    pub state: Option<AlarmState>,
    pub reason: String,
    pub since: Option<Timestamp>,
}

impl Status {
    /// Whether every part could be read and every alarm exists.
    pub fn complete(&self) -> bool {
        self.alarms_error.is_none()
            && self.alarms.iter().all(|a| a.state.is_some())
            && self.release.as_ref().is_none_or(|r| r.error.is_none())
            && self.signals.complete()
    }
}

impl Printed for Status {
    fn text(&self) -> String {
        render::text(self)
    }
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let env = args.target.load()?;
    let status = block_on(async {
        let aws = Aws::connect(&env.region).await;
        read(&aws, &SystemClock, &env).await
    })??;
    status.print(args.format)?;
    Ok(if status.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED_CHECK)
    })
}

/// Reads the status of `env` at `clock`'s now.
pub async fn read(
    cloud: &(impl Monitoring + Releases),
    clock: &impl Clock,
    env: &ServiceEnv,
) -> Result<Status> {
    let at = clock.now();
    let names: Vec<String> = env.alarms.iter().map(|a| a.name.clone()).collect();
    let (deployed, alarms_error) = if names.is_empty() {
        (Vec::new(), None)
    } else {
        match cloud.alarms(&names).await {
            Ok(deployed) => (deployed, None),
            Err(error) => (Vec::new(), Some(format!("{error:#}"))),
        }
    };
    let alarms = env
        .alarms
        .iter()
        .map(|spec| {
            let found = deployed.iter().find(|d| d.name == spec.name);
            AlarmRow {
                id: spec.id.clone(),
                name: spec.name.clone(),
                severity: spec.severity.clone(),
                state: found.map(|d| d.state),
                reason: found.map(|d| d.reason.clone()).unwrap_or_default(),
                since: found.and_then(|d| d.since),
            }
        })
        .collect();
    let release = if env.has_live_alias() {
        let alias = cloud.alias(&env.function, &env.live_alias).await;
        Some(Release {
            function: env.function.clone(),
            alias: env.live_alias.clone(),
            version: alias.as_ref().ok().map(|a| a.version.clone()),
            weights: alias
                .as_ref()
                .map(|a| a.weights.clone())
                .unwrap_or_default(),
            error: alias.err().map(|e| format!("{e:#}")),
        })
    } else {
        None
    };
    let signals: GoldenSignals = signals::read(cloud, env, at, WINDOW).await?;
    Ok(Status {
        service: env.service.clone(),
        env: env.env.clone(),
        region: env.region.clone(),
        compute: env.compute.clone(),
        function: env.function.clone(),
        api: env.api.clone(),
        stage: env.stage.clone(),
        at,
        release,
        alarms,
        alarms_error,
        signals,
    })
}

#[cfg(test)]
mod tests;
