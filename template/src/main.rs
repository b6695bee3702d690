//! One binary, three homes: on Lambda (when `AWS_LAMBDA_RUNTIME_API` is set) it serves the Runtime API;
//! anywhere else (a laptop, a container) it listens on `HOST:PORT`. The kit does both; this file wires it.
//! `<binary> help` lists the commands it also runs (see `commands.rs`).

use std::process::ExitCode;

use serverless_axum_kit::{init_telemetry, service_info, Settings};
use service::{app::build_router, commands, config::Config, state::AppState};

fn main() -> ExitCode {
    // The environment is read here, once: the platform's settings, then the service's own.
    let settings = match Settings::from_env(service_info!()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("invalid configuration: {error}");
            return ExitCode::FAILURE;
        }
    };
    let config = match Config::from_env(&settings) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("invalid configuration: {error}");
            return ExitCode::FAILURE;
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(exit) = commands::run(&args, &settings, &config) {
        return exit;
    }
    // The kit's runtime, not `#[tokio::main]`: its blocking pool is sized by the settings (BLOCKING_THREADS).
    let runtime = match serverless_axum_kit::runtime::tokio_runtime(&settings) {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("the async runtime could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let telemetry = init_telemetry(&settings);
        let router = build_router(AppState::new(settings.clone(), &config));
        serverless_axum_kit::serve(router, &settings, telemetry).await
    })
}
