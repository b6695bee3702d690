//! The probe binary, started as Lambda starts it, answering events through the Runtime API emulator.

use std::{process::Stdio, time::Duration};

use tokio::process::{Child, Command};

use serverless_axum_testkit::emulator::{Emulator, Outcome};

use crate::probe;

fn start_function(emulator: &Emulator) -> Child {
    Command::new(probe())
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", emulator.address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "orders-api-test")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env(
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "2026/11/27/[$LATEST]0123456789abcdef",
        )
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/orders-api-test")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .env("APP_ENVIRONMENT", "test")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the service binary starts")
}

fn body_json(outcome: Option<Outcome>, expected_id: &str) -> serde_json::Value {
    match outcome {
        Some(Outcome::Response { request_id, body }) => {
            assert_eq!(request_id, expected_id);
            serde_json::from_slice(&body).expect("a JSON response")
        }
        Some(Outcome::Error { request_id, body }) => panic!(
            "the function reported an error for {request_id}: {}",
            String::from_utf8_lossy(&body)
        ),
        Some(Outcome::InitError { body }) => {
            panic!(
                "the function failed to start: {}",
                String::from_utf8_lossy(&body)
            )
        }
        None => panic!("no answer to {expected_id} in time"),
    }
}

#[tokio::test]
async fn the_binary_answers_rest_v1_and_http_v2_events_through_the_runtime_api() {
    let mut emulator = Emulator::start().await;
    let mut function = start_function(&emulator);

    emulator.invoke(
        "inv-1",
        serverless_axum_testkit::events::REST_V1_PROD_OPENAPI,
    );
    let spec_response = body_json(emulator.outcome(Duration::from_secs(30)).await, "inv-1");
    emulator.invoke(
        "inv-2",
        serverless_axum_testkit::events::HTTP_V2_DEFAULT_HEALTH,
    );
    let health_response = body_json(emulator.outcome(Duration::from_secs(30)).await, "inv-2");
    emulator.invoke(
        "inv-3",
        serverless_axum_testkit::events::REST_V1_STAGE_V2_MISSING,
    );
    let missing_response = body_json(emulator.outcome(Duration::from_secs(30)).await, "inv-3");

    // REST v1 answers in API Gateway's proxy-integration response shape.
    assert_eq!(spec_response["statusCode"], 200);
    let spec: serde_json::Value =
        serde_json::from_str(spec_response["body"].as_str().expect("a text body"))
            .expect("the body is the spec");
    assert!(spec["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    assert!(spec["paths"]["/health"].is_object());

    assert_eq!(health_response["statusCode"], 200);
    let health: serde_json::Value =
        serde_json::from_str(health_response["body"].as_str().expect("a text body")).expect("JSON");
    assert_eq!(health["status"], "ok");

    assert_eq!(missing_response["statusCode"], 404);
    let content_type = &missing_response["multiValueHeaders"]["content-type"][0];
    assert_eq!(
        content_type, "application/problem+json",
        "{missing_response}"
    );

    function.kill().await.ok();
}
