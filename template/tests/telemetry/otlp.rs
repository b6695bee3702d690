//! Traces: with `OTEL_EXPORTER_OTLP_ENDPOINT` set, request spans reach an OTLP/HTTP receiver (protobuf) on
//! 127.0.0.1, in the caller's X-Ray trace, named by route; on Lambda they are flushed after every invocation.

use std::net::SocketAddr;

use axum::{body::Bytes, extract::State, http::StatusCode, routing::post, Router};
use opentelemetry_proto::tonic::{
    collector::trace::v1::{ExportTraceServiceRequest, ExportTraceServiceResponse},
    common::v1::any_value::Value as AnyValue,
    trace::v1::{span::SpanKind, Span},
};
use prost::Message;
use tokio::sync::mpsc;

use crate::{
    binary::{Running, PATIENCE},
    emulator::Emulator,
    lambda::{answered, lambda_env},
};

/// An exported span and the `service.name` of the resource it came with.
#[derive(Debug)]
struct Exported {
    service: Option<String>,
    span: Span,
}

struct Receiver {
    address: SocketAddr,
    spans: mpsc::UnboundedReceiver<Exported>,
}

impl Receiver {
    async fn start() -> Self {
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

    fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The first exported span of trace `trace_id` (32 hex digits).
    async fn span_of_trace(&mut self, trace_id: &str) -> Exported {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match tokio::time::timeout_at(deadline, self.spans.recv()).await {
                Ok(Some(exported)) if hex(&exported.span.trace_id) == trace_id => return exported,
                Ok(Some(_)) => continue,
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn string_attribute(span: &Span, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|attribute| attribute.key == key)
        .and_then(|attribute| attribute.value.clone())
        .and_then(|value| match value.value {
            Some(AnyValue::StringValue(text)) => Some(text),
            _ => None,
        })
}

#[tokio::test]
async fn request_spans_join_the_callers_xray_trace() {
    let mut receiver = Receiver::start().await;
    let (service, url) = Running::server(&[
        ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()),
        ("OTEL_BSP_SCHEDULE_DELAY", "100".to_owned()),
    ])
    .await;
    let response = reqwest::Client::new()
        .get(format!("{url}/health"))
        .header("x-request-id", "otel-req-1")
        .header(
            "x-amzn-trace-id",
            "Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1",
        )
        .send()
        .await
        .expect("GET /health");
    assert_eq!(response.status(), 200);

    let exported = receiver
        .span_of_trace("65a1b2c30123456789abcdef01234567")
        .await;
    let lines = service.terminate().await;

    let span = &exported.span;
    assert_eq!(exported.service.as_deref(), Some(env!("CARGO_PKG_NAME")));
    assert_eq!(span.name, "GET /health");
    assert_eq!(span.kind, SpanKind::Server as i32);
    assert_eq!(hex(&span.parent_span_id), "53995c3f42cd8ad8");
    assert_eq!(string_attribute(span, "route").as_deref(), Some("/health"));
    assert_eq!(
        string_attribute(span, "request_id").as_deref(),
        Some("otel-req-1")
    );

    let access = lines
        .iter()
        .find(|line| line["request_id"] == "otel-req-1" && line["message"] == "request finished")
        .expect("the access-log line");
    assert_eq!(access["trace_id"], "1-65a1b2c3-0123456789abcdef01234567");
    assert_eq!(
        access["span_id"],
        hex(&span.span_id),
        "logs name the exported span"
    );
}

#[tokio::test]
async fn lambda_exports_each_invocations_spans_before_the_next_event() {
    let mut receiver = Receiver::start().await;
    let mut emulator = Emulator::start().await;
    let mut env = lambda_env(&emulator);
    env.push(("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()));
    // Far beyond the test's patience: only the per-invocation flush can deliver the span in time.
    env.push(("OTEL_BSP_SCHEDULE_DELAY", "600000".to_owned()));
    let function = Running::start(&env);

    emulator.invoke(
        "inv-otel-1",
        include_str!("../lambda/events/http-v2-default-health.json"),
    );
    answered(&mut emulator, "inv-otel-1").await;
    let exported = receiver
        .span_of_trace("65a1b2c30123456789abcdef01234567")
        .await;
    function.kill().await;

    assert_eq!(exported.span.name, "GET /health");
    assert_eq!(
        hex(&exported.span.parent_span_id),
        "53995c3f42cd8ad8",
        "a child of the Lambda segment"
    );
    assert_eq!(
        string_attribute(&exported.span, "request_id").as_deref(),
        Some("caller-chosen-id-7")
    );
}
