//! Every route of the service. Each handler lives beside its OpenAPI description (utoipa), and the
//! `OpenApiRouter` below registers both at once, so the spec cannot drift from the routes. Routes that need a
//! token are registered through `Access::require(scope, routes)`, which both guards them and writes the scope
//! into their OpenAPI operations; `/health`, `/openapi.json` and `/docs` stay public.

mod docs;
mod fallback;
mod health;
{%- if auth == "jwt" %}
mod me;
{%- endif %}
mod openapi;

use axum::Router;
{%- if auth == "jwt" %}
use serverless_axum_kit::Access;
{%- elsif example_api %}
use serverless_axum_kit::Public;
{%- endif %}
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use openapi::ApiDoc;

/// The routes, with their state, their OpenAPI spec at `/openapi.json` and its docs page at `/docs`.
pub fn router(state: AppState) -> Router {
    let (api_routes, mut spec) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
{%- if auth == "jwt" %}
        .merge(
            state
                .auth
                .authenticated(OpenApiRouter::new().routes(routes!(me::me))),
        )
{%- endif %}
{%- if example_api and auth == "jwt" %}
        .merge(crate::files::routes_with(state.files.clone(), &state.auth))
{%- elsif example_api %}
        .merge(crate::files::routes_with(state.files.clone(), &Public))
{%- endif %}
        .split_for_parts();
{%- if example_api %}
    crate::files::describe_links(&mut spec);
{%- endif %}
    serverless_axum_kit::complete_description(&mut spec);
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
