//! `GET /docs`: an API reference page for `/openapi.json`.
//!
//! The page loads the spec from the *relative* URL `openapi.json`, so it works at `/docs` locally and at
//! `/<stage>/docs` behind API Gateway alike. The viewer (Scalar) is loaded by the reader's browser from its CDN.

use axum::{response::Html, routing::get, Router};

use crate::state::AppState;

const PAGE: &str = include_str!("docs.html");

pub fn router() -> Router<AppState> {
    Router::new().route("/docs", get(|| async { Html(PAGE) }))
}
