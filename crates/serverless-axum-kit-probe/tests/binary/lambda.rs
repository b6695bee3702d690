//! Lambda mode: an invocation through the Runtime API emulator produces the documented log lines and, flushed
//! before the next event is requested, one EMF record, all carrying the request id and the invocation's trace id.

use std::time::Duration;

use serverless_axum_testkit::{
    binary::{is_emf, Running, PATIENCE},
    emf_spec,
    emulator::{Emulator, Outcome},
};

use crate::probe;

/// The trace id the emulator hands out with every event (`Lambda-Runtime-Trace-Id`), in X-Ray form.
const INVOCATION_TRACE_ID: &str = "1-65a1b2c3-0123456789abcdef01234567";

pub fn lambda_env(emulator: &Emulator) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_LAMBDA_RUNTIME_API", emulator.address.to_string()),
        ("AWS_LAMBDA_FUNCTION_NAME", "orders-api-test".to_owned()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256".to_owned()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
        ("AWS_LAMBDA_LOG_FORMAT", "JSON".to_owned()),
        ("AWS_LAMBDA_LOG_LEVEL", "INFO".to_owned()),
    ]
}

pub async fn answered(emulator: &mut Emulator, id: &str) {
    match emulator.outcome(PATIENCE).await {
        Some(Outcome::Response { request_id, .. }) => assert_eq!(request_id, id),
        other => panic!("no response to {id}: {other:?}"),
    }
}

#[tokio::test]
async fn an_invocation_logs_and_flushes_metrics_with_the_request_and_trace_ids() {
    let mut emulator = Emulator::start().await;
    let mut function = Running::start(probe(), &lambda_env(&emulator));

    emulator.invoke(
        "inv-1",
        serverless_axum_testkit::events::HTTP_V2_DEFAULT_HEALTH,
    );
    answered(&mut emulator, "inv-1").await;
    // Flushed after the answer, before the next event: no second invocation needed to see it.
    let record = function.wait_for(is_emf).await;
    emulator.invoke(
        "inv-2",
        serverless_axum_testkit::events::REST_V1_STAGE_V2_MISSING,
    );
    answered(&mut emulator, "inv-2").await;
    let second = function
        .wait_for(|line| is_emf(line) && line["Route"] == "unmatched")
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let lines = function.kill().await;

    // The event's own x-request-id is kept; the trace is the invocation's.
    let access = lines
        .iter()
        .find(|line| line["message"] == "request finished" && line["route"] == "/health")
        .expect("an access-log line for /health");
    assert_eq!(access["request_id"], "caller-chosen-id-7");
    assert_eq!(access["trace_id"], INVOCATION_TRACE_ID);
    assert_eq!(access["invocation_id"], "inv-1");
    assert_eq!(access["cold_start"], true);
    assert_eq!(access["status"], 200);
    assert_eq!(access["user_agent"], "curl/8.5.0");

    emf_spec::check(&record);
    assert_eq!(record["request_id"], "caller-chosen-id-7");
    assert_eq!(record["trace_id"], INVOCATION_TRACE_ID);
    assert_eq!(record["ColdStart"], 1);
    assert_eq!(record["Requests"], 1);
    assert_eq!(record["Route"], "/health");

    emf_spec::check(&second);
    assert_eq!(second["Errors"], 1);
    assert!(second.get("ColdStart").is_none());
    assert_eq!(second["trace_id"], INVOCATION_TRACE_ID);
    let second_id = second["request_id"].as_str().expect("a request id");
    let of_second: Vec<_> = lines
        .iter()
        .filter(|line| !is_emf(line) && line["request_id"] == second_id)
        .collect();
    assert!(of_second.len() >= 2, "{lines:#?}");
    assert!(of_second
        .iter()
        .all(|line| line["trace_id"] == INVOCATION_TRACE_ID));
}

/// The function's application log level (`AWS_LAMBDA_LOG_LEVEL`) only caps `RUST_LOG`: a function left at TRACE
/// still logs what `RUST_LOG` says, not the runtime client's, hyper's or the AWS SDK's TRACE records.
#[tokio::test]
async fn a_trace_function_log_level_does_not_turn_on_trace_logs() {
    let mut emulator = Emulator::start().await;
    let mut env: Vec<_> = lambda_env(&emulator)
        .into_iter()
        .filter(|(name, _)| *name != "AWS_LAMBDA_LOG_LEVEL")
        .collect();
    env.push(("AWS_LAMBDA_LOG_LEVEL", "TRACE".to_owned()));
    env.push(("RUST_LOG", "info".to_owned()));
    let mut function = Running::start(probe(), &env);

    emulator.invoke(
        "inv-trace",
        serverless_axum_testkit::events::HTTP_V2_DEFAULT_HEALTH,
    );
    answered(&mut emulator, "inv-trace").await;
    function.wait_for(is_emf).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let lines = function.kill().await;

    let verbose: Vec<_> = lines
        .iter()
        .filter(|line| matches!(line["level"].as_str(), Some("TRACE" | "DEBUG")))
        .collect();
    assert!(verbose.is_empty(), "{verbose:#?}");
    assert!(lines.len() <= 4, "{lines:#?}");
}
