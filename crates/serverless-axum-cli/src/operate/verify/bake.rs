//! The bake: from the start, for `--bake`, every paging alarm stays in OK and the new version's requests show up
//! in the service's `Requests` metric.

use anyhow::{Context, Result};
use jiff::{SignedDuration, Timestamp};

use super::Options;
use crate::operate::cloud::{AlarmState, Clock, Monitoring};
use crate::operate::progress::Progress;
use crate::operate::service::ServiceEnv;
use crate::operate::signals::{requests_by_class, whole_minute, REQUESTS};

/// Ok when the bake passed; Err with the reason when it failed.
pub async fn bake(
    cloud: &impl Monitoring,
    clock: &impl Clock,
    env: &ServiceEnv,
    options: &Options,
    serving_since: Timestamp,
    progress: &Progress,
) -> Result<std::result::Result<(), String>> {
    let paging: Vec<String> = env.paging_alarms().map(|a| a.name.clone()).collect();
    let requests = requests_by_class(env, SignedDuration::from_mins(1))?;
    // CloudWatch keeps one datapoint a minute: requests count from the minute the new version took all traffic.
    let since = whole_minute(serving_since)?;
    let started = clock.now();
    let deadline = started.checked_add(options.bake).context("bake deadline")?;
    progress.say(&format!(
        "baking {} {} for {:#}: {} paging alarms must stay OK, requests must arrive (counted from {} UTC)",
        env.service,
        env.env,
        options.bake,
        paging.len(),
        since.strftime("%H:%M")
    ));
    let mut was_ok: Vec<bool> = vec![false; paging.len()];
    let mut served: Option<f64> = None;
    loop {
        let now = clock.now();
        if !paging.is_empty() {
            let alarms = cloud.alarms(&paging).await?;
            for (name, was_ok) in paging.iter().zip(was_ok.iter_mut()) {
                let Some(alarm) = alarms.iter().find(|a| &a.name == name) else {
                    return Ok(Err(format!("paging alarm {name} does not exist")));
                };
                match alarm.state {
                    AlarmState::Ok => *was_ok = true,
                    AlarmState::Alarm => {
                        return Ok(Err(format!(
                            "paging alarm {name} is ALARM: {}",
                            alarm.reason
                        )));
                    }
                    // A new alarm has no data until its first evaluation; one that was OK and lost its data left OK.
                    AlarmState::InsufficientData if *was_ok => {
                        return Ok(Err(format!(
                            "paging alarm {name} left OK for INSUFFICIENT_DATA: {}",
                            alarm.reason
                        )));
                    }
                    AlarmState::InsufficientData => {}
                }
            }
        }
        if served.is_none() {
            // GetMetricData's end is exclusive: one minute past now covers the current minute.
            let end = whole_minute(now)?
                .checked_add(SignedDuration::from_mins(1))
                .context("end")?;
            let series = cloud.metric_data(&requests, since, end).await?;
            let count: f64 = series.iter().map(|s| s.sum()).sum();
            if count > 0.0 {
                served = Some(count);
                progress.say(&format!(
                    "requests arrived: {count:.0} since {} UTC",
                    since.strftime("%H:%M")
                ));
            }
        }
        if now >= deadline {
            break;
        }
        let left = deadline.duration_since(now);
        let ok = was_ok.iter().filter(|ok| **ok).count();
        progress.update(&format!(
            "baking: {:#} left · {ok}/{} paging alarms OK · requests: {}",
            round_to_seconds(left),
            paging.len(),
            served.map_or_else(|| "none yet".to_owned(), |c| format!("{c:.0}"))
        ));
        clock.sleep(left.min(options.poll)).await;
    }
    if served.is_none() {
        return Ok(Err(format!(
            "no request reached the new version: {} {} has no {REQUESTS} datapoint since {} UTC, {:#} after the \
             bake started (a deploy that serves nothing is not a success)",
            env.service,
            env.env,
            since.strftime("%Y-%m-%d %H:%M"),
            options.bake
        )));
    }
    if let Some(position) = was_ok.iter().position(|ok| !ok) {
        return Ok(Err(format!(
            "paging alarm {} never reached OK during the bake (INSUFFICIENT_DATA: its metric has no data)",
            paging[position]
        )));
    }
    Ok(Ok(()))
}

fn round_to_seconds(duration: SignedDuration) -> SignedDuration {
    SignedDuration::from_secs(duration.as_secs())
}
