//! RFC 9457 problem details: the one body every error response carries.

use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Base of every problem `type` URI; the slug after it names the problem type (docs/conventions.md).
pub const TYPE_BASE: &str = "https://problems.serverless-axum.dev/";

/// The kinds of problem this service reports. Each has a stable slug (the last segment of `type`) and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemType {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    RangeNotSatisfiable,
    UnprocessableContent,
    PreconditionRequired,
    TooManyRequests,
    Internal,
    ServiceUnavailable,
    Timeout,
    /// Any other status: reported with the status's own reason phrase.
    Other(StatusCode),
}

impl ProblemType {
    /// The problem type that goes with a status code.
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::BAD_REQUEST => Self::BadRequest,
            StatusCode::UNAUTHORIZED => Self::Unauthorized,
            StatusCode::FORBIDDEN => Self::Forbidden,
            StatusCode::NOT_FOUND => Self::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => Self::MethodNotAllowed,
            StatusCode::NOT_ACCEPTABLE => Self::NotAcceptable,
            StatusCode::CONFLICT => Self::Conflict,
            StatusCode::PRECONDITION_FAILED => Self::PreconditionFailed,
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType,
            StatusCode::RANGE_NOT_SATISFIABLE => Self::RangeNotSatisfiable,
            StatusCode::UNPROCESSABLE_ENTITY => Self::UnprocessableContent,
            StatusCode::PRECONDITION_REQUIRED => Self::PreconditionRequired,
            StatusCode::TOO_MANY_REQUESTS => Self::TooManyRequests,
            StatusCode::INTERNAL_SERVER_ERROR => Self::Internal,
            StatusCode::SERVICE_UNAVAILABLE => Self::ServiceUnavailable,
            StatusCode::GATEWAY_TIMEOUT | StatusCode::REQUEST_TIMEOUT => Self::Timeout,
            other => Self::Other(other),
        }
    }

    /// The HTTP status this problem is answered with.
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::Conflict => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RangeNotSatisfiable => StatusCode::RANGE_NOT_SATISFIABLE,
            Self::UnprocessableContent => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Timeout => StatusCode::GATEWAY_TIMEOUT,
            Self::Other(status) => status,
        }
    }

    /// The stable, kebab-case name of the problem type: the last segment of its `type` URI, and the `problem`
    /// value in logs and metrics.
    pub fn slug(self) -> &'static str {
        match self {
            Self::BadRequest => "bad-request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::NotAcceptable => "not-acceptable",
            Self::Conflict => "conflict",
            Self::PreconditionFailed => "precondition-failed",
            Self::PayloadTooLarge => "payload-too-large",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::RangeNotSatisfiable => "range-not-satisfiable",
            Self::UnprocessableContent => "unprocessable-content",
            Self::PreconditionRequired => "precondition-required",
            Self::TooManyRequests => "too-many-requests",
            Self::Internal => "internal",
            Self::ServiceUnavailable => "service-unavailable",
            Self::Timeout => "timeout",
            Self::Other(status) if status.is_client_error() => "client-error",
            Self::Other(_) => "server-error",
        }
    }

    /// A short, human-readable summary that does not change from occurrence to occurrence.
    pub fn title(self) -> &'static str {
        self.status().canonical_reason().unwrap_or("Error")
    }
}

/// An RFC 9457 problem details object.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
#[schema(example = json!({
    "type": "https://problems.serverless-axum.dev/not-found",
    "title": "Not Found",
    "status": 404,
    "detail": "No route for GET /nope",
    "instance": "/nope",
    "request_id": "4f8d1c2e-8a8e-4a8c-9d55-3b7e3c1a2b10"
}))]
pub struct Problem {
    /// URI naming the problem type.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, for a human. Never holds internal details of server faults.
    pub detail: String,
    /// The request path that failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The request id (also in the `x-request-id` header and in every log line of the request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl Problem {
    /// A problem of `kind` with a detail for the client.
    pub fn new(kind: ProblemType, detail: impl Into<String>) -> Self {
        Self {
            type_uri: format!("{TYPE_BASE}{}", kind.slug()),
            title: kind.title().to_owned(),
            status: kind.status().as_u16(),
            detail: detail.into(),
            instance: None,
            request_id: None,
        }
    }

    /// The slug of this problem's type.
    pub fn slug(&self) -> &str {
        self.type_uri.strip_prefix(TYPE_BASE).unwrap_or("unknown")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_problem_type() {
        for code in 400..600 {
            let Ok(status) = StatusCode::from_u16(code) else {
                continue;
            };
            let kind = ProblemType::from_status(status);
            if status != StatusCode::REQUEST_TIMEOUT {
                assert_eq!(kind.status(), status);
            }
            assert!(!kind.slug().is_empty());
        }
    }

    #[test]
    fn serializes_the_rfc_9457_members() {
        let problem = Problem::new(ProblemType::NotFound, "nothing here");
        let json = serde_json::to_value(&problem).expect("serializes");
        assert_eq!(
            json["type"],
            "https://problems.serverless-axum.dev/not-found"
        );
        assert_eq!(json["title"], "Not Found");
        assert_eq!(json["status"], 404);
        assert_eq!(json["detail"], "nothing here");
        assert_eq!(problem.slug(), "not-found");
    }
}
