//! OpenTelemetry traces, on only when there is somewhere to send them ([`TraceExport`]): request spans (and any
//! `tracing` span opened inside them, such as the AWS SDK's) are exported, with X-Ray trace ids so they join the
//! API Gateway and Lambda segments of the same trace, either as X-Ray segment documents over UDP to the X-Ray
//! daemon (on Lambda with active tracing: no layer, no collector) or, with the `otlp` feature, over OTLP/HTTP
//! with protobuf bodies to a collector. Off, nothing is built: no exporter, no thread, no cost.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    OnceLock,
};

use opentelemetry::{
    trace::{SpanContext, SpanId, Status, TraceContextExt, TraceId, TracerProvider as _},
    Context, KeyValue,
};
use opentelemetry_aws::{
    trace::XrayIdGenerator,
    xray_exporter::{daemon_client::XrayDaemonClient, XrayExporter},
};
use opentelemetry_sdk::{
    error::OTelSdkResult,
    trace::{
        BatchConfigBuilder, BatchSpanProcessor, SdkTracerProvider, SpanExporter,
        TracerProviderBuilder,
    },
    Resource,
};
use tracing::{dispatcher::WeakDispatch, Span};
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::{
    filter::{filter_fn, FilterExt},
    layer::Filter,
    Layer, Registry,
};

use super::{config::TraceExport, trace_context::Incoming, TelemetryConfig};

/// Whether spans are exported (set once by [`Tracer::install`]).
static ON: AtomicBool = AtomicBool::new(false);
/// Whether they go to X-Ray (set once by [`Tracer::install`]).
static XRAY: AtomicBool = AtomicBool::new(false);

/// The process's subscriber, through which the log layer finds a span's exported id (set by [`remember_dispatch`]).
static DISPATCH: OnceLock<WeakDispatch> = OnceLock::new();

/// The span exporter's handle: flushes and stops it.
#[derive(Clone, Debug)]
pub struct Tracer {
    provider: SdkTracerProvider,
}

impl Tracer {
    /// Builds the exporter `export` names and the `tracing` layer that turns spans into OpenTelemetry spans.
    /// Spans are batched on the SDK's own thread (the standard `OTEL_BSP_*` variables apply) and exported at the
    /// latest when [`Tracer::force_flush`] is called.
    ///
    /// X-Ray: one UDP datagram per segment document to the daemon, from a non-blocking socket, so exporting
    /// never waits on the network. OTLP (feature `otlp`): endpoint, headers and timeouts from the standard
    /// `OTEL_EXPORTER_OTLP_*` variables.
    pub fn install(
        config: &TelemetryConfig,
        export: &TraceExport,
    ) -> Result<(Self, Box<dyn Layer<Registry> + Send + Sync>), String> {
        let builder = SdkTracerProvider::builder();
        let builder = match export {
            TraceExport::Xray(daemon) => {
                let client = XrayDaemonClient::new(*daemon).map_err(|error| {
                    format!("no socket for the X-Ray daemon at {daemon}: {error}")
                })?;
                builder.with_span_processor(batch(XrayExporter::new(client), config))
            }
            TraceExport::Otlp(_) => with_otlp(builder, config)?,
            TraceExport::OtlpNotBuilt(_) => {
                return Err("the kit was built without its `otlp` feature".to_owned())
            }
            TraceExport::XrayAddressInvalid(address) => {
                return Err(format!(
                    "AWS_XRAY_DAEMON_ADDRESS={address:?} is neither host:port nor \
                     tcp:host:port udp:host:port"
                ))
            }
        };
        let resource = Resource::builder()
            .with_service_name(config.service)
            .with_attributes([
                KeyValue::new("service.version", config.version),
                KeyValue::new("deployment.environment.name", config.environment.clone()),
            ])
            .build();
        let provider = builder
            .with_id_generator(XrayIdGenerator::default())
            .with_resource(resource)
            .build();
        let layer = tracing_opentelemetry::layer()
            .with_tracer(provider.tracer(config.service))
            // Only what X-Ray or a query needs: no thread, source location, module path or busy/idle times.
            .with_threads(false)
            .with_location(false)
            .with_target(false)
            .with_tracked_inactivity(false);
        XRAY.store(matches!(export, TraceExport::Xray(_)), Ordering::Relaxed);
        ON.store(true, Ordering::Relaxed);
        Ok((Self { provider }, Box::new(layer)))
    }

    /// Exports every finished span now (blocks until the exporter has sent them: for X-Ray, handed the datagrams to
    /// the kernel; for OTLP, until the collector answers or the request times out).
    pub fn force_flush(&self) -> OTelSdkResult {
        self.provider.force_flush()
    }

    /// Exports what is left and stops the exporter's thread.
    pub fn shutdown(&self) -> OTelSdkResult {
        self.provider.shutdown()
    }
}

/// The batch span processor in front of `exporter`, its queue sized by `config.span_queue`; the other
/// `OTEL_BSP_*` variables (delay, timeouts) keep OpenTelemetry's meaning and defaults.
fn batch<E: SpanExporter + 'static>(exporter: E, config: &TelemetryConfig) -> BatchSpanProcessor {
    let queue = config.span_queue;
    BatchSpanProcessor::builder(exporter)
        .with_batch_config(
            BatchConfigBuilder::default()
                .with_max_queue_size(queue.max_queue_size)
                .with_max_export_batch_size(queue.max_export_batch_size)
                .build(),
        )
        .build()
}

/// The OTLP/HTTP exporter (protobuf bodies, blocking reqwest on the SDK's thread).
#[cfg(feature = "otlp")]
fn with_otlp(
    builder: TracerProviderBuilder,
    config: &TelemetryConfig,
) -> Result<TracerProviderBuilder, String> {
    use opentelemetry_otlp::{Protocol, SpanExporter, WithExportConfig};
    let exporter = SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .build()
        .map_err(|error| error.to_string())?;
    Ok(builder.with_span_processor(batch(exporter, config)))
}

#[cfg(not(feature = "otlp"))]
fn with_otlp(
    _: TracerProviderBuilder,
    _: &TelemetryConfig,
) -> Result<TracerProviderBuilder, String> {
    Err("the kit was built without its `otlp` feature".to_owned())
}

/// What becomes an OpenTelemetry span: the spans the log filter lets through, and the AWS SDK's per-operation
/// spans (`S3.GetObject`, with `rpc.service` and `rpc.method`), which the SDK opens at DEBUG level. Inside a
/// request span they become its children, so AWS calls show in the trace without debug logging.
///
/// Of log events only errors reach the exporter (they mark their span as failed): the others are in the logs
/// already, with the span's `trace_id` and `span_id`, and X-Ray shows no span events. Copying every log line
/// into its span was a large part of what exporting cost per request.
pub fn span_filter<S, F>(logs: F) -> impl Filter<S>
where
    S: tracing::Subscriber + for<'span> tracing_subscriber::registry::LookupSpan<'span>,
    F: Filter<S>,
{
    let spans_and_errors =
        filter_fn(|metadata| metadata.is_span() || *metadata.level() == tracing::Level::ERROR);
    logs.and(spans_and_errors).or(filter_fn(|metadata| {
        metadata.is_span()
            && metadata.target().starts_with("aws_sdk_")
            && *metadata.level() <= tracing::Level::DEBUG
    }))
}

/// Whether spans are exported.
fn exporting() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Notes the global subscriber just installed, so that [`span_id`] can ask its OpenTelemetry layer. Log layers
/// are called inside the subscriber, where `tracing`'s current dispatcher is not available.
pub(crate) fn remember_dispatch() {
    if exporting() {
        tracing::dispatcher::get_default(|dispatch| DISPATCH.get_or_init(|| dispatch.downgrade()));
    }
}

/// The id of the exported span behind the `tracing` span `id`, for the `span_id` log field; `None` without
/// export, or when the OpenTelemetry layer does not see that span (its filter left it out).
pub(crate) fn span_id(id: &tracing::span::Id) -> Option<SpanId> {
    let dispatch = DISPATCH.get()?.upgrade()?;
    let context = tracing_opentelemetry::get_otel_context(id, &dispatch)?;
    let span_id = context.span().span_context().span_id();
    (span_id != SpanId::INVALID).then_some(span_id)
}

/// The trace id a request's logs carry, when it is known before the request's span exists: without export the
/// caller's or a new one; with export the caller's when the span can join it (the caller sent a parent too).
/// `None`: the exporter chooses the id for the new span and [`join`] returns it.
pub fn trace_id_before_span(incoming: &Incoming) -> Option<TraceId> {
    if exporting() {
        incoming.parent().map(|parent| parent.trace_id())
    } else {
        Some(
            incoming
                .trace_id()
                .unwrap_or_else(super::trace_context::new_trace_id),
        )
    }
}

/// With export on, joins `span` (not yet entered) to the caller's trace and returns the exported span's context
/// (its trace id, and whether the sampler keeps it); `None` without export.
pub fn join(span: &Span, incoming: &Incoming) -> Option<SpanContext> {
    if !exporting() {
        return None;
    }
    if let Some(parent) = incoming.parent() {
        let parent = Context::new().with_remote_span_context(parent.clone());
        if let Err(error) = span.set_parent(parent) {
            tracing::debug!(%error, "cannot join the caller's trace");
        }
    }
    let own = span.context().span().span_context().clone();
    (own.trace_id() != TraceId::INVALID).then_some(own)
}

/// Gives a sampled request span OpenTelemetry's HTTP attributes (`http.request.method`, `http.route`), in
/// traces only: the logs have `method` and `route`. A collector's X-Ray exporter builds the segment's `http`
/// block from them.
pub fn describe_request(span: &Span, method: &str, route: &str) {
    span.set_attribute("http.request.method", method.to_owned());
    span.set_attribute("http.route", route.to_owned());
}

/// Adds `http.response.status_code` to a sampled request span: X-Ray marks 4xx answers as errors and 5xx as
/// faults from it.
///
/// Sent to X-Ray, a 4xx answer also sets the span's status to error: opentelemetry-aws's exporter sets the
/// segment's `error`/`fault`/`throttle` flags from the status code only for spans whose status is error, and
/// OpenTelemetry leaves a server span's status unset on a 4xx (the access log marks 5xx answers failed for every
/// exporter). X-Ray counts 4xx answers as errors, so without this the console's error rate would miss them.
pub fn describe_response(span: &Span, status: u16) {
    span.set_attribute("http.response.status_code", i64::from(status));
    if XRAY.load(Ordering::Relaxed) && (400..500).contains(&status) {
        span.set_status(Status::error(""));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing::span::{Attributes, Id};
    use tracing_subscriber::{filter::Targets, layer::Context, prelude::*};

    use super::*;

    /// Notes the name of every span it sees, and the level of every event.
    #[derive(Clone, Default)]
    struct SpanNames(Arc<Mutex<Vec<String>>>);

    impl<S: tracing::Subscriber> Layer<S> for SpanNames {
        fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
            self.0
                .lock()
                .expect("names")
                .push(attrs.metadata().name().to_owned());
        }

        fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
            self.0
                .lock()
                .expect("names")
                .push(format!("{} event", event.metadata().level()));
        }
    }

    #[test]
    fn an_unusable_xray_address_builds_no_exporter_and_says_why() {
        let config = TelemetryConfig::from_lookup(crate::service_info!(), |_| None);
        let Err(why) = Tracer::install(
            &config,
            &TraceExport::XrayAddressInvalid("xray-daemon:2000".to_owned()),
        ) else {
            panic!("no exporter can be built for an address that does not parse")
        };
        assert!(
            why.contains("AWS_XRAY_DAEMON_ADDRESS=\"xray-daemon:2000\""),
            "{why}"
        );
    }

    #[test]
    fn aws_sdk_operation_spans_are_traced_without_debug_logging() {
        let names = SpanNames::default();
        let subscriber = tracing_subscriber::registry().with(
            names
                .clone()
                .with_filter(span_filter("info".parse::<Targets>().expect("directives"))),
        );
        tracing::subscriber::with_default(subscriber, || {
            let _request = tracing::info_span!("request").entered();
            let _sdk =
                tracing::debug_span!(target: "aws_sdk_s3::operation::get_object", "S3.GetObject")
                    .entered();
            let _internal =
                tracing::debug_span!(target: "aws_smithy_runtime::client", "try_attempt").entered();
            let _other = tracing::debug_span!("debug_only").entered();
        });
        assert_eq!(
            *names.0.lock().expect("names"),
            vec!["request".to_owned(), "S3.GetObject".to_owned()]
        );
    }

    #[test]
    fn of_log_events_only_errors_reach_the_exporter() {
        let names = SpanNames::default();
        let subscriber = tracing_subscriber::registry().with(
            names
                .clone()
                .with_filter(span_filter("debug".parse::<Targets>().expect("directives"))),
        );
        tracing::subscriber::with_default(subscriber, || {
            let _request = tracing::info_span!("request").entered();
            tracing::debug!("detail");
            tracing::info!("request finished");
            tracing::warn!("slow");
            tracing::error!("failed");
        });
        assert_eq!(
            *names.0.lock().expect("names"),
            vec!["request".to_owned(), "ERROR event".to_owned()]
        );
    }
}
