//! `serverless-axum`: the platform's command-line tool. This file only parses the command line, runs the subcommand
//! and turns its outcome into the exit status; each subcommand lives in its own module.

mod api_diff;
mod check;
mod cli;
mod infra_diff;
mod operate;
mod outcome;
mod upgrade;

use std::process::ExitCode;

use clap::Parser;
// `crate::template` in the subcommands: the library's, shared with the template repository's harness.
use serverless_axum::template;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::ApiDiff(args) => api_diff::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Upgrade(args) => upgrade::run(&args),
        Command::Status(args) => operate::status::run(&args),
        Command::Verify(args) => operate::verify::run(&args),
        Command::RecordDeploy(args) => operate::delivery::run(&args),
        Command::CheckMonitoring(args) => operate::check_monitoring::run(&args),
        Command::Rollback(args) => operate::rollback::run(&args),
        Command::Diff(args) => infra_diff::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("serverless-axum: {error:#}");
            ExitCode::from(outcome::EXIT_INVALID_INPUT)
        }
    }
}
