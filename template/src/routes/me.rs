//! `GET /v1/me`: who the caller is, as the token says. Any valid token may call it: the smallest route behind
//! authentication, and the one to copy when adding the service's own.

use axum::Json;
use serde::Serialize;
use serverless_axum_kit::{auth::Claims, Problem};
use utoipa::ToSchema;

/// The caller of a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct Caller {
    /// The token's subject (`sub`): a user, or the app client of a machine-to-machine token.
    pub subject: String,
    /// The app client the token was issued to, when it names one.
    pub client_id: Option<String>,
    /// The scopes the token grants, without the issuer's prefix.
    pub scopes: Vec<String>,
}

/// Who is calling.
#[utoipa::path(
    get,
    path = "/v1/me",
    tag = "meta",
    responses(
        (status = 200, description = "The caller, as its token says", body = Caller),
        (status = 401, description = "No token, or a bad one", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn me(claims: Claims) -> Json<Caller> {
    Json(Caller {
        subject: claims.subject,
        client_id: claims.client_id,
        scopes: claims.scopes,
    })
}
