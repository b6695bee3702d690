//! The typed client of this service: a method per operation of `../openapi.json` (the description the service's
//! own tests hold byte for byte to what its server serves), generated at build time by progenitor through the
//! platform's `serverless-axum-client-gen`. Nothing here is edited by hand: change the API, run
//! `UPDATE_OPENAPI=1 cargo nextest run --test api checked_in`, and this crate follows; code that calls an
//! operation or field the change removed stops compiling (the smoke tests are its first users).
//!
//! ```no_run
//! # async fn example() -> Result<(), service_client::Error<service_client::types::Problem>> {
//! let client = service_client::Client::new("http://127.0.0.1:3000");
//! let health = client.health().await?;
//! assert_eq!(health.status, "ok");
//! # Ok(())
//! # }
//! ```

// The generated code is progenitor's: its style is not this repository's to lint.
#![allow(clippy::all, clippy::pedantic, clippy::unwrap_used, missing_docs)]

/// The reqwest the client is built on: make a `reqwest::Client` with it to pass to `Client::new_with_client`
/// (default headers such as `Authorization`, timeouts).
pub use reqwest;

include!(concat!(env!("OUT_DIR"), "/client.rs"));
