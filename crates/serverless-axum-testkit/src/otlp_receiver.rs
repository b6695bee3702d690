//! An OTLP/HTTP trace receiver on 127.0.0.1 for tests: it decodes the protobuf `ExportTraceServiceRequest`s
//! the service posts to `/v1/traces` and hands over every span with the `service.name` of its resource.
//! Self-contained (no other test module), so any test crate can include it with `#[path]`.

use std::{net::SocketAddr, time::Duration};

use axum::{body::Bytes, extract::State, http::StatusCode, routing::post, Router};
use opentelemetry_proto::tonic::{
    collector::trace::v1::{ExportTraceServiceRequest, ExportTraceServiceResponse},
    common::v1::any_value::Value as AnyValue,
    trace::v1::Span,
};
use prost::Message;
use tokio::sync::mpsc;

/// How long the receiver waits for spans the service is expected to export.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// An exported span and the `service.name` of the resource it came with.
#[derive(Debug)]
pub struct Exported {
    pub service: Option<String>,
    pub span: Span,
}

pub struct Receiver {
    address: SocketAddr,
    spans: mpsc::UnboundedReceiver<Exported>,
}

impl Receiver {
    pub async fn start() -> Self {
        let (sender, spans) = mpsc::unbounded_channel();
        let app = Router::new()
            .route("/v1/traces", post(receive))
            .with_state(sender);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds the receiver");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        Self { address, spans }
    }

    /// The base URL to give the service as `OTEL_EXPORTER_OTLP_ENDPOINT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The environment that makes a service export its spans here, in batches every 100 ms (so a test waits
    /// for them briefly, not the SDK's default 5 s).
    pub fn exporter_env(&self) -> [(&'static str, String); 2] {
        [
            ("OTEL_EXPORTER_OTLP_ENDPOINT", self.endpoint()),
            ("OTEL_BSP_SCHEDULE_DELAY", "100".to_owned()),
        ]
    }

    /// The first exported span of trace `trace_id` (32 hex digits).
    pub async fn span_of_trace(&mut self, trace_id: &str) -> Exported {
        let mut spans = self
            .spans_of_trace_until(trace_id, |spans| !spans.is_empty())
            .await;
        spans.swap_remove(0)
    }

    /// The exported spans of trace `trace_id` once one of each name in `names` has arrived (with any others of
    /// the trace that arrived before them).
    pub async fn spans_of_trace(&mut self, trace_id: &str, names: &[&str]) -> Vec<Exported> {
        self.spans_of_trace_until(trace_id, |spans| {
            names
                .iter()
                .all(|name| spans.iter().any(|exported| exported.span.name == *name))
        })
        .await
    }

    /// Collects the exported spans of trace `trace_id`, in arrival order, until `enough` holds for them;
    /// spans of other traces are dropped. Panics, listing what arrived, after [`PATIENCE`].
    pub async fn spans_of_trace_until(
        &mut self,
        trace_id: &str,
        enough: impl Fn(&[Exported]) -> bool,
    ) -> Vec<Exported> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut spans = Vec::new();
        while !enough(&spans) {
            match tokio::time::timeout_at(deadline, self.spans.recv()).await {
                Ok(Some(exported)) if hex(&exported.span.trace_id) == trace_id => {
                    spans.push(exported);
                }
                Ok(Some(_)) => {}
                _ => panic!(
                    "the spans of trace {trace_id} were not all exported in time; these were: {:?}",
                    spans
                        .iter()
                        .map(|exported| &exported.span.name)
                        .collect::<Vec<_>>()
                ),
            }
        }
        spans
    }

    /// Every span exported, of any trace, up to and including the first of trace `trace_id`. The exporter
    /// sends spans in the order they end, so this shows what a request finished earlier exported, if anything.
    pub async fn all_spans_until_trace(&mut self, trace_id: &str) -> Vec<Exported> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut spans = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, self.spans.recv()).await {
                Ok(Some(exported)) => {
                    let last = hex(&exported.span.trace_id) == trace_id;
                    spans.push(exported);
                    if last {
                        return spans;
                    }
                }
                _ => panic!("no span of trace {trace_id} was exported in time"),
            }
        }
    }
}

async fn receive(
    State(sender): State<mpsc::UnboundedSender<Exported>>,
    body: Bytes,
) -> (StatusCode, Vec<u8>) {
    let Ok(request) = ExportTraceServiceRequest::decode(body) else {
        return (StatusCode::BAD_REQUEST, Vec::new());
    };
    for resource_spans in request.resource_spans {
        let service = resource_spans.resource.and_then(|resource| {
            resource
                .attributes
                .into_iter()
                .find(|attribute| attribute.key == "service.name")
                .and_then(|attribute| attribute.value)
                .and_then(|value| match value.value {
                    Some(AnyValue::StringValue(name)) => Some(name),
                    _ => None,
                })
        });
        for scope_spans in resource_spans.scope_spans {
            for span in scope_spans.spans {
                sender
                    .send(Exported {
                        service: service.clone(),
                        span,
                    })
                    .ok();
            }
        }
    }
    (
        StatusCode::OK,
        ExportTraceServiceResponse::default().encode_to_vec(),
    )
}

/// Lower-case hex of an id (trace ids: 32 digits, span ids: 16).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The string value of attribute `key` of `span`.
pub fn string_attribute(span: &Span, key: &str) -> Option<String> {
    match attribute(span, key)? {
        AnyValue::StringValue(text) => Some(text),
        _ => None,
    }
}

/// An integer attribute (`None` when it is missing or of another type).
pub fn int_attribute(span: &Span, key: &str) -> Option<i64> {
    match attribute(span, key)? {
        AnyValue::IntValue(value) => Some(value),
        _ => None,
    }
}

/// The names of the span's attributes.
pub fn attribute_names(span: &Span) -> Vec<&str> {
    span.attributes
        .iter()
        .map(|attribute| attribute.key.as_str())
        .collect()
}

fn attribute(span: &Span, key: &str) -> Option<AnyValue> {
    span.attributes
        .iter()
        .find(|attribute| attribute.key == key)
        .and_then(|attribute| attribute.value.clone())
        .and_then(|value| value.value)
}
