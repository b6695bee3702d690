//! What telemetry reads from the environment, and the switch that turns per-request telemetry off.

use std::{
    io::IsTerminal,
    net::SocketAddr,
    sync::atomic::{AtomicBool, Ordering},
};

use tracing_subscriber::{filter::LevelFilter, EnvFilter};

use crate::service::ServiceInfo;

/// Whether per-request telemetry (access log, metrics, spans) is on; `TELEMETRY=off` turns it off, which only
/// the telemetry-cost benchmark should do.
static ENABLED: AtomicBool = AtomicBool::new(true);

/// Whether the access-log middleware records requests.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Turns per-request telemetry on or off for the process ([`crate::telemetry::init`] does it once).
pub(crate) fn set_enabled(enabled: bool) {
    ENABLED.store(enabled, Ordering::Relaxed);
}

/// What telemetry reads from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TelemetryConfig {
    /// The service's name (Cargo.toml), the `service` log field and the `Service` metric dimension.
    pub service: &'static str,
    /// The crate version, the `version` log field.
    pub version: &'static str,
    /// `APP_ENVIRONMENT` (default `local`, as in [`crate::Settings`]).
    pub environment: String,
    /// `TELEMETRY=off` disables the access log, metrics and traces (benchmark baseline).
    pub enabled: bool,
    /// How log lines are written (`LOG_FORMAT`, `AWS_LAMBDA_LOG_FORMAT`).
    pub log_format: LogFormat,
    /// `tracing-subscriber` filter directives (`RUST_LOG`, else `info`).
    pub log_filter: String,
    /// The most verbose level logged whatever the directives say (`AWS_LAMBDA_LOG_LEVEL` on Lambda).
    pub log_ceiling: LevelFilter,
    /// Where spans go, if anywhere (see [`TraceExport::from_lookup`]).
    pub traces: Option<TraceExport>,
    /// `AWS_LAMBDA_INITIALIZATION_TYPE`: a provisioned or SnapStart environment has no cold start to report.
    pub initialization_type: Option<String>,
}

impl TelemetryConfig {
    /// Reads the configuration of `service` through `lookup` (the process environment in
    /// [`crate::Settings::from_env`]), so tests need not touch the process environment.
    pub fn from_lookup(service: ServiceInfo, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let enabled = !lookup("TELEMETRY").is_some_and(|v| v.eq_ignore_ascii_case("off"));
        Self {
            service: service.name,
            version: service.version,
            environment: lookup("APP_ENVIRONMENT").unwrap_or_else(|| "local".to_owned()),
            enabled,
            log_format: LogFormat::from_lookup(&lookup),
            log_filter: filter_directives(&lookup, enabled),
            log_ceiling: level_ceiling(&lookup),
            traces: enabled.then(|| TraceExport::from_lookup(&lookup)).flatten(),
            initialization_type: lookup("AWS_LAMBDA_INITIALIZATION_TYPE"),
        }
    }
}

/// Where spans are exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceExport {
    /// X-Ray segment documents over UDP to the X-Ray daemon at this address (`AWS_XRAY_DAEMON_ADDRESS`, which
    /// Lambda sets: with active tracing the function needs no layer and no collector).
    Xray(SocketAddr),
    /// OTLP/HTTP with protobuf bodies to this endpoint (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`), for a collector; only with the kit's `otlp` feature.
    Otlp(String),
    /// An OTLP endpoint is set but the kit was built without its `otlp` feature: nothing is exported, and
    /// telemetry says so once at start-up.
    OtlpNotBuilt(String),
}

impl TraceExport {
    /// `OTEL_TRACES_EXPORTER=none` exports nothing. Otherwise an OTLP endpoint wins (a team that runs a collector
    /// chose it), then the X-Ray daemon's address; with neither, spans are not exported.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Option<Self> {
        if lookup("OTEL_TRACES_EXPORTER").is_some_and(|v| v.trim().eq_ignore_ascii_case("none")) {
            return None;
        }
        let otlp = lookup("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
            .or_else(|| lookup("OTEL_EXPORTER_OTLP_ENDPOINT"))
            .filter(|endpoint| !endpoint.trim().is_empty());
        match otlp {
            Some(endpoint) if cfg!(feature = "otlp") => Some(Self::Otlp(endpoint)),
            Some(endpoint) => Some(Self::OtlpNotBuilt(endpoint)),
            None => lookup("AWS_XRAY_DAEMON_ADDRESS")
                .and_then(|address| address.trim().parse().ok())
                .map(Self::Xray),
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line.
    Json,
    /// Readable lines, coloured when `colour` is set.
    Text { colour: bool },
}

impl LogFormat {
    /// `AWS_LAMBDA_LOG_FORMAT` (`JSON` or `Text`) where Lambda sets it, else `LOG_FORMAT` (`json` or `text`),
    /// else JSON on Lambda and whenever stdout is not a terminal (containers, files, pipes), else coloured text.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        Self::choose(lookup, std::io::stdout().is_terminal())
    }

    pub(crate) fn choose(lookup: impl Fn(&str) -> Option<String>, terminal: bool) -> Self {
        let asked = lookup("AWS_LAMBDA_LOG_FORMAT").or_else(|| lookup("LOG_FORMAT"));
        match asked.map(|value| value.to_ascii_lowercase()).as_deref() {
            Some("json") => Self::Json,
            Some("text" | "pretty") => Self::Text { colour: terminal },
            _ if lookup("AWS_LAMBDA_RUNTIME_API").is_some() || !terminal => Self::Json,
            _ => Self::Text { colour: true },
        }
    }
}

/// The `EnvFilter` directives: `RUST_LOG`, else `info`. With telemetry off only errors are logged.
///
/// On Lambda the CDK app sets `RUST_LOG` from `logLevel` in infra/service.config.json; the function's
/// application log level (`AWS_LAMBDA_LOG_LEVEL`) only caps it ([`level_ceiling`]), so a log level set on the
/// function can make the logs quieter but never turns on the dependencies' DEBUG or TRACE records.
pub fn filter_directives(lookup: impl Fn(&str) -> Option<String>, enabled: bool) -> String {
    if !enabled {
        return "error".to_owned();
    }
    lookup("RUST_LOG")
        .filter(|directives| {
            !directives.trim().is_empty() && EnvFilter::try_new(directives).is_ok()
        })
        .unwrap_or_else(|| "info".to_owned())
}

/// The most verbose level logged at all: Lambda's application log level (`AWS_LAMBDA_LOG_LEVEL`, `FATAL` counts
/// as `ERROR`) where Lambda sets it, else no cap. Lambda would drop anything more verbose anyway.
pub fn level_ceiling(lookup: impl Fn(&str) -> Option<String>) -> LevelFilter {
    match lookup("AWS_LAMBDA_LOG_LEVEL")
        .map(|level| level.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("fatal") => LevelFilter::ERROR,
        Some(level) => level.parse().unwrap_or(LevelFilter::TRACE),
        None => LevelFilter::TRACE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(vars: &[(&str, &str)]) -> Option<TraceExport> {
        TraceExport::from_lookup(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn lambdas_daemon_address_sends_spans_to_xray() {
        assert_eq!(
            export(&[("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000")]),
            Some(TraceExport::Xray(
                "169.254.79.129:2000".parse().expect("an address")
            ))
        );
        assert_eq!(export(&[]), None, "no daemon, no collector: no export");
        assert_eq!(
            export(&[("AWS_XRAY_DAEMON_ADDRESS", "not an address")]),
            None
        );
    }

    #[test]
    fn an_otlp_endpoint_wins_and_none_turns_export_off() {
        let both = [
            ("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318"),
        ];
        let endpoint = "http://localhost:4318".to_owned();
        let expected = if cfg!(feature = "otlp") {
            TraceExport::Otlp(endpoint)
        } else {
            TraceExport::OtlpNotBuilt(endpoint)
        };
        assert_eq!(export(&both), Some(expected));
        let off = [
            ("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000"),
            ("OTEL_TRACES_EXPORTER", "none"),
        ];
        assert_eq!(export(&off), None);
    }
}
