//! What telemetry reads from the environment, and the switch that turns per-request telemetry off.

use std::{
    io::IsTerminal,
    net::SocketAddr,
    sync::atomic::{AtomicBool, Ordering},
};

use tracing_subscriber::filter::{LevelFilter, Targets};

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
    /// `tracing-subscriber` [`Targets`] directives (`RUST_LOG`, else `info`), checked to parse.
    pub log_filter: String,
    /// The most verbose level logged whatever the directives say (`AWS_LAMBDA_LOG_LEVEL` on Lambda).
    pub log_ceiling: LevelFilter,
    /// Where spans go, if anywhere (see [`TraceExport::from_lookup`]).
    pub traces: Option<TraceExport>,
    /// How many spans wait for export (see [`SpanQueue`]).
    pub span_queue: SpanQueue,
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
            span_queue: SpanQueue::from_lookup(&lookup),
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
    /// `AWS_XRAY_DAEMON_ADDRESS` is set but is neither `host:port` nor `tcp:host:port udp:host:port`: nothing is
    /// exported, and telemetry says so once at start-up.
    XrayAddressInvalid(String),
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
            None => lookup("AWS_XRAY_DAEMON_ADDRESS").map(|address| {
                xray_udp_address(&address).map_or(Self::XrayAddressInvalid(address), Self::Xray)
            }),
        }
    }
}

/// The UDP address in `AWS_XRAY_DAEMON_ADDRESS`: Lambda sets `host:port`; the X-Ray SDKs also accept the pair
/// `tcp:host:port udp:host:port` (in either order), of which segments use the UDP one.
fn xray_udp_address(value: &str) -> Option<SocketAddr> {
    let value = value.trim();
    if value.contains(' ') {
        return value
            .split_whitespace()
            .find_map(|part| part.strip_prefix("udp:"))
            .and_then(|address| address.parse().ok());
    }
    value.parse().ok()
}

/// How many finished spans wait for export, and how many are exported at once (the batch span processor's
/// `OTEL_BSP_MAX_QUEUE_SIZE` and `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, read here with the kit's defaults).
///
/// The kit's defaults are smaller than OpenTelemetry's (2048 and 512), for a 128–256 MB function: on Lambda
/// the queue is flushed after every invocation, which ends a handful of spans, and each waiting span holds
/// its attributes (about a kilobyte). A local server under a load test can end spans faster than the exporter
/// sends them; then the queue is full and new spans are dropped rather than slowing requests or growing memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanQueue {
    pub max_queue_size: usize,
    pub max_export_batch_size: usize,
}

impl SpanQueue {
    pub const DEFAULT: Self = Self {
        max_queue_size: 512,
        max_export_batch_size: 64,
    };

    /// The two variables, each falling back to its default when unset or not a positive number; a batch is
    /// never larger than the queue.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let positive = |name: &str, default: usize| {
            lookup(name)
                .and_then(|value| value.trim().parse::<usize>().ok())
                .filter(|size| *size > 0)
                .unwrap_or(default)
        };
        let max_queue_size = positive("OTEL_BSP_MAX_QUEUE_SIZE", Self::DEFAULT.max_queue_size);
        let max_export_batch_size = positive(
            "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
            Self::DEFAULT.max_export_batch_size,
        )
        .min(max_queue_size);
        Self {
            max_queue_size,
            max_export_batch_size,
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

/// The log filter's directives: `RUST_LOG`, else `info`. With telemetry off only errors are logged.
///
/// They are `tracing-subscriber`'s [`Targets`] directives (`warn,service=debug`: a level, or `target=level`,
/// comma-separated), not `EnvFilter`'s: `EnvFilter` adds span and field matching that links a regex engine
/// (about 0.7 MB of machine code in a release build) and costs more per event. Directives that do not parse are ignored.
///
/// On Lambda the CDK app sets `RUST_LOG` from `logLevel` in infra/service.config.json; the function's
/// application log level (`AWS_LAMBDA_LOG_LEVEL`) only caps it ([`level_ceiling`]), so a log level set on the
/// function can make the logs quieter but never turns on the dependencies' DEBUG or TRACE records.
pub fn filter_directives(lookup: impl Fn(&str) -> Option<String>, enabled: bool) -> String {
    if !enabled {
        return "error".to_owned();
    }
    lookup("RUST_LOG")
        .filter(|directives| !directives.trim().is_empty() && directives.parse::<Targets>().is_ok())
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

    #[test]
    fn the_xray_address_is_a_socket_address_or_the_sdks_tcp_udp_pair() {
        let lambda: SocketAddr = "169.254.79.129:2000".parse().expect("address");
        assert_eq!(
            export(&[("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000")]),
            Some(TraceExport::Xray(lambda))
        );
        let udp: SocketAddr = "127.0.0.1:2001".parse().expect("address");
        for pair in [
            "tcp:127.0.0.1:2000 udp:127.0.0.1:2001",
            "udp:127.0.0.1:2001 tcp:127.0.0.1:2000",
        ] {
            assert_eq!(
                export(&[("AWS_XRAY_DAEMON_ADDRESS", pair)]),
                Some(TraceExport::Xray(udp))
            );
        }
        for bad in ["xray-daemon:2000", "tcp:127.0.0.1:2000 udp:nowhere", ""] {
            assert_eq!(
                export(&[("AWS_XRAY_DAEMON_ADDRESS", bad)]),
                Some(TraceExport::XrayAddressInvalid(bad.to_owned())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_span_queue_is_sized_for_a_small_function_unless_told_otherwise() {
        let queue = |vars: &[(&str, &str)]| {
            SpanQueue::from_lookup(|name| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            })
        };
        assert_eq!(queue(&[]), SpanQueue::DEFAULT);
        assert_eq!(
            queue(&[
                ("OTEL_BSP_MAX_QUEUE_SIZE", "4096"),
                ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "256")
            ]),
            SpanQueue {
                max_queue_size: 4096,
                max_export_batch_size: 256
            }
        );
        // Nonsense falls back to the default; a batch larger than the queue is cut to the queue.
        assert_eq!(
            queue(&[
                ("OTEL_BSP_MAX_QUEUE_SIZE", "0"),
                ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "many")
            ]),
            SpanQueue::DEFAULT
        );
        assert_eq!(
            queue(&[("OTEL_BSP_MAX_QUEUE_SIZE", "16")]),
            SpanQueue {
                max_queue_size: 16,
                max_export_batch_size: 16
            }
        );
    }
}
