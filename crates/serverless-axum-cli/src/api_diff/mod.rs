//! `serverless-axum api-diff BASE HEAD`: which differences between two OpenAPI descriptions break existing clients.
//!
//! The comparison is hand-written, on `serde_json` values, because no maintained Rust library diffs OpenAPI 3.1
//! descriptions (the OpenAPI crates on crates.io model documents, mostly 3.0, and compare nothing), and the tool
//! everyone uses, oasdiff, is a Go program that cannot be installed from crates.io, PyPI or npm, which is all a
//! service's CI and this repository's harness get. Only the classification is ours: reading files (`serde_json`),
//! the command line (`clap`) and errors (`thiserror`, `anyhow`) are kept crates.
//!
//! The rules are generic (no knowledge of any API): see `diff` for the walk and README.md for the table of rules.
//! The reasoning behind every one of them: clients *send* requests, so a request breaks when the server accepts
//! less than before; clients *read* responses, so a response breaks when the server may send something a client
//! did not expect (a field gone, `null`, another type, an enum value it cannot map).

mod change;
mod components;
mod content;
mod diff;
mod document;
mod operations;
mod parameters;
mod report;
mod request_body;
mod responses;
mod schema;
mod security;
mod usage;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::outcome::{ReviewFormat, EXIT_FAILED_CHECK};
use document::{Document, Role};
use report::Report;

/// What the report says when BASE does not exist.
pub const NO_BASE: &str = "no base description: every operation is new";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The description before the change (main's `openapi.json`). A path that does not exist means there was no
    /// description yet: every operation is reported as new.
    pub base: PathBuf,
    /// The description after the change (the pull request's `openapi.json`).
    pub head: PathBuf,
    /// How to print the report: Markdown (a pull-request comment) or JSON (for scripts).
    #[arg(long, value_enum, default_value_t = ReviewFormat::Markdown)]
    pub format: ReviewFormat,
    /// Exit with status 1 when any change is breaking (the report is printed all the same).
    #[arg(long)]
    pub fail_on_breaking: bool,
}

/// Compares the two files and prints the report; the exit status is 0 unless `--fail-on-breaking` and a change
/// breaks clients. Errors (a file unreadable or not an OpenAPI description) name the file.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let base = Document::load_if_exists(&args.base, Role::Base)?;
    let head = Document::load(&args.head, Role::Head)?;
    let note = match base {
        Some(_) => None,
        None => {
            eprintln!(
                "serverless-axum api-diff: {NO_BASE} (`{}` does not exist)",
                args.base.display()
            );
            Some(NO_BASE)
        }
    };
    let base = base.unwrap_or_else(Document::empty);
    let report = Report {
        changes: diff::compare(&base, &head),
        note,
    };
    let text = match args.format {
        ReviewFormat::Markdown => report::markdown(&report),
        ReviewFormat::Json => report::json(&report)?,
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("cannot write the report")?;
    if args.fail_on_breaking && report.is_breaking() {
        return Ok(ExitCode::from(EXIT_FAILED_CHECK));
    }
    Ok(ExitCode::SUCCESS)
}
