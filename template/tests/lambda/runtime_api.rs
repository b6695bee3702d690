//! The service's own wiring, proven end to end: its built binary, started as Lambda starts it, answers its routes
//! through the Runtime API emulator. The platform's Lambda handling (response shapes, problem+json, logs, metrics,
//! traces) is tested once in the platform, against the kit's probe binary.

use serverless_axum_testkit::{
    emulator::{service_binary, Emulator},
    issuer::TestIssuer,
};

#[tokio::test]
async fn the_service_binary_answers_its_routes_through_the_runtime_api() {
    let mut emulator = Emulator::start().await;
    // Deployed, a service with authentication refuses to start without an issuer; one without ignores it.
    let issuer = TestIssuer::start().await;
    let mut function =
        emulator.start_function_with(&service_binary(env!("CARGO_PKG_NAME")), &issuer.env());

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
    assert_eq!(health["service"], env!("CARGO_PKG_NAME"));

    function.kill().await.ok();
}
