//! The serverless-axum kit: what every service generated from the serverless-axum template shares, as one
//! versioned library instead of copied code.
//!
//! - [`Settings`]: the platform's settings, read once from the environment in the service's `main`.
//! - [`init_telemetry`]: JSON logs with request and trace ids, CloudWatch EMF metrics, OpenTelemetry traces
//!   ([`telemetry`]).
//! - [`layers`]: the middleware stack (request id, access log, problem+json, timeout, panic catching, body limit).
//! - [`ApiError`], [`Problem`]: RFC 9457 error bodies, written in one place.
//! - [`access`]: who may call a group of routes; with the `auth` feature, `auth` checks bearer tokens (JWTs).
//! - [`serve`]: runs a `Router` on Lambda (Runtime API, stage stripping) or as a local server with graceful
//!   shutdown ([`runtime`]).
//!
//! A service's `main`:
//!
//! ```no_run
//! use axum::{routing::get, Router};
//! use serverless_axum_kit::{init_telemetry, layers, service_info, Settings};
//!
//! fn main() -> std::process::ExitCode {
//!     let settings = match Settings::from_env(service_info!()) {
//!         Ok(settings) => settings,
//!         Err(error) => {
//!             eprintln!("invalid configuration: {error}");
//!             return std::process::ExitCode::FAILURE;
//!         }
//!     };
//!     let Ok(runtime) = serverless_axum_kit::runtime::tokio_runtime(&settings) else {
//!         return std::process::ExitCode::FAILURE;
//!     };
//!     runtime.block_on(async {
//!         let telemetry = init_telemetry(&settings);
//!         let router = layers(&settings).apply(Router::new().route("/", get(|| async { "hi" })));
//!         serverless_axum_kit::serve(router, &settings, telemetry).await
//!     })
//! }
//! ```
//!
//! Modules depend one way (the harness checks it): `service` ← `telemetry` ← `settings`; `problem` ← `error`;
//! `problem`, `request_id` ← `telemetry` ← `middleware`; `settings`, `telemetry` ← `runtime` ← this file.

pub mod access;
#[cfg(feature = "auth")]
pub mod auth;
mod description;
mod error;
mod middleware;
pub mod problem;
pub mod request_id;
pub mod runtime;
mod service;
mod settings;
pub mod telemetry;

use std::process::ExitCode;

use axum::Router;

pub use access::{Access, Public};
pub use description::complete_description;
pub use error::ApiError;
pub use middleware::{layers, LargeBodyHint, Layers};
pub use problem::{Problem, ProblemType};
pub use service::ServiceInfo;
pub use settings::{ConfigError, Settings};
pub use telemetry::Telemetry;

/// Installs logging, metrics and (with an OTLP endpoint) tracing for this process, as `settings.telemetry`
/// says. Call it once, first thing in `main`; a second call keeps what the first installed.
pub fn init_telemetry(settings: &Settings) -> Telemetry {
    telemetry::init(&settings.telemetry)
}

/// Serves `router` until the process is told to stop, then flushes `telemetry`: through the Lambda Runtime API
/// when `settings.lambda`, else on `settings.host:settings.port` until SIGINT/SIGTERM (in-flight requests
/// finish). Logs why it stopped; the exit code says whether it failed.
pub async fn serve(router: Router, settings: &Settings, telemetry: Telemetry) -> ExitCode {
    let outcome = if settings.lambda {
        runtime::lambda::run(router, telemetry.clone())
            .await
            .map_err(|e| e.to_string())
    } else {
        serve_locally(settings, router, &telemetry)
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
    router: Router,
    telemetry: &Telemetry,
) -> std::io::Result<()> {
    let server = runtime::server::Server::bind(settings, router).await?;
    let address = server.local_addr()?;
    tracing::info!(url = %format!("http://{address}"), docs = %format!("http://{address}/docs"), "listening");
    let flusher = telemetry.spawn_periodic_flush();
    let served = server
        .run_until_drained(
            runtime::server::shutdown_signal(),
            settings.shutdown_timeout,
        )
        .await;
    if let Some(flusher) = flusher {
        flusher.abort();
    }
    served
}
