//! Every route of the service. Each handler lives beside its OpenAPI description (utoipa), and the
//! `OpenApiRouter` below registers both at once, so the spec cannot drift from the routes.

mod docs;
mod fallback;
mod health;
mod openapi;

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use openapi::ApiDoc;

/// The routes, with their state, their OpenAPI spec at `/openapi.json` and its docs page at `/docs`.
pub fn router(state: AppState) -> Router {
    let (api_routes, spec) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
{%- if example_api %}
        .merge(crate::files::routes_with(state.files.clone()))
{%- endif %}
        .split_for_parts();
    api_routes
        .merge(openapi::router(spec))
        .merge(docs::router())
        .fallback(fallback::not_found)
        .with_state(state)
}

/// What a 413 for a request to `path` adds about sending large bodies another way (`None`: nothing).
pub fn large_body_hint(path: &str) -> Option<&'static str> {
{%- if example_api %}
    crate::files::large_body_hint(path)
{%- else %}
    let _ = path;
    None
{%- endif %}
}
