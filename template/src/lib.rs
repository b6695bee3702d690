//! The service as a library: `main.rs` and the tests build the same [`app::build_router`].
//!
//! What is the service's own: [`config`] (its settings), [`state`] (the ports handlers share), [`routes`] (the
//! handlers), [`app`] (routes inside the platform's middleware) and [`commands`] (what the binary does besides
//! serving). Everything every service shares — runtimes,
//! middleware, problem+json, request ids, telemetry, the platform's settings — is the `serverless_axum_kit`
//! dependency. Modules depend one way: `app` → `routes` → `state` → `config`{% if example_api %}, `files`{% endif %}; `commands` →
//! `config`.

pub mod app;
pub mod commands;
pub mod config;
{% if example_api %}pub mod files;
{% endif %}pub mod routes;
pub mod state;
