//! Why a request was refused: 401 (no usable token) or 403 (a scope is missing), each with RFC 6750's
//! `WWW-Authenticate: Bearer` and an RFC 9457 problem body; 503 only when the issuer's keys cannot be had. The
//! details name what is wrong with the token, never the token itself.

use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

use crate::{ApiError, ProblemType};

/// How long a client should wait before retrying when the issuer's keys could not be fetched.
const RETRY_AFTER_SECS: u32 = 5;

/// A refused token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("This operation needs a bearer token: send `Authorization: Bearer <token>`.")]
    Missing,
    #[error("The bearer token is not a well-formed JWT ({0}).")]
    Malformed(String),
    #[error("The token's signing algorithm {0} is not accepted (asymmetric algorithms only).")]
    AlgorithmNotAccepted(String),
    #[error("The token is signed by a key this service does not know.")]
    UnknownKey,
    #[error("The token's signature does not verify.")]
    BadSignature,
    #[error("The token has expired.")]
    Expired,
    #[error("The token is not valid yet (nbf is in the future).")]
    NotYetValid,
    #[error("The token was issued by another issuer.")]
    WrongIssuer,
    #[error("The token is meant for another audience.")]
    WrongAudience,
    #[error("This operation needs the scope {0}, which the token does not grant.")]
    MissingScope(&'static str),
    #[error("The identity provider's keys could not be fetched: {0}")]
    IssuerUnavailable(String),
}

impl AuthError {
    /// The `WWW-Authenticate` challenge of RFC 6750 §3 for this refusal.
    fn challenge(&self) -> String {
        match self {
            Self::Missing => "Bearer".to_owned(),
            Self::MissingScope(scope) => {
                format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\"")
            }
            Self::IssuerUnavailable(_) => String::new(),
            other => format!(
                "Bearer error=\"invalid_token\", error_description=\"{}\"",
                other.to_string().replace('"', "'")
            ),
        }
    }
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let challenge = self.challenge();
        let error = match &self {
            Self::IssuerUnavailable(_) => ApiError::Unavailable {
                retry_after_secs: RETRY_AFTER_SECS,
                cause: Box::new(self.clone()),
            },
            Self::MissingScope(_) => ApiError::client(ProblemType::Forbidden, self.to_string()),
            _ => ApiError::client(ProblemType::Unauthorized, self.to_string()),
        };
        let mut response = error.into_response();
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            if !challenge.is_empty() {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, value);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;

    #[test]
    fn refusals_answer_401_403_or_503_with_their_challenge() {
        let cases = [
            (AuthError::Missing, StatusCode::UNAUTHORIZED, Some("Bearer")),
            (
                AuthError::Expired,
                StatusCode::UNAUTHORIZED,
                Some(
                    "Bearer error=\"invalid_token\", error_description=\"The token has expired.\"",
                ),
            ),
            (
                AuthError::MissingScope("files:write"),
                StatusCode::FORBIDDEN,
                Some("Bearer error=\"insufficient_scope\", scope=\"files:write\""),
            ),
            (
                AuthError::IssuerUnavailable("down".into()),
                StatusCode::SERVICE_UNAVAILABLE,
                None,
            ),
        ];
        for (error, status, challenge) in cases {
            let response = error.into_response();
            assert_eq!(response.status(), status);
            let header = response
                .headers()
                .get(header::WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok());
            assert_eq!(header, challenge);
        }
    }
}
