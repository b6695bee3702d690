//! One binary, three homes: on Lambda (when `AWS_LAMBDA_RUNTIME_API` is set) it serves the Runtime API;
//! anywhere else (a laptop, a container) it listens on `HOST:PORT`.

use std::process::ExitCode;

use service::{
    app::{build_router, AppState},
    config::Settings,
    runtime::{self, server::Server},
    telemetry::{self, Telemetry, TelemetryConfig},
};

#[tokio::main]
async fn main() -> ExitCode {
    let telemetry = telemetry::init(&TelemetryConfig::from_env());
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            tracing::error!(%error, "invalid configuration");
            return ExitCode::FAILURE;
        }
    };
    let router = build_router(AppState::new(settings.clone()));

    let outcome = if runtime::is_lambda() {
        runtime::lambda::run(router, telemetry.clone())
            .await
            .map_err(|e| e.to_string())
    } else {
        serve_locally(&settings, router, &telemetry)
            .await
            .map_err(|e| e.to_string())
    };
    telemetry.shutdown().await;
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "service stopped with an error");
            ExitCode::FAILURE
        }
    }
}

async fn serve_locally(
    settings: &Settings,
    router: axum::Router,
    telemetry: &Telemetry,
) -> std::io::Result<()> {
    let server = Server::bind(settings, router).await?;
    let address = server.local_addr()?;
    tracing::info!(url = %format!("http://{address}"), docs = %format!("http://{address}/docs"), "listening");
    let flusher = telemetry.spawn_periodic_flush();
    let served = server.run_until(runtime::server::shutdown_signal()).await;
    if let Some(flusher) = flusher {
        flusher.abort();
    }
    served
}
