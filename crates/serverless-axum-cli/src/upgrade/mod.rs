//! `serverless-axum upgrade --to <path|tag>`: brings a service to another version of its template.
//!
//! It renders the template twice with the service's recorded answers: BASE at the version the service was made
//! from (or last upgraded to), NEW at the target. NEW's changes are then merged into the working tree, file by
//! file, with BASE as the common ancestor (`plan`, pure and unit-tested; `apply` writes it). The service's own
//! changes are never lost: a file both changed keeps both sides, in conflict markers where they collide. Git is
//! only asked for a clean tree, so `git diff` shows what the upgrade did and `git checkout .` undoes it.

mod apply;
mod git;
mod lockfile;
mod plan;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::outcome::{Format, Printed, EXIT_FAILED_CHECK};
use crate::template::{read_paths, render, FileMap, Record, TemplateSource, RECORD_FILE};
use plan::{Effect, Outcome, Step};
use report::Report;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The target version: a local checkout of the platform (a folder with `cargo-generate.toml` and
    /// `template/`), or a tag of the repository in `.serverless-axum.toml` (then `platform_version` becomes that
    /// tag, which bumps the platform libraries the service depends on).
    #[arg(long, value_name = "PATH|TAG")]
    pub to: String,
    /// A local checkout of the platform at the service's recorded version (default: the recorded
    /// `platform_path` when there is one, else the recorded tag, cloned with git).
    #[arg(long, value_name = "PATH")]
    pub from: Option<PathBuf>,
    /// How to print the summary: text for people, JSON for scripts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Upgrades the service in the current folder; exit 0 when clean, 1 when a conflict remains. A dirty tree, a
/// folder that is not a git repository or a template that cannot be rendered is an error (exit 2).
pub fn run(args: &Args) -> Result<ExitCode> {
    let service = std::env::current_dir().context("reading the current folder")?;
    git::ensure_clean(&service)?;
    let record = Record::load(&service)?;
    let base_source = match &args.from {
        Some(path) => TemplateSource::Local(path.clone()),
        None => record.recorded_source(),
    };
    let new_source = TemplateSource::path_or_tag(&args.to, &record.template.repository);
    let new_answers = match new_source.tag() {
        Some(tag) => record.answers.with("platform_version", tag),
        None => record.answers.clone(),
    };

    let mut base = render(&base_source, &record.answers)?.files()?;
    let new_rendered = render(&new_source, &new_answers)?;
    let mut new = new_rendered.files()?;
    // The record is the template's to write: NEW's, whatever the service's says.
    base.remove(RECORD_FILE);
    let new_record = new.remove(RECORD_FILE);
    let tree = read_paths(&service, base.keys().chain(new.keys()))?;

    let mut plan = plan::plan(&base, &new, &tree);
    apply::apply(&service, &plan, new_rendered.root())?;
    let to = match &new_record {
        Some(bytes) => rewrite_record(&service, bytes, new_rendered.root(), &mut plan)?,
        None => new_source.describe(),
    };

    let report = Report::new(&record.template.version, &to, &plan);
    report.print(args.format)?;
    Ok(if plan.has_conflicts() {
        ExitCode::from(EXIT_FAILED_CHECK)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes NEW's record over the service's (reported as replaced when it changes); returns its version.
fn rewrite_record(
    service: &std::path::Path,
    bytes: &[u8],
    new_root: &std::path::Path,
    plan: &mut plan::Plan,
) -> Result<String> {
    let text = std::str::from_utf8(bytes).context("the new template's record is not UTF-8")?;
    let version = Record::parse(text)
        .context("reading the new template's record")?
        .template
        .version;
    let current: FileMap = read_paths(service, [&RECORD_FILE.to_owned()])?;
    if current.get(RECORD_FILE).map(Vec::as_slice) != Some(bytes) {
        apply::write_like(service, RECORD_FILE, bytes, new_root)?;
        plan.steps.push(Step {
            path: RECORD_FILE.to_owned(),
            outcome: Outcome::Replaced,
            effect: Effect::Write(bytes.to_vec()),
            note: None,
        });
    }
    Ok(version)
}
