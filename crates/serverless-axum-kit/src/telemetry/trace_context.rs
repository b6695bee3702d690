//! The trace a request belongs to, taken from (in this order) the Lambda invocation's X-Ray trace header, the
//! `X-Amzn-Trace-Id` request header, or a W3C `traceparent` header; a new X-Ray-style trace id otherwise.
//! Logs write trace ids in X-Ray form (`1-<8 hex epoch seconds>-<24 hex>`), so CloudWatch Logs and X-Ray
//! correlate.

use axum::http::{HeaderMap, Request};
use lambda_http::RequestExt;
use opentelemetry::{
    propagation::{Extractor, TextMapPropagator},
    trace::{SpanContext, TraceContextExt, TraceId},
};
use opentelemetry_aws::trace::{xray_propagator::span_context_from_str, XrayIdGenerator};
use opentelemetry_sdk::{propagation::TraceContextPropagator, trace::IdGenerator};

/// API Gateway's, ALB's and X-Ray's trace header.
pub const XRAY_HEADER: &str = "x-amzn-trace-id";
/// The W3C Trace Context header.
pub const TRACEPARENT_HEADER: &str = "traceparent";

/// Where a request's trace came from: a caller's (or Lambda's) context, or nowhere.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// The caller's span context; its span id is invalid when the caller sent only a trace id (`Root=` alone).
    pub remote: Option<SpanContext>,
}

impl Incoming {
    /// The trace context of `request`.
    pub fn of<B>(request: &Request<B>) -> Self {
        let from_lambda = request
            .lambda_context_ref()
            .and_then(|context| context.xray_trace_id.as_deref())
            .and_then(from_xray_header);
        let remote = from_lambda.or_else(|| from_headers(request.headers()));
        Self { remote }
    }

    /// The caller's trace id, when there is a valid one.
    pub fn trace_id(&self) -> Option<TraceId> {
        self.remote
            .as_ref()
            .map(SpanContext::trace_id)
            .filter(|id| *id != TraceId::INVALID)
    }

    /// The caller's context when it can be a span's parent (trace id and span id both valid).
    pub fn parent(&self) -> Option<&SpanContext> {
        self.remote.as_ref().filter(|context| context.is_valid())
    }
}

/// The trace context in `X-Amzn-Trace-Id`, else in `traceparent`.
pub fn from_headers(headers: &HeaderMap) -> Option<SpanContext> {
    let xray = headers
        .get(XRAY_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(from_xray_header);
    xray.or_else(|| {
        headers.get(TRACEPARENT_HEADER)?;
        let context = TraceContextPropagator::new().extract(&Headers(headers));
        let span = context.span().span_context().clone();
        (span.trace_id() != TraceId::INVALID).then_some(span)
    })
}

/// Parses an X-Ray trace header (`Root=1-…-…;Parent=…;Sampled=…`); `None` without a valid `Root`.
pub fn from_xray_header(value: &str) -> Option<SpanContext> {
    span_context_from_str(value).filter(|context| context.trace_id() != TraceId::INVALID)
}

/// A new trace id whose first 32 bits are the current time, as X-Ray requires.
pub fn new_trace_id() -> TraceId {
    XrayIdGenerator::default().new_trace_id()
}

/// `trace_id` in X-Ray form: `1-` + the first 8 hex digits (epoch seconds) + `-` + the other 24.
pub fn xray_form(trace_id: TraceId) -> String {
    let hex = format!("{trace_id:032x}");
    format!("1-{}-{}", &hex[..8], &hex[8..])
}

/// Reads a `HeaderMap` for OpenTelemetry's propagators.
struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|name| name.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    const XRAY: &str = "Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn an_xray_header_gives_trace_and_parent() {
        let context = from_headers(&headers(&[(XRAY_HEADER, XRAY)])).expect("a context");
        assert_eq!(
            xray_form(context.trace_id()),
            "1-65a1b2c3-0123456789abcdef01234567"
        );
        assert_eq!(format!("{:016x}", context.span_id()), "53995c3f42cd8ad8");
        assert!(context.is_sampled());
    }

    #[test]
    fn a_traceparent_is_read_when_there_is_no_xray_header() {
        let context = from_headers(&headers(&[(
            TRACEPARENT_HEADER,
            "00-65a1b2c30123456789abcdef01234567-53995c3f42cd8ad8-01",
        )]))
        .expect("a context");
        assert_eq!(
            xray_form(context.trace_id()),
            "1-65a1b2c3-0123456789abcdef01234567"
        );
        let both = from_headers(&headers(&[
            (XRAY_HEADER, XRAY),
            (
                TRACEPARENT_HEADER,
                "00-11111111111111111111111111111111-2222222222222222-01",
            ),
        ]))
        .expect("a context");
        assert_eq!(both.trace_id(), context.trace_id(), "X-Ray wins");
    }

    #[test]
    fn garbage_gives_no_context() {
        for value in ["", "Root=nonsense", "Parent=53995c3f42cd8ad8", "1-2-3"] {
            let map = headers(&[(XRAY_HEADER, Box::leak(value.to_owned().into_boxed_str()))]);
            assert_eq!(from_headers(&map), None, "{value:?}");
        }
        let bad_parent = headers(&[(TRACEPARENT_HEADER, "00-zz-yy-01")]);
        assert_eq!(from_headers(&bad_parent), None);
    }

    #[test]
    fn a_root_alone_gives_a_trace_id_but_no_parent() {
        let incoming = Incoming {
            remote: from_xray_header("Root=1-65a1b2c3-0123456789abcdef01234567"),
        };
        assert!(incoming.trace_id().is_some());
        assert!(incoming.parent().is_none());
    }

    #[test]
    fn new_trace_ids_are_in_xray_form_and_start_with_the_time() {
        let id = xray_form(new_trace_id());
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(parts.len(), 3, "{id}");
        assert_eq!((parts[0], parts[1].len(), parts[2].len()), ("1", 8, 24));
        let seconds = u64::from_str_radix(parts[1], 16).expect("hex seconds");
        assert!(seconds > 1_700_000_000, "{id}");
    }
}
