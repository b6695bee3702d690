//! The service as a library: `main.rs`, the Lambda runtime and the tests all build the same [`app::build_router`].
//!
//! Where a request flows: `runtime` (local server or Lambda) → `app` (middleware stack) → `routes` (handlers)
//! → `http::problem` (every error body).

pub mod app;
pub mod config;
{% if example_api %}pub mod files;
{% endif %}pub mod http;
pub mod routes;
pub mod runtime;
pub mod telemetry;
