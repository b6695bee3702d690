//! The review itself, by the platform's CDK library at the head's version (`@serverless-axum/cdk`'s
//! `dist/review/main.js`): the CDK's diff library on the two sides, the stateful guard, the cost estimate.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use super::{Args, Assemblies, OVERRIDES_FILE, TRAFFIC_FILE};
use crate::outcome::ReviewFormat;

/// The entry point, inside the head's infra/node_modules.
const ENTRY: &str = "infra/node_modules/@serverless-axum/cdk/dist/review/main.js";

/// Runs the review; its Markdown or JSON goes to stdout. Returns its exit status: 0 passed, 1 the stateful guard
/// blocks, 2 invalid input.
pub fn run(head: &Path, assemblies: &Assemblies, args: &Args) -> Result<i32> {
    let entry = head.join(ENTRY);
    if !entry.is_file() {
        anyhow::bail!(
            "{} is missing: this service's @serverless-axum/cdk predates `serverless-axum diff` (upgrade the platform)",
            entry.display()
        );
    }
    let mut command = Command::new("node");
    command
        .arg(&entry)
        .arg("--base")
        .arg(&assemblies.base)
        .arg("--head")
        .arg(&assemblies.head)
        .arg("--preview-base")
        .arg(&assemblies.preview_base)
        .arg("--preview-head")
        .arg(&assemblies.preview_head)
        .args(["--env", &args.env])
        .arg("--catalog")
        .arg(head.join("metrics").join("catalog.json"))
        .arg("--format")
        .arg(match args.format {
            ReviewFormat::Markdown => "markdown",
            ReviewFormat::Json => "json",
        });
    for (flag, file) in [("--overrides", OVERRIDES_FILE), ("--traffic", TRAFFIC_FILE)] {
        if head.join(file).is_file() {
            command.arg(flag).arg(head.join(file));
        }
    }
    let status = command
        .status()
        .context("running node (is Node installed?)")?;
    Ok(status.code().unwrap_or(2))
}
