//! `serverless-axum check`: does the service still match its template where the template owns the files?
//!
//! It renders the template at the recorded version with the recorded answers and compares every file the
//! template renders with the working tree (`compare`, pure). Files the template does not render are the
//! service's own and are not looked at. A differing or missing file matching `[owned].files` fails the check;
//! other differences are listed for information.

mod compare;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::outcome::{Format, Printed, EXIT_FAILED_CHECK};
use crate::template::{read_paths, render, Record, TemplateSource};
use report::Report;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A local checkout of the platform to use as the recorded version (default: the recorded `platform_path`
    /// when the service was generated against a checkout, else the recorded tag, cloned with git).
    #[arg(long, value_name = "PATH")]
    pub template: Option<PathBuf>,
    /// How to print the result: text for people, JSON for scripts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Checks the service in the current folder: exit 0 when every owned file matches the template, 1 otherwise.
pub fn run(args: &Args) -> Result<ExitCode> {
    let service = std::env::current_dir().context("reading the current folder")?;
    let record = Record::load(&service)?;
    let owned = record.owned_matcher()?;
    let source = match &args.template {
        Some(path) => TemplateSource::Local(path.clone()),
        None => record.recorded_source(),
    };
    let rendered = render(&source, &record.answers)?.files()?;
    let tree = read_paths(&service, rendered.keys())?;
    let entries = compare::compare(&rendered, &tree, &owned);
    let report = Report::new(&source, &record.template.version, entries);
    report.print(args.format)?;
    Ok(if report.clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED_CHECK)
    })
}
