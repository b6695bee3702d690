//! Request parts the Files API checks before any store sees them: the path, the body, the content type.

use axum::{
    body::Body,
    extract::{FromRequestParts, Path},
    http::{header, request::Parts, HeaderMap},
};
use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use serverless_axum_kit::{ApiError, ProblemType};

use crate::files::path::FilePath;

/// Characters escaped in each path segment of a URL this API hands out: all but RFC 3986's unreserved ones.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Longest `Content-Type` kept with a file.
pub const MAX_CONTENT_TYPE_BYTES: usize = 255;

/// [`checked_content_type`]'s rule but the length, as the OpenAPI description's regular expression.
pub const CONTENT_TYPE_PATTERN: &str = "^[ -~]*[!-~][ -~]*$";

/// The `{path}` of a files route: percent-decoded exactly once (by axum's `Path`, never again), then checked
/// against every [`FilePath`] rule. A broken rule is a 400 naming it.
#[derive(Debug)]
pub struct StoredPath(pub FilePath);

impl<S: Send + Sync> FromRequestParts<S> for StoredPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| {
                ApiError::bad_request(format!(
                    "The file path is not valid: {}",
                    rejection.body_text()
                ))
            })?;
        FilePath::parse(raw)
            .map(Self)
            .map_err(|rule| ApiError::bad_request(format!("The file path is not valid: {rule}.")))
    }
}

/// What a 413 for a files request tells the client (also used by the middleware's own 413).
pub const LARGE_BODY_HINT: &str =
    "Upload larger files with POST /v1/uploads, which answers with a URL to send them to directly.";

/// The whole body, refused with 413 (naming the upload endpoint) beyond `limit` bytes.
pub async fn inline_body(body: Body, headers: &HeaderMap, limit: usize) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large(limit));
    }
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        if is_length_limit(&error) {
            too_large(limit)
        } else {
            ApiError::bad_request(format!("The request body could not be read: {error}."))
        }
    })
}

fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = current.source();
    }
    false
}

pub fn too_large(limit: usize) -> ApiError {
    ApiError::client(
        ProblemType::PayloadTooLarge,
        format!("The request body is larger than the {limit} bytes this API accepts inline. {LARGE_BODY_HINT}"),
    )
}

/// The request's `Content-Type`, kept with the file (default `application/octet-stream`).
pub fn content_type(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok("application/octet-stream".to_owned());
    };
    checked_content_type(value.to_str().unwrap_or("\u{0}"))
}

/// A content type a client named: visible ASCII and spaces, at most 255 bytes.
pub fn checked_content_type(value: &str) -> Result<String, ApiError> {
    let fine = !value.trim().is_empty()
        && value.len() <= MAX_CONTENT_TYPE_BYTES
        && value.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
    if fine {
        Ok(value.trim().to_owned())
    } else {
        Err(ApiError::bad_request(format!(
            "The content type must be 1 to {MAX_CONTENT_TYPE_BYTES} visible ASCII characters."
        )))
    }
}

/// This service's own URL for a file: absolute when the request named its host, relative otherwise.
pub fn own_url(headers: &HeaderMap, path: &FilePath) -> String {
    let encoded: Vec<String> = path
        .segments()
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect();
    let relative = format!("/v1/files/{}", encoded.join("/"));
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        });
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    match host {
        Some(host) => format!("{scheme}://{host}{relative}"),
        None => relative,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn own_urls_encode_each_segment() {
        let path = FilePath::parse("a b/ü%/x?y").expect("valid");
        let mut headers = HeaderMap::new();
        assert_eq!(own_url(&headers, &path), "/v1/files/a%20b/%C3%BC%25/x%3Fy");
        headers.insert(header::HOST, HeaderValue::from_static("localhost:3000"));
        assert_eq!(
            own_url(&headers, &path),
            "http://localhost:3000/v1/files/a%20b/%C3%BC%25/x%3Fy"
        );
    }

    #[test]
    fn the_described_content_type_pattern_matches_the_check() {
        let pattern = regex::Regex::new(CONTENT_TYPE_PATTERN).expect("compiles");
        for text in [
            "",
            " ",
            "a",
            " a ",
            "text/plain; charset=utf-8",
            "a\u{7f}",
            "a\tb",
            "é",
            "\u{1}",
        ] {
            assert_eq!(
                pattern.is_match(text),
                checked_content_type(text).is_ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn content_types_are_checked() {
        assert_eq!(
            checked_content_type("image/png").expect("fine"),
            "image/png"
        );
        assert!(checked_content_type("").is_err());
        assert!(checked_content_type("a\u{7f}").is_err());
    }
}
