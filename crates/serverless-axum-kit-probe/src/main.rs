//! `kit-probe`: the smallest service, wired exactly as a generated service's `main.rs` wires the kit (settings
//! once, telemetry, `layers`, `serve`), so the platform's behaviour as a running binary — log lines, EMF records,
//! exported spans, the Lambda Runtime API — is tested once, in this workspace (`tests/`), not in every service.
//!
//! Its routes mirror a generated service's meta routes: `GET /health`, `GET /openapi.json` and a problem+json 404
//! for every other path; plus `GET /fault`, a server fault (500) for the tests of how failures are traced, and
//! `GET /slow/{ms}`, a request that takes that long (at most a minute), for the tests of the drain on SIGTERM.
//! `kit-probe healthcheck` is a generated service's `healthcheck` command.

use std::process::ExitCode;

use axum::{extract::State, routing::get, Json, Router};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use serverless_axum_kit::{init_telemetry, layers, service_info, ApiError, ServiceInfo, Settings};

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::from_env(service_info!()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("invalid configuration: {error}");
            return ExitCode::FAILURE;
        }
    };
    if std::env::args().nth(1).as_deref() == Some("healthcheck") {
        return serverless_axum_kit::runtime::healthcheck::healthcheck(&settings);
    }
    let telemetry = init_telemetry(&settings);
    let router = layers(&settings).apply(routes(service_info!()));
    serverless_axum_kit::serve(router, &settings, telemetry).await
}

/// The probe's routes, as a generated service's `routes::router` lays them out.
fn routes(info: ServiceInfo) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/fault", get(fault))
        .route("/slow/{ms}", get(slow))
        .fallback(not_found)
        .with_state(info)
}

/// The service is up.
#[derive(Debug, Serialize, ToSchema)]
struct Health {
    status: &'static str,
    service: &'static str,
    version: &'static str,
}

/// Liveness check.
#[utoipa::path(get, path = "/health", responses((status = 200, body = Health)))]
async fn health(State(info): State<ServiceInfo>) -> Json<Health> {
    Json(Health {
        status: "ok",
        service: info.name,
        version: info.version,
    })
}

#[derive(OpenApi)]
#[openapi(paths(health), components(schemas(Health)))]
struct ApiDoc;

/// The OpenAPI description, served as JSON.
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// A server fault: a 500 problem whose cause is logged.
async fn fault() -> ApiError {
    ApiError::internal("the probe's fault route always fails")
}

/// Answers after `ms` milliseconds (at most a minute).
async fn slow(axum::extract::Path(ms): axum::extract::Path<u64>) -> &'static str {
    tokio::time::sleep(std::time::Duration::from_millis(ms.min(60_000))).await;
    "done"
}

/// A problem+json 404 for a path no route serves.
async fn not_found(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("No route serves {method} {}.", uri.path()))
}
