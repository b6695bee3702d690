//! `ApiError`: what handlers return when they cannot answer. It carries a [`Problem`] on the response;
//! the middleware of [`crate::layers`] adds the request id and writes the body, in one place.

use axum::{
    http::{HeaderName, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

use crate::problem::{Problem, ProblemType};

/// An error a handler answers with. Client mistakes carry a detail for the client; server faults carry their
/// cause for the logs only.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The client's request is wrong: the detail tells them how.
    #[error("{detail}")]
    Client { kind: ProblemType, detail: String },
    /// A dependency is unavailable; the client may retry after the given number of seconds.
    #[error("service unavailable: {cause}")]
    Unavailable {
        retry_after_secs: u32,
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Anything else: a bug or an unexpected fault. Logged with its cause, answered with a generic 500.
    #[error("internal error: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// A client error of the given kind (a 4xx) with a detail that tells the client what to fix.
    pub fn client(kind: ProblemType, detail: impl Into<String>) -> Self {
        Self::Client {
            kind,
            detail: detail.into(),
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::client(ProblemType::BadRequest, detail)
    }

    /// 404 Not Found.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::client(ProblemType::NotFound, detail)
    }

    /// 500, logging `cause`.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(cause.into())
    }

    fn problem(&self) -> Problem {
        match self {
            Self::Client { kind, detail } => Problem::new(*kind, detail.clone()),
            Self::Unavailable { .. } => Problem::new(
                ProblemType::ServiceUnavailable,
                "A service this API depends on is unavailable; retry after the time in Retry-After.",
            ),
            Self::Internal(_) => Problem::new(
                ProblemType::Internal,
                "The server failed to answer this request; the request id identifies it in our logs.",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            Self::Client { .. } => tracing::info!(error = %self, "request refused"),
            Self::Unavailable { .. } | Self::Internal(_) => {
                tracing::error!(error = %self, "request failed")
            }
        }
        let problem = self.problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = status.into_response();
        if let Self::Unavailable {
            retry_after_secs, ..
        } = self
        {
            response.headers_mut().insert(
                HeaderName::from_static("retry-after"),
                HeaderValue::from(retry_after_secs),
            );
        }
        response.extensions_mut().insert(problem);
        response
    }
}
