//! Load test of the service with Goose. Prints requests/s, p50/p90/p99 latency and error counts, and exits 1 when
//! the error rate or p99 is over the budget given on the command line, so CI or a preview deploy can gate on it.

mod args;
mod scenarios;
mod summary;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use goose::{config::GooseConfiguration, prelude::*};

use crate::{args::Args, summary::Summary};

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(summary) => {
            println!("{}", summary.table());
            let broken = summary.broken_budgets(args.max_error_rate, args.max_p99_ms);
            if broken.is_empty() {
                println!("within budget");
                ExitCode::SUCCESS
            } else {
                for reason in broken {
                    eprintln!("over budget: {reason}");
                }
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("loadtest: {error:?}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: &Args) -> Result<Summary> {
    if let Some(token) = &args.token {
        scenarios::authenticate_with(token);
    }
    // Our own flags, not Goose's: Goose's defaults are set from them, so its many options stay out of the way.
    let mut attack = GooseAttack::initialize_with_config(GooseConfiguration::default())?
        .register_scenario(scenarios::files_api()?)
        .register_scenario(scenarios::reads()?)
        .set_default(GooseDefault::Host, args.base_url().as_str())?
        .set_default(GooseDefault::Users, args.users)?
        .set_default(
            GooseDefault::IncreaseRate,
            args.increase_rate
                .clone()
                .unwrap_or_else(|| args.users.to_string())
                .as_str(),
        )?
        .set_default(GooseDefault::RunTime, args.run_time)?
        // Count every request, the users' start-up uploads included, and print only our summary.
        .set_default(GooseDefault::NoResetMetrics, true)?
        .set_default(GooseDefault::NoPrintMetrics, true)?
        // No control port: parallel runs in CI must not fight over it.
        .set_default(GooseDefault::NoTelnet, true)?;
    if let Some(report) = &args.report_file {
        attack = attack.set_default(GooseDefault::ReportFile, report.as_str())?;
    }
    let metrics = attack.execute().await?;
    Ok(Summary::from_metrics(&metrics))
}
