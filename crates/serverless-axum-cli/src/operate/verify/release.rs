//! Before the bake: the app stack finished its update, and `live` serves the version the stack declares, alone.
//! CloudFormation waits for CodeDeploy's canary, so a canary that alarms rolled back leaves the stack in
//! UPDATE_ROLLBACK_COMPLETE; a split still under way (a deploy driven by hand) is waited for.

use anyhow::Result;
use jiff::SignedDuration;

use crate::operate::cloud::{Clock, Releases};
use crate::operate::progress::Progress;
use crate::operate::service::ServiceEnv;

/// Stack statuses of a finished, successful deploy.
const DEPLOYED: [&str; 2] = ["CREATE_COMPLETE", "UPDATE_COMPLETE"];

/// The version `live` serves (None in a preview, which has no alias), or why the release is not good.
pub async fn check(
    cloud: &impl Releases,
    clock: &impl Clock,
    env: &ServiceEnv,
    shift_timeout: SignedDuration,
    poll: SignedDuration,
    progress: &Progress,
) -> Result<std::result::Result<Option<String>, String>> {
    let Some(stack) = cloud.stack(&env.app_stack, &env.function).await? else {
        return Ok(Err(format!("stack {} does not exist", env.app_stack)));
    };
    if !DEPLOYED.contains(&stack.status.as_str()) {
        return Ok(Err(format!(
            "stack {} is {}: the deploy (or its canary) did not complete",
            env.app_stack, stack.status
        )));
    }
    progress.say(&format!("stack {}: {}", env.app_stack, stack.status));
    if !env.has_live_alias() {
        return Ok(Ok(None));
    }
    let started = clock.now();
    let alias = loop {
        let alias = cloud.alias(&env.function, &env.live_alias).await?;
        if alias.weights.is_empty() {
            break alias;
        }
        let waited = clock.now().duration_since(started);
        if waited >= shift_timeout {
            return Ok(Err(format!(
                "alias {} still splits traffic after {shift_timeout:#}: {:?}",
                env.live_alias, alias.weights
            )));
        }
        let shares: Vec<String> = alias
            .weights
            .iter()
            .map(|(v, share)| format!("version {v} {:.0} %", share * 100.0))
            .collect();
        progress.update(&format!(
            "waiting for the traffic shift: version {} and {}",
            alias.version,
            shares.join(", ")
        ));
        clock.sleep(poll).await;
    };
    match &stack.declared_version {
        Some(declared) if *declared != alias.version => Ok(Err(format!(
            "alias {} serves version {}, the stack declares {declared}",
            env.live_alias, alias.version
        ))),
        _ => {
            progress.say(&format!(
                "alias {}: version {}, all traffic",
                env.live_alias, alias.version
            ));
            Ok(Ok(Some(alias.version)))
        }
    }
}
