//! Observability built in: one JSON log format with request and trace ids ([`logs`]), one access-log line and
//! one set of metrics per request ([`access_log`], [`metrics`] written as CloudWatch EMF by [`emf`]), and
//! OpenTelemetry traces joined to X-Ray ([`trace_context`], [`otel`]) exported to the X-Ray daemon (on Lambda)
//! or, with the `otlp` feature, to an OTLP collector.
//!
//! [`init`] installs it all once per process and returns the [`Telemetry`] handle that flushes: after every
//! Lambda invocation (before the environment may freeze), every few seconds in server mode, and at shutdown.

mod access_log;
pub mod cold_start;
pub mod config;
pub mod emf;
pub mod logs;
pub mod metrics;
pub mod otel;
pub mod trace_context;

use std::{sync::Arc, time::Duration};

pub use access_log::access_log;
pub use config::TelemetryConfig;
pub use logs::LogFormat;

/// How often server mode writes the metrics gathered since the last flush (CloudWatch stores them per minute).
pub const SERVER_FLUSH_INTERVAL: Duration = Duration::from_secs(10);

/// Whether a span export has failed already (reported once).
static EXPORT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The installed telemetry: flushes what is buffered. Cheap to clone.
#[derive(Clone, Default)]
pub struct Telemetry {
    metrics: Option<Arc<emf::EmfRecorder>>,
    tracer: Option<otel::Tracer>,
}

impl std::fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telemetry")
            .field("metrics", &self.metrics.is_some())
            .field("traces", &self.tracer.is_some())
            .finish()
    }
}

/// Installs logging, metrics and (with an endpoint) tracing for this process. Call once, first thing in `main`;
/// a second call keeps what the first installed.
pub fn init(config: &TelemetryConfig) -> Telemetry {
    config::set_enabled(config.enabled);
    cold_start::init(config.initialization_type.as_deref());
    let (tracer, otel_layer) = match &config.traces {
        Some(export) => match otel::Tracer::install(config, export) {
            Ok((tracer, layer)) => (Some(tracer), Some(layer)),
            Err(error) => {
                eprintln!("span export ({export:?}) is off: {error}");
                (None, None)
            }
        },
        None => (None, None),
    };
    logs::install(config, otel_layer);
    let metrics = config.enabled.then(|| {
        let recorder = Arc::new(emf::EmfRecorder::new(config.service, &config.environment));
        emf::install(Arc::clone(&recorder));
        recorder
    });
    Telemetry { metrics, tracer }
}

impl Telemetry {
    /// Writes the metrics gathered so far to stdout and exports the finished spans. Lambda calls this after every
    /// invocation: once the next event is requested the environment may freeze and buffered data would be lost.
    pub async fn flush(&self) {
        self.flush_metrics();
        if let Some(tracer) = self.tracer.clone() {
            // The batch runs on the SDK's own thread and the flush waits for it: wait off the async workers.
            let flushed = tokio::task::spawn_blocking(move || tracer.force_flush()).await;
            if let Ok(Err(error)) = flushed {
                // Once per process: a daemon or collector that is not there would otherwise add a line to
                // every invocation's logs.
                if !EXPORT_FAILED.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    tracing::warn!(%error, "exporting spans failed (reported once)");
                }
            }
        }
    }

    fn flush_metrics(&self) {
        if let Some(metrics) = &self.metrics {
            if let Err(error) = metrics.flush(std::io::stdout().lock()) {
                eprintln!("writing metrics failed: {error}");
            }
        }
    }

    /// Server mode: flushes metrics every [`SERVER_FLUSH_INTERVAL`], and sooner whenever a histogram has gathered
    /// [`emf::FLUSH_AT_VALUES`] values, until the returned task is aborted. No task when metrics are off.
    pub fn spawn_periodic_flush(&self) -> Option<tokio::task::JoinHandle<()>> {
        let recorder = Arc::clone(self.metrics.as_ref()?);
        let telemetry = self.clone();
        Some(tokio::spawn(async move {
            let mut ticks = tokio::time::interval(SERVER_FLUSH_INTERVAL);
            ticks.tick().await;
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    () = recorder.filled() => {}
                }
                telemetry.flush_metrics();
            }
        }))
    }

    /// Flushes everything and stops the span exporter (server mode, at shutdown).
    pub async fn shutdown(self) {
        self.flush().await;
        if let Some(tracer) = self.tracer {
            tokio::task::spawn_blocking(move || tracer.shutdown())
                .await
                .ok();
        }
    }
}
