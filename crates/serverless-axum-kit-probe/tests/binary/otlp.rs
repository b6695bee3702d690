//! Traces: with `OTEL_EXPORTER_OTLP_ENDPOINT` set, request spans reach an OTLP/HTTP receiver (protobuf) on
//! 127.0.0.1, in the caller's X-Ray trace, named by route; on Lambda they are flushed after every invocation.

use opentelemetry_proto::tonic::trace::v1::span::SpanKind;

use serverless_axum_testkit::{
    binary::Running,
    emulator::Emulator,
    otlp_receiver::{attribute_names, hex, int_attribute, string_attribute, Receiver},
};

use crate::{
    lambda::{answered, lambda_env},
    probe,
};

#[tokio::test]
async fn request_spans_join_the_callers_xray_trace() {
    let mut receiver = Receiver::start().await;
    let (service, url) = Running::server(probe(), &receiver.exporter_env()).await;
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
    assert_eq!(int_attribute(span, "status"), Some(200));
    // OpenTelemetry's HTTP conventions, which the X-Ray exporter reads, in the trace only.
    assert_eq!(
        string_attribute(span, "http.request.method").as_deref(),
        Some("GET")
    );
    assert_eq!(
        string_attribute(span, "http.route").as_deref(),
        Some("/health")
    );
    assert_eq!(int_attribute(span, "http.response.status_code"), Some(200));
    // The span carries what X-Ray shows; log lines stay in the logs (joined by trace and span id).
    assert!(span.events.is_empty(), "{:?}", span.events);
    for absent in ["busy_ns", "idle_ns", "thread.id", "code.filepath", "target"] {
        assert!(
            !attribute_names(span).contains(&absent),
            "{absent}: {:?}",
            attribute_names(span)
        );
    }

    let access = lines
        .iter()
        .find(|line| line["request_id"] == "otel-req-1" && line["message"] == "request finished")
        .expect("the access-log line");
    assert_eq!(access["trace_id"], "1-65a1b2c3-0123456789abcdef01234567");
    assert!(access.get("http.route").is_none(), "{access}");
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
    let function = Running::start(probe(), &env);

    emulator.invoke(
        "inv-otel-1",
        serverless_axum_testkit::events::HTTP_V2_DEFAULT_HEALTH,
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

#[tokio::test]
async fn a_request_the_caller_did_not_sample_exports_no_span_but_logs_its_trace() {
    let mut receiver = Receiver::start().await;
    let (service, url) = Running::server(probe(), &receiver.exporter_env()).await;
    let client = reqwest::Client::new();
    for (request_id, header) in [
        (
            "not-sampled",
            "Root=1-65a1b2c3-00000000000000000000000a;Parent=53995c3f42cd8ad8;Sampled=0",
        ),
        (
            "sampled",
            "Root=1-65a1b2c3-00000000000000000000000b;Parent=53995c3f42cd8ad8;Sampled=1",
        ),
    ] {
        let response = client
            .get(format!("{url}/health"))
            .header("x-request-id", request_id)
            .header("x-amzn-trace-id", header)
            .send()
            .await
            .expect("GET /health");
        assert_eq!(response.status(), 200);
    }

    let exported = receiver
        .all_spans_until_trace("65a1b2c300000000000000000000000b")
        .await;
    let lines = service.terminate().await;

    let traces: Vec<String> = exported
        .iter()
        .map(|exported| hex(&exported.span.trace_id))
        .collect();
    assert_eq!(traces, ["65a1b2c300000000000000000000000b"]);
    let access = lines
        .iter()
        .find(|line| line["request_id"] == "not-sampled" && line["message"] == "request finished")
        .expect("the access-log line");
    assert_eq!(access["trace_id"], "1-65a1b2c3-00000000000000000000000a");
}
