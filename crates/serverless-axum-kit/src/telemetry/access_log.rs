//! The request span and the access log: every log line of a request carries its `request_id` and `trace_id`
//! (fields of the span), and when the response is ready one `request finished` line, the request's metrics and
//! (with export on) its span record what happened. Nothing a caller sends is logged beyond the method, the
//! route template (never the raw path or query) and the user agent: no bodies, no headers, no cookies.

use std::time::Instant;

use axum::{
    body::HttpBody,
    extract::{MatchedPath, Request},
    http::{header, HeaderMap, StatusCode},
    middleware::Next,
    response::Response,
};
use lambda_http::RequestExt;
use opentelemetry::trace::SpanContext;
use tracing::{field::Empty, Instrument};

use super::{
    cold_start, config, emf,
    metrics::{self, RequestOutcome},
    otel,
    trace_context::{self, Incoming},
};
use crate::{
    problem::{Problem, ProblemType, PROBLEM_JSON},
    request_id,
};

/// Longest user agent logged, in bytes.
const MAX_USER_AGENT: usize = 256;

/// Middleware: see the module documentation. Sits inside the request-id layers and outside problem rendering,
/// so it sees the final status and problem type.
pub async fn access_log(request: Request, next: Next) -> Response {
    if !config::enabled() {
        return next.run(request).await;
    }
    let started = Instant::now();
    let cold_start = cold_start::take();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map_or_else(
        || "unmatched".to_owned(),
        |path| route_template(path.as_str()),
    );
    let request_id = request_id::of(&request).unwrap_or_default();
    let invocation_id = request
        .lambda_context_ref()
        .map(|context| context.request_id.clone());
    let user_agent = user_agent(request.headers()).map(str::to_owned);
    let bytes_in = body_size(request.headers(), request.body().size_hint().exact());

    let incoming = Incoming::of(&request);
    // Known now in most cases: written with the span's other fields, not recorded into it afterwards.
    let known_trace_id = otel::trace_id_before_span(&incoming).map(trace_context::xray_form);

    let span = tracing::info_span!(
        "request",
        otel.name = %format_args!("{method} {route}"),
        otel.kind = "server",
        otel.status_code = Empty,
        request_id = %request_id,
        trace_id = known_trace_id.as_deref(),
        invocation_id = invocation_id,
        method = %method,
        route = %route,
        status = Empty,
    );
    let exported = otel::join(&span, &incoming);
    // Trace-only attributes cost nothing for spans the sampler drops.
    let sampled = exported.as_ref().is_some_and(SpanContext::is_sampled);
    if sampled {
        otel::describe_request(&span, method.as_str(), &route);
    }
    let trace_id = known_trace_id.unwrap_or_else(|| {
        let id = exported
            .as_ref()
            .map_or_else(trace_context::new_trace_id, SpanContext::trace_id);
        let id = trace_context::xray_form(id);
        span.record("trace_id", id.as_str());
        id
    });

    let response = next.run(request).instrument(span.clone()).await;

    let status = response.status();
    let latency = started.elapsed();
    let bytes_out = body_size(response.headers(), response.body().size_hint().exact());
    let problem_type = problem_type(&response);
    // Signed: the span exporter writes unsigned integers as strings.
    span.record("status", i64::from(status.as_u16()));
    if sampled {
        otel::describe_response(&span, status.as_u16());
    }
    if status.is_server_error() {
        span.record("otel.status_code", "error");
    }
    span.in_scope(|| {
        tracing::info!(
            status = status.as_u16(),
            latency_ms = metrics::milliseconds(latency),
            bytes_in,
            bytes_out,
            user_agent = user_agent.as_deref(),
            cold_start,
            problem = problem_type,
            "request finished"
        );
    });
    let outcome = RequestOutcome {
        route: &route,
        status,
        latency,
        problem_type,
        cold_start,
        bytes_in,
        bytes_out,
    };
    let labels = metrics::request_labels(&outcome);
    metrics::count_request(&outcome, &labels);
    emf::note_exemplar(labels, &request_id, &trace_id);
    response
}

/// The slug of the problem a 4xx/5xx answer carries.
fn problem_type(response: &Response) -> Option<&'static str> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let from_body = response
        .extensions()
        .get::<Problem>()
        .and_then(|problem| StatusCode::from_u16(problem.status).ok());
    let is_problem = from_body.is_some()
        || response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    is_problem.then(|| ProblemType::from_status(from_body.unwrap_or(status)).slug())
}

/// A body's size: its `Content-Length`, else the size the body itself knows (full bodies, Lambda events).
fn body_size(headers: &HeaderMap, exact: Option<u64>) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .or(exact)
}

fn user_agent(headers: &HeaderMap) -> Option<&str> {
    let agent = headers.get(header::USER_AGENT)?.to_str().ok()?;
    let mut end = agent.len().min(MAX_USER_AGENT);
    while !agent.is_char_boundary(end) {
        end -= 1;
    }
    Some(&agent[..end])
}

/// The route as the OpenAPI spec writes it: axum's catch-all `{*path}` is `{path}` there, in logs and in metrics.
fn route_template(matched: &str) -> String {
    matched.replace("{*", "{")
}

#[cfg(test)]
mod tests {
    use super::route_template;

    #[test]
    fn catch_all_segments_read_as_in_the_openapi_spec() {
        assert_eq!(route_template("/v1/files/{*path}"), "/v1/files/{path}");
        assert_eq!(route_template("/health"), "/health");
    }
}
