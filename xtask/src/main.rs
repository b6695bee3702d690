//! The template's harness. `cargo xtask demo` generates a service and runs it; `cargo xtask test` generates every
//! variant and runs each one's own checks, plus the platform's.

mod bench;
mod bench_all;
mod bench_auth;
mod bench_compare;
mod bench_telemetry;
mod demo;
mod dev_token;
mod generate;
mod image_check;
mod infra_review_probe;
mod lock;
#[cfg(test)]
mod modgraph;
mod openapi;
mod paths;
mod placeholders;
mod platform_bump;
mod probe_repo;
mod steps;
mod test;
mod tools;
mod upgrade_probe;
mod variants;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Generate, run and test services from the serverless-axum template")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a service from template/ (as `cargo generate --path . --silent` would).
    Generate {
        /// The service's name (kebab-case).
        #[arg(long, default_value = "orders-api")]
        name: String,
        /// Folder to create the service in (the service becomes <out>/<name>).
        #[arg(long)]
        out: PathBuf,
        /// Answers to the template's questions, as key=value.
        #[arg(long = "define", short = 'd')]
        defines: Vec<String>,
    },
    /// Generate a service into the cache folder and run it locally (Ctrl-C stops it).
    Demo {
        #[arg(long, default_value = "demo-api")]
        name: String,
    },
    /// Measure a generated service (start-up, size, memory, throughput) and write docs/benchmarks.md.
    Bench {
        /// Lambda-mode start-ups and first invocations.
        #[arg(long, default_value_t = 20)]
        startups: usize,
        /// Load runs per telemetry mode.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Length of each load run, in seconds.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Concurrent connections wrk keeps open.
        #[arg(long, default_value_t = 32)]
        connections: u32,
        /// Also time a cold generate → generated tests green (many minutes: a fresh target folder).
        #[arg(long)]
        with_cold_generate: bool,
    },
    /// Measure what telemetry costs (throughput, Lambda start-up) and write docs/benchmarks.md.
    BenchTelemetry {
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 100)]
        startups: usize,
        #[arg(long, default_value_t = 32)]
        connections: u32,
    },
    /// Measure what authentication costs (start-up, first response, throughput, CPU per request, the token
    /// check alone) against the same service without it, and write docs/benchmarks.md.
    BenchAuth {
        #[arg(long, default_value_t = 20)]
        startups: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 32)]
        connections: u32,
        #[arg(long, default_value_t = 5000)]
        verifications: u32,
    },
    /// Measure the default service built from the working tree against its binary from before a change (copy
    /// `files-bench` out of the bench target folder first), alternating the two; fails when a row loses more than
    /// 5 % of its requests/s. Writes docs/benchmarks.md.
    BenchCompare {
        /// The release binary from before the change.
        #[arg(long)]
        baseline: PathBuf,
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        #[arg(long, default_value_t = 8)]
        seconds: u64,
        #[arg(long, default_value_t = 32)]
        connections: u32,
    },
    /// Prove a platform fix reaches a service by bumping the kit only (a changed copy of the kit, a service
    /// generated against it, the service's test sees the change).
    PlatformBump,
    /// Refresh template/Cargo.lock (dependencies resolved for the template's rust-version).
    Lock,
    /// Refresh template/openapi.json (each combination of answers' description, as its server serves it).
    Openapi,
    /// Generate every variant and run its checks, then the platform's checks.
    Test {
        /// Only these variants (by name); all when none is given.
        #[arg(long = "variant")]
        variants: Vec<String>,
        /// Skip the platform (top-level infra/, workflows) checks.
        #[arg(long)]
        skip_platform: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Generate { name, out, defines } => {
            generate::service(&name, &out, &defines).map(|dir| println!("{}", dir.display()))
        }
        Command::Demo { name } => demo::run(&name),
        Command::Bench {
            startups,
            rounds,
            seconds,
            connections,
            with_cold_generate,
        } => bench_all::run(bench_all::Options {
            startups,
            rounds,
            seconds,
            connections,
            with_cold_generate,
        }),
        Command::BenchCompare {
            baseline,
            rounds,
            seconds,
            connections,
        } => bench_compare::run(bench_compare::Options {
            baseline,
            rounds,
            seconds,
            connections,
        }),
        Command::BenchTelemetry {
            rounds,
            seconds,
            startups,
            connections,
        } => bench_telemetry::run(bench_telemetry::Options {
            rounds,
            seconds,
            startups,
            connections,
        }),
        Command::BenchAuth {
            startups,
            rounds,
            seconds,
            connections,
            verifications,
        } => bench_auth::run(bench_auth::Options {
            startups,
            rounds,
            seconds,
            connections,
            verifications,
        }),
        Command::Openapi => openapi::run(),
        Command::Lock => lock::run(),
        Command::PlatformBump => platform_bump::run(),
        Command::Test {
            variants,
            skip_platform,
        } => test::run(&variants, skip_platform),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}
