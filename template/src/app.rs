//! Puts the service together: state, routes and middleware. Every entry point (local server, Lambda, tests)
//! calls [`build_router`].

use std::sync::Arc;

use axum::Router;

use crate::{config::Settings, http::middleware, routes};

/// What handlers share: built once at start-up, cloned (cheaply) into each request.
#[derive(Debug, Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn new(settings: Settings) -> Self {
        Self {
            settings: Arc::new(settings),
        }
    }
}

/// The whole service as one axum `Router`, middleware included.
pub fn build_router(state: AppState) -> Router {
    let settings = Arc::clone(&state.settings);
    middleware::apply(routes::router(state), &settings)
}
