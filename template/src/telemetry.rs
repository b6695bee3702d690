//! Logs: JSON lines on Lambda and in containers, readable lines on a terminal; one access-log line per request.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request},
    middleware::Next,
    response::Response,
};
use tracing::Instrument;
use tracing_subscriber::{fmt, EnvFilter};

use crate::http::request_id;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

impl LogFormat {
    /// JSON when Lambda asks for it (`AWS_LAMBDA_LOG_FORMAT=JSON`), when `LOG_FORMAT=json`, or when running on
    /// Lambda at all; readable text otherwise.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let wants_json = |name: &str| lookup(name).is_some_and(|v| v.eq_ignore_ascii_case("json"));
        if wants_json("AWS_LAMBDA_LOG_FORMAT")
            || wants_json("LOG_FORMAT")
            || lookup("AWS_LAMBDA_RUNTIME_API").is_some()
        {
            Self::Json
        } else {
            Self::Pretty
        }
    }
}

/// Installs the global subscriber. The level comes from `AWS_LAMBDA_LOG_LEVEL` when Lambda sets it, else
/// `RUST_LOG`, else `info`.
pub fn init() {
    let lookup = |name: &str| std::env::var(name).ok();
    let filter = lookup("AWS_LAMBDA_LOG_LEVEL")
        .or_else(|| lookup("RUST_LOG"))
        .and_then(|directives| EnvFilter::try_new(directives.to_lowercase()).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter);
    let installed = match LogFormat::from_lookup(lookup) {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(true)
            .try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
    // A second call (tests) keeps the first subscriber.
    drop(installed);
}

/// One span per request, carrying the request id into every log line, and one access-log line at its end.
pub async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let request_id = request_id::of(&request).unwrap_or_default();
    let span = tracing::info_span!("request", %request_id, %method, %route);
    let response = next.run(request).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0,
            "request finished"
        );
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_on_lambda_or_when_asked_pretty_otherwise() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            }
        };
        assert_eq!(LogFormat::from_lookup(env(&[])), LogFormat::Pretty);
        assert_eq!(
            LogFormat::from_lookup(env(&[("LOG_FORMAT", "json")])),
            LogFormat::Json
        );
        assert_eq!(
            LogFormat::from_lookup(env(&[("AWS_LAMBDA_LOG_FORMAT", "JSON")])),
            LogFormat::Json
        );
        assert_eq!(
            LogFormat::from_lookup(env(&[("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")])),
            LogFormat::Json
        );
    }
}
