//! The harness's proof of `serverless-axum diff` on a real service, as a pull request runs it: a service generated
//! from this checkout (the Files API on) is committed as `main`, then three pull requests are reviewed against their
//! base with two real `cdk synth`s each side (prod and a preview):
//!
//! 1. more memory and one more alarm: passes, the alarm is an added resource and costs +$0.10 a month in prod;
//! 2. the Files API turned off, which deletes the files bucket: blocked, the message naming the bucket and the
//!    overrides file;
//! 3. the same with a reviewed entry in `infra/stateful-overrides.json`: passes, the bucket allowed with the reason.
//!
//! The platform library's own tests cover each rule on fixture templates (renamed buckets, table keys, a removed
//! data stack, the cost arithmetic); this is the command end to end on what the template generates.

use std::{path::Path, process::Command};

use anyhow::{bail, ensure, Context, Result};
use serde_json::Value;

use crate::generate;
use crate::probe_repo::{commit, git, replace_once, run_in};

const SERVICE: &str = "review-probe";
/// The alarm the first pull request adds (and its runbook, which the CDK app requires).
const NEW_ALARM_ID: &str = "lambda-concurrency";
const NEW_ALARM: &str = r#"
    { "id": "lambda-concurrency", "severity": "ticket", "runbook": "docs/runbooks/lambda-concurrency.md",
      "description": "The function runs more than 50 copies at once for 5 of 5 minutes.",
      "metric": { "namespace": "AWS/Lambda", "metric": "ConcurrentExecutions", "stat": "Maximum", "period": 60,
                  "dimensions": { "FunctionName": "${functionName}" } },
      "comparison": "GreaterThanThreshold", "threshold": 50,
      "evaluationPeriods": 5, "datapointsToAlarm": 5, "treatMissingData": "notBreaching" },
"#;
/// A standard metric alarm's monthly price (the price table's).
const ALARM_MONTHLY: f64 = 0.10;

/// Runs the probe in `workdir` with the `serverless-axum` binary at `cli`.
pub fn run(workdir: &Path, cli: &Path) -> Result<()> {
    let dir = generate::service(SERVICE, &workdir.join("service"), &[])?;
    run_in(
        &dir.join("infra"),
        Command::new("npm").args(["ci", "--no-audit", "--no-fund"]),
    )?;
    git(&dir, &["init", "--quiet", "--initial-branch", "main"])?;
    commit(&dir, "review probe", "generated")?;

    // 1. An ordinary change.
    replace_once(
        &dir.join("infra/service.config.json"),
        "\"memoryMb\": 256",
        "\"memoryMb\": 512",
    )?;
    replace_once(
        &dir.join("alarms/service.json"),
        "  \"alarms\": [\n",
        &format!("  \"alarms\": [{NEW_ALARM}"),
    )?;
    std::fs::write(
        dir.join(format!("docs/runbooks/{NEW_ALARM_ID}.md")),
        "# lambda-concurrency\n\nThe function scales out: check the traffic and the throttles.\n",
    )?;
    commit(&dir, "review probe", "more memory, one more alarm")?;
    let (code, review) = diff_json(cli, &dir, "HEAD~1")?;
    ensure!(
        code == 0,
        "an ordinary change must pass the review (exit {code}): {review:#}"
    );
    let alarms = added_of_type(&review, "AWS::CloudWatch::Alarm");
    ensure!(
        alarms == 1,
        "the review must show the one added alarm, found {alarms}: {review:#}"
    );
    let delta = line_delta(&review, "prod", "cloudwatch.alarms.standard")?;
    ensure!(
        (delta - ALARM_MONTHLY).abs() < 1e-9,
        "one more alarm costs +$0.10/month in prod, the review says {delta}"
    );
    let memory = modified_of_type(&review, "AWS::Lambda::Function");
    ensure!(
        memory >= 1,
        "the function's memory change is a modification: {review:#}"
    );

    // 2. Turning the Files API off deletes the files bucket in prod.
    replace_once(
        &dir.join("infra/service.config.json"),
        "\"filesApi\": true",
        "\"filesApi\": false",
    )?;
    commit(&dir, "review probe", "no Files API")?;
    let (code, markdown) = diff_markdown(cli, &dir, "HEAD~1")?;
    ensure!(
        code == 1,
        "deleting the files bucket must be blocked (exit {code}):\n{markdown}"
    );
    for needed in ["AWS::S3::Bucket", "infra/stateful-overrides.json"] {
        ensure!(
            markdown.contains(needed),
            "the block must name {needed}:\n{markdown}"
        );
    }
    let (_, review) = diff_json(cli, &dir, "HEAD~1")?;
    let blocked = review["guard"]["blocked"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    ensure!(
        !blocked.is_empty(),
        "the JSON lists the blocked resources: {review:#}"
    );

    // 3. A reviewed override lets it through.
    let overrides: Vec<Value> = blocked
        .iter()
        .map(|finding| {
            serde_json::json!({
                "stack": finding["stackName"],
                "logicalId": finding["logicalId"],
                "reason": "The Files API is retired; its objects were copied to the archive account first.",
            })
        })
        .collect();
    std::fs::write(
        dir.join("infra/stateful-overrides.json"),
        serde_json::to_string_pretty(&overrides)?,
    )?;
    commit(&dir, "review probe", "the reviewed override")?;
    // The pull request is both commits: the Files API off, and the entry that allows it.
    let (code, review) = diff_json(cli, &dir, "HEAD~2")?;
    ensure!(
        code == 0,
        "the override must let it through (exit {code}): {review:#}"
    );
    let allowed = review["guard"]["allowed"].as_array().map_or(0, Vec::len);
    ensure!(
        allowed == blocked.len(),
        "every blocked resource is allowed by its entry: {review:#}"
    );
    Ok(())
}

fn diff_json(cli: &Path, dir: &Path, base: &str) -> Result<(i32, Value)> {
    let (code, stdout) = diff(cli, dir, base, "json")?;
    let review =
        serde_json::from_str(&stdout).with_context(|| format!("the review's JSON:\n{stdout}"))?;
    Ok((code, review))
}

fn diff_markdown(cli: &Path, dir: &Path, base: &str) -> Result<(i32, String)> {
    diff(cli, dir, base, "markdown")
}

/// `serverless-axum diff --base <base>` in `dir`: the commits since `base` as the pull request.
fn diff(cli: &Path, dir: &Path, base: &str, format: &str) -> Result<(i32, String)> {
    let output = Command::new(cli)
        .args(["diff", "--base", base, "--env", "prod", "--format", format])
        .current_dir(dir)
        .output()
        .with_context(|| format!("running {}", cli.display()))?;
    let code = output.status.code().unwrap_or(-1);
    if code > 1 {
        bail!(
            "serverless-axum diff failed (exit {code}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok((code, String::from_utf8_lossy(&output.stdout).into_owned()))
}

fn resources(review: &Value) -> impl Iterator<Item = &Value> {
    review["stacks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|stack| stack["resources"].as_array().into_iter().flatten())
}

fn added_of_type(review: &Value, kind: &str) -> usize {
    resources(review)
        .filter(|r| r["type"] == kind && r["change"] == "added")
        .count()
}

fn modified_of_type(review: &Value, kind: &str) -> usize {
    resources(review)
        .filter(|r| r["type"] == kind && r["change"] == "modified")
        .count()
}

/// The monthly delta of cost line `id` in environment `name`.
fn line_delta(review: &Value, name: &str, id: &str) -> Result<f64> {
    review["cost"]["environments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|env| env["name"] == name)
        .flat_map(|env| env["lines"].as_array().into_iter().flatten())
        .find(|line| line["id"] == id)
        .and_then(|line| line["delta"].as_f64())
        .with_context(|| format!("no cost line {id} in {name}: {review:#}"))
}
