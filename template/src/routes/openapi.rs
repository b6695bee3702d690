//! `GET /openapi.json`: the OpenAPI 3.1 description of this service, generated from the code by utoipa.

use std::sync::{Arc, OnceLock};

use axum::{
    http::{header, HeaderValue},
    response::IntoResponse,
    routing::get,
    Router,
};
use utoipa::OpenApi;

use serverless_axum_kit::Problem;

use crate::state::AppState;

/// The parts of the spec that are not a route: shared schemas and tags. Routes add themselves in `routes::router`.
#[derive(OpenApi)]
#[openapi(
    components(schemas(Problem)),
    tags((name = "meta", description = "Health and API description"))
)]
pub struct ApiDoc;

pub fn router(spec: utoipa::openapi::OpenApi) -> Router<AppState> {
    // Serialised on the first request, not at start-up: Lambda's init phase stays short.
    let rendered: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let spec = Arc::new(spec);
    Router::new().route(
        "/openapi.json",
        get(move || async move {
            let body = rendered
                .get_or_init(|| spec.to_pretty_json().unwrap_or_default())
                .clone();
            (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                body,
            )
                .into_response()
        }),
    )
}
