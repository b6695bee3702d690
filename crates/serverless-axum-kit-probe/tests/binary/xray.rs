//! Traces to X-Ray with no layer: on Lambda with `AWS_XRAY_DAEMON_ADDRESS` set, each sampled invocation's spans
//! reach the daemon (here a UDP stand-in on 127.0.0.1) as X-Ray segment documents, flushed after the invocation,
//! in the invocation's trace (`Lambda-Runtime-Trace-Id`, which the runtime turns into `_X_AMZN_TRACE_ID`);
//! failures are marked `error` (4xx) or `fault` (5xx); an invocation Lambda did not sample sends nothing.

use serverless_axum_testkit::{
    binary::Running,
    emulator::Emulator,
    xray_receiver::{flatten_all, trace_id_now, tree, Document, Receiver, DAEMON_HEADER},
};

use crate::{
    lambda::{answered, lambda_env},
    probe,
};

/// The Lambda segment every invocation's spans are children of (`Parent=` of the trace header).
const LAMBDA_SEGMENT: &str = "53995c3f42cd8ad8";

/// The X-Ray trace header of trace `trace_id`, sampled or not.
fn trace_header(trace_id: &str, sampled: bool) -> String {
    format!(
        "Root={trace_id};Parent={LAMBDA_SEGMENT};Sampled={}",
        u8::from(sampled)
    )
}

/// The HTTP API event of `GET /health`, for another path.
fn event_for(path: &str) -> String {
    serverless_axum_testkit::events::HTTP_V2_DEFAULT_HEALTH.replace("/health", path)
}

#[tokio::test]
async fn lambda_sends_each_sampled_invocations_segments_to_the_daemon() {
    let mut receiver = Receiver::start().await;
    let mut emulator = Emulator::start().await;
    let mut env = lambda_env(&emulator);
    env.push(("AWS_XRAY_DAEMON_ADDRESS", receiver.address()));
    // Far beyond the test's patience: only the per-invocation flush can deliver the documents in time.
    env.push(("OTEL_BSP_SCHEDULE_DELAY", "600000".to_owned()));
    let function = Running::start(probe(), &env);

    let unsampled = trace_id_now("00000000000000000000000a");
    let health = trace_id_now("00000000000000000000000b");
    let missing = trace_id_now("00000000000000000000000c");
    let fault = trace_id_now("00000000000000000000000d");
    let invocations = [
        ("inv-x0", event_for("/health"), &unsampled, false),
        ("inv-x1", event_for("/health"), &health, true),
        ("inv-x2", event_for("/nothing-here"), &missing, true),
        ("inv-x3", event_for("/fault"), &fault, true),
    ];
    let mut datagrams = Vec::new();
    for (id, event, trace_id, sampled) in invocations {
        emulator.invoke_traced(id, &event, &trace_header(trace_id, sampled));
        answered(&mut emulator, id).await;
        if sampled {
            // Sent before the next event is asked for: no later invocation is needed to push them out.
            datagrams.extend(receiver.all_datagrams_until_trace(trace_id).await);
        }
    }
    let lines = function.kill().await;

    for datagram in &datagrams {
        assert_eq!(datagram.header, DAEMON_HEADER, "{datagram:?}");
    }
    let documents = flatten_all(&datagrams);
    assert!(
        documents
            .iter()
            .all(|document| document.trace_id != unsampled),
        "the unsampled invocation sent documents: {}",
        tree(&documents)
    );

    let health = request_segment(&documents, &health);
    assert_eq!(health.name(), env!("CARGO_PKG_NAME"));
    assert_eq!(health.json["http"]["request"]["method"], "GET");
    assert_eq!(health.json["http"]["response"]["status"], 200);
    for flag in ["error", "fault", "throttle"] {
        assert_ne!(health.json[flag], true, "{flag}: {}", health.json);
    }
    let start = health.json["start_time"].as_f64().expect("a start time");
    let end = health.json["end_time"].as_f64().expect("an end time");
    assert!(start > 1_700_000_000.0 && start <= end, "{}", health.json);
    // Logs and traces meet: the access-log line names the segment.
    let access = lines
        .iter()
        .find(|line| line["invocation_id"] == "inv-x1" && line["message"] == "request finished")
        .expect("the access-log line of inv-x1");
    assert_eq!(access["trace_id"], health.trace_id);
    assert_eq!(access["span_id"], health.id());

    let missing = request_segment(&documents, &missing);
    assert_eq!(missing.json["http"]["response"]["status"], 404);
    assert_eq!(missing.json["error"], true, "{}", missing.json);
    assert_ne!(missing.json["fault"], true, "{}", missing.json);

    let fault = request_segment(&documents, &fault);
    assert_eq!(fault.json["http"]["response"]["status"], 500);
    assert_eq!(fault.json["fault"], true, "{}", fault.json);
}

/// The one segment of trace `trace_id`: the request's, a child of the Lambda segment, with a 16-hex id of its
/// own; every other document of the trace is a subsegment with a parent.
fn request_segment<'a>(documents: &'a [Document], trace_id: &str) -> &'a Document {
    let of_trace: Vec<&Document> = documents
        .iter()
        .filter(|document| document.trace_id == *trace_id)
        .collect();
    let segments: Vec<&&Document> = of_trace
        .iter()
        .filter(|document| !document.subsegment)
        .collect();
    let [segment] = segments.as_slice() else {
        panic!("not exactly one segment in {trace_id}: {}", tree(documents));
    };
    assert_eq!(segment.parent_id.as_deref(), Some(LAMBDA_SEGMENT));
    assert_eq!(segment.id().len(), 16, "{}", segment.json);
    assert!(
        segment.id().chars().all(|c| c.is_ascii_hexdigit()),
        "{}",
        segment.json
    );
    for subsegment in of_trace.iter().filter(|document| document.subsegment) {
        assert!(
            subsegment.parent_id.is_some(),
            "a subsegment without a parent: {}",
            tree(documents)
        );
    }
    segment
}
