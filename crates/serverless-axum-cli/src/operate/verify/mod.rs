//! `serverless-axum verify`: the post-deploy bake gate. It checks the release (the stack is complete and `live`
//! serves the version it declares, every request of it), then watches for `--bake`: it fails as soon as a paging
//! alarm leaves OK, and at the end when no `Requests` datapoint arrived since the new version took all traffic. With
//! `--rollback`, a failed bake points `live` back to the previous version.

mod bake;
mod release;

use std::process::ExitCode;

use anyhow::Result;
use jiff::{SignedDuration, Timestamp};

use super::aws::Aws;
use super::cloud::{Clock, Monitoring, Releases, SystemClock};
use super::progress::Progress;
use super::rollback;
use super::service::ServiceEnv;
use super::target::{block_on, Target};
use crate::outcome::EXIT_FAILED_CHECK;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// How long the new version must serve with every paging alarm in OK (10m, 90s, 1h).
    #[arg(long, default_value = "10m", value_parser = parse_duration)]
    pub bake: SignedDuration,
    /// When the new version took all traffic (RFC 3339; deploy.yml passes the end of `cdk deploy`): requests from
    /// that minute on count as the new version's [default: when the bake starts].
    #[arg(long)]
    pub serving_since: Option<Timestamp>,
    /// How often alarms and metrics are read.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub poll: SignedDuration,
    /// How long a traffic split (a canary still shifting) may take to end before the bake starts.
    #[arg(long, default_value = "20m", value_parser = parse_duration)]
    pub shift_timeout: SignedDuration,
    /// When the bake fails, point the live alias back to the previous version.
    #[arg(long)]
    pub rollback: bool,
    /// The version live served before this deploy [default: the newest published version below the live one].
    #[arg(long)]
    pub previous_version: Option<u64>,
}

/// The options of one verification.
#[derive(Debug, Clone)]
pub struct Options {
    pub bake: SignedDuration,
    pub serving_since: Option<Timestamp>,
    pub poll: SignedDuration,
    pub shift_timeout: SignedDuration,
    pub rollback: bool,
    pub previous_version: Option<u64>,
}

/// How a verification ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The version served through the bake, every paging alarm in OK.
    Passed { version: Option<String> },
    /// Why not, and what the rollback did (when asked for).
    Failed {
        reason: String,
        rollback: Option<String>,
    },
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let env = args.target.load()?;
    let options = Options {
        bake: args.bake,
        serving_since: args.serving_since,
        poll: args.poll,
        shift_timeout: args.shift_timeout,
        rollback: args.rollback,
        previous_version: args.previous_version,
    };
    let progress = Progress::for_this_terminal();
    let verdict = block_on(async {
        let aws = Aws::connect(&env.region).await;
        verify(&aws, &SystemClock, &env, &options, &progress).await
    })??;
    progress.finish();
    let annotate = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    match verdict {
        Verdict::Passed { version } => {
            let version = version.map_or_else(String::new, |v| format!(" (version {v})"));
            println!(
                "verify: {} {}{version} baked for {:#}: passed",
                env.service, env.env, options.bake
            );
            Ok(ExitCode::SUCCESS)
        }
        Verdict::Failed { reason, rollback } => {
            let prefix = if annotate { "::error::" } else { "" };
            println!(
                "{prefix}verify: {} {} failed: {reason}",
                env.service, env.env
            );
            if let Some(rollback) = rollback {
                println!("{prefix}verify: {rollback}");
            }
            Ok(ExitCode::from(EXIT_FAILED_CHECK))
        }
    }
}

/// Checks the release, bakes, and rolls back a failed bake when asked to.
pub async fn verify(
    cloud: &(impl Monitoring + Releases),
    clock: &impl Clock,
    env: &ServiceEnv,
    options: &Options,
    progress: &Progress,
) -> Result<Verdict> {
    let version = match release::check(
        cloud,
        clock,
        env,
        options.shift_timeout,
        options.poll,
        progress,
    )
    .await?
    {
        Ok(version) => version,
        // A release that did not happen is not this tool's to roll back: CloudFormation or CodeDeploy already did.
        Err(reason) => {
            return Ok(Verdict::Failed {
                reason,
                rollback: None,
            })
        }
    };
    let serving_since = options.serving_since.unwrap_or_else(|| clock.now());
    match bake::bake(cloud, clock, env, options, serving_since, progress).await? {
        Ok(()) => Ok(Verdict::Passed { version }),
        Err(reason) => {
            let rollback = match (&version, options.rollback && env.has_live_alias()) {
                (Some(current), true) => Some(
                    rollback::to_previous(cloud, env, current, options.previous_version)
                        .await?
                        .message,
                ),
                _ => None,
            };
            Ok(Verdict::Failed { reason, rollback })
        }
    }
}

/// `10m`, `90s`, `1h 30m` or ISO 8601 (`PT10M`): jiff's friendly format.
fn parse_duration(text: &str) -> Result<SignedDuration, String> {
    let duration: SignedDuration = text.parse().map_err(|e| format!("{e}"))?;
    if duration.is_negative() || duration.is_zero() {
        return Err(format!("{text}: expected a positive duration"));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests;
