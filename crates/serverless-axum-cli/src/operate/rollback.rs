//! `serverless-axum rollback`, and `verify --rollback` after a failed bake: `live` back to the version that served
//! before the deploy.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use super::aws::Aws;
use super::cloud::Releases;
use super::service::ServiceEnv;
use super::target::{block_on, Target};
use crate::outcome::EXIT_FAILED_CHECK;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// The version to serve [default: the newest published version below the live one].
    #[arg(long)]
    pub to: Option<u64>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let env = args.target.load()?;
    if !env.has_live_alias() {
        bail!(
            "{} ({}) has no live alias: previews deploy all at once, and ECS rolls a Fargate deployment back itself",
            env.env,
            env.compute
        );
    }
    let rollback = block_on(async {
        let aws = Aws::connect(&env.region).await;
        let current = aws.alias(&env.function, &env.live_alias).await?;
        if !current.weights.is_empty() {
            bail!(
                "alias {} is splitting traffic {:?}: a deploy is under way (CodeDeploy rolls it back itself)",
                env.live_alias,
                current.weights
            );
        }
        to_previous(&aws, &env, &current.version, args.to).await
    })??;
    println!("rollback: {}", rollback.message);
    Ok(if rollback.moved {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED_CHECK)
    })
}

/// What a rollback did.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollback {
    /// Whether `live` now serves another version.
    pub moved: bool,
    /// What happened, and what to do next.
    pub message: String,
}

/// Points `live` at `previous` (or, without it, the newest published version below `current`) and says what it
/// did. Prod keeps published versions (the CDK library retains them), so the previous one is still there.
pub async fn to_previous(
    cloud: &impl Releases,
    env: &ServiceEnv,
    current: &str,
    previous: Option<u64>,
) -> Result<Rollback> {
    let stayed = |message: String| Rollback {
        moved: false,
        message,
    };
    let current_number: u64 = current.parse().with_context(|| {
        format!(
            "alias {} serves {current:?}, not a published version",
            env.live_alias
        )
    })?;
    let previous = match previous {
        Some(previous) => Some(previous),
        None => cloud
            .versions(&env.function)
            .await?
            .into_iter()
            .filter(|v| *v < current_number)
            .max(),
    };
    let Some(previous) = previous else {
        return Ok(stayed(format!(
            "no rollback: {} has no version before {current}",
            env.function
        )));
    };
    if previous == current_number {
        return Ok(stayed(format!(
            "no rollback: version {current} is the one that served before this deploy (it published no new version)"
        )));
    }
    cloud
        .point_alias(&env.function, &env.live_alias, &previous.to_string())
        .await?;
    Ok(Rollback {
        moved: true,
        message: format!(
            "rolled back: alias {} of {} now serves version {previous} (was {current}); revert the change on main, \
             the next deploy moves it forward again",
            env.live_alias, env.function
        ),
    })
}
