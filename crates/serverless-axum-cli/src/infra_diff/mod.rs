//! `serverless-axum diff --base <ref>`: what a pull request changes in the infrastructure, and what it costs, from
//! two synths (the base ref and the working tree) with no AWS credentials. The comparison itself (the CDK's own diff
//! library, the stateful guard, the cost estimate, the Markdown) lives in the platform's CDK library, next to the
//! constructs whose resources it judges; this command checks the base out, synthesizes both sides the same way and
//! runs it.

mod base_checkout;
mod review;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::outcome::{ReviewFormat, EXIT_FAILED_CHECK, EXIT_INVALID_INPUT};
use base_checkout::BaseCheckout;
use synth::Synth;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The git ref the pull request merges into (`origin/main`).
    #[arg(long)]
    pub base: String,
    /// The environment whose data the stateful guard protects, and whose cost is estimated.
    #[arg(long, default_value = "prod")]
    pub env: String,
    /// The preview environment synthesized for the preview's cost.
    #[arg(long, default_value = "pr-1")]
    pub preview: String,
    /// The service's root folder (a git checkout; infra/ holds its CDK app).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = ReviewFormat::Markdown)]
    pub format: ReviewFormat,
}

/// Overrides of the stateful guard, reviewed in the pull request that needs them.
pub const OVERRIDES_FILE: &str = "infra/stateful-overrides.json";
/// The traffic the cost estimate assumes.
pub const TRAFFIC_FILE: &str = "infra/traffic-profile.json";

pub fn run(args: &Args) -> Result<ExitCode> {
    let head = std::fs::canonicalize(&args.dir)?;
    if !head.join("infra").join("cdk.json").is_file() {
        bail!(
            "{} has no infra/cdk.json: run this in the root of a serverless-axum service",
            head.display()
        );
    }
    let base = BaseCheckout::new(&head, &args.base)?;
    let synth = Synth::new()?;
    let assemblies = Assemblies {
        base: synth.side(base.root(), &head, "base", &args.env)?,
        head: synth.side(&head, &head, "head", &args.env)?,
        preview_base: synth.side(base.root(), &head, "preview-base", &args.preview)?,
        preview_head: synth.side(&head, &head, "preview-head", &args.preview)?,
    };
    let code = review::run(&head, &assemblies, args)?;
    Ok(match code {
        0 => ExitCode::SUCCESS,
        1 => ExitCode::from(EXIT_FAILED_CHECK),
        _ => ExitCode::from(EXIT_INVALID_INPUT),
    })
}

/// The four cloud assemblies a review compares: the environment and the preview, base and head.
pub struct Assemblies {
    pub base: PathBuf,
    pub head: PathBuf,
    pub preview_base: PathBuf,
    pub preview_head: PathBuf,
}
