//! The probe binary, started as Lambda starts it, answering events through the Runtime API emulator.

use serverless_axum_testkit::emulator::Emulator;

use crate::probe;

#[tokio::test]
async fn the_binary_answers_rest_v1_and_http_v2_events_through_the_runtime_api() {
    let mut emulator = Emulator::start().await;
    let mut function = emulator.start_function(probe());

    let spec_response = emulator
        .invoke_json(
            "inv-1",
            serverless_axum_testkit::events::REST_V1_PROD_OPENAPI,
        )
        .await;
    let health_response = emulator
        .invoke_json(
            "inv-2",
            serverless_axum_testkit::events::HTTP_V2_DEFAULT_HEALTH,
        )
        .await;
    let missing_response = emulator
        .invoke_json(
            "inv-3",
            serverless_axum_testkit::events::REST_V1_STAGE_V2_MISSING,
        )
        .await;

    // REST v1 answers in API Gateway's proxy-integration response shape.
    assert_eq!(spec_response["statusCode"], 200);
    let spec = Emulator::body_json(&spec_response);
    assert!(spec["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    assert!(spec["paths"]["/health"].is_object());

    assert_eq!(health_response["statusCode"], 200);
    let health = Emulator::body_json(&health_response);
    assert_eq!(health["status"], "ok");

    assert_eq!(missing_response["statusCode"], 404);
    let content_type = &missing_response["multiValueHeaders"]["content-type"][0];
    assert_eq!(
        content_type, "application/problem+json",
        "{missing_response}"
    );

    function.kill().await.ok();
}
