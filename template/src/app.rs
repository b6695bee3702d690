//! Puts the service together: its routes inside the platform's middleware. Every entry point (local server,
//! Lambda, tests) calls [`build_router`]; it reads no environment (that happened in `main`).

use axum::Router;

use crate::{routes, state::AppState};

/// The whole service as one axum `Router`, middleware included.
pub fn build_router(state: AppState) -> Router {
    let layers =
        serverless_axum_kit::layers(&state.settings).large_body_hint(routes::large_body_hint);
    layers.apply(routes::router(state))
}
