//! Answers requests for paths no route serves.

use axum::http::{Method, Uri};

use serverless_axum_kit::ApiError;

pub async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("No route serves {method} {}.", uri.path()))
}
