//! The request id: the caller's `x-request-id` when it is sane, else API Gateway's request id, else a new UUID.
//! tower-http's `SetRequestIdLayer` stores it on the request and `PropagateRequestIdLayer` echoes it.

use axum::http::{HeaderName, HeaderValue, Request};
use lambda_http::{request::RequestContext, RequestExt};
use tower_http::request_id::{MakeRequestId, RequestId};

/// The one request-id header (docs/conventions.md).
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Longest request id taken from a caller.
const MAX_LEN: usize = 128;

/// Whether a caller-supplied request id is safe to log and echo: 1 to 128 characters of `A-Z a-z 0-9 - _ . : @ / + =`
/// (UUIDs, ULIDs, X-Ray-style and base64 ids such as HTTP API's all qualify).
pub fn is_sane(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:@/+=".contains(b))
}

/// Drops a caller's request id that is not [`is_sane`], so that a fresh one is made.
pub fn drop_insane_request_id<B>(mut request: Request<B>) -> Request<B> {
    if let Some(value) = request.headers().get(&REQUEST_ID_HEADER) {
        if !is_sane(value) {
            request.headers_mut().remove(&REQUEST_ID_HEADER);
        }
    }
    request
}

/// Makes the request id of a request that came without one.
#[derive(Debug, Clone, Copy, Default)]
pub struct MakeServiceRequestId;

impl MakeRequestId for MakeServiceRequestId {
    fn make_request_id<B>(&mut self, request: &Request<B>) -> Option<RequestId> {
        let from_gateway = match request.request_context_ref() {
            Some(RequestContext::ApiGatewayV1(context)) => context.request_id.clone(),
            Some(RequestContext::ApiGatewayV2(context)) => context.request_id.clone(),
            _ => None,
        };
        let id = from_gateway
            .and_then(|id| HeaderValue::from_str(&id).ok())
            .filter(is_sane)
            .unwrap_or_else(|| {
                HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
                    .unwrap_or(HeaderValue::from_static("unknown"))
            });
        Some(RequestId::new(id))
    }
}

/// The request id of a request that went through `SetRequestIdLayer`.
pub fn of<B>(request: &Request<B>) -> Option<String> {
    request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sane_ids_are_kept_and_others_refused() {
        for ok in [
            "abc",
            "4f8d1c2e-8a8e-4a8c-9d55-3b7e3c1a2b10",
            "1-5759e988-bd862e3fe1be46a994272793",
        ] {
            assert!(is_sane(&HeaderValue::from_static(ok)), "{ok}");
        }
        let too_long = "a".repeat(MAX_LEN + 1);
        for bad in ["", "has space", "semi;colon", "<script>", too_long.as_str()] {
            let value = HeaderValue::from_str(bad).expect("a header value");
            assert!(!is_sane(&value), "{bad:?}");
        }
    }
}
