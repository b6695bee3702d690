//! A binary file through Lambda: a PNG uploaded and downloaded through API Gateway REST (v1) and HTTP (v2)
//! events comes back byte for byte, base64 in and base64 out. Once through `lambda_http`'s event parsing
//! in-process, once through the built binary and the Runtime API emulator.

use std::{process::Stdio, sync::Arc, time::Duration};

use axum::http::StatusCode;
use base64::{engine::general_purpose::STANDARD, Engine};
use http_body_util::BodyExt;
use serverless_axum_kit::{runtime::lambda::strip_stage, service_info, Settings};
use serverless_axum_testkit::{
    emulator::{service_binary, Emulator, Outcome},
    events::with_bearer,
    issuer::TestIssuer,
};
use service::files::store::local::LocalStore;
use tokio::process::{Child, Command};
use tower::{ServiceBuilder, ServiceExt};

use crate::support::router_over;

/// A valid 1×1 RGB PNG (signature, IHDR, IDAT, IEND), bytes inline. The event fixtures carry it base64-encoded.
const PNG: [u8; 69] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xd0, 0x00,
    0x00, 0x03, 0x81, 0x01, 0x80, 0xa2, 0xad, 0x96, 0x81, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

const REST_PUT: &str = include_str!("events/rest-v1-put-png.json");
const REST_GET: &str = include_str!("events/rest-v1-get-png.json");
const HTTP_PUT: &str = include_str!("events/http-v2-put-png.json");
const HTTP_GET: &str = include_str!("events/http-v2-get-png.json");

/// Answers one event the way the Lambda runtime does: parsed by `lambda_http`, stage stripped, then routed.
async fn answer(store: &Arc<LocalStore>, event: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    let request = lambda_http::request::from_str(event).expect("lambda_http parses the event");
    let router = router_over(store.clone(), &Settings::for_tests(service_info!()));
    let response = ServiceBuilder::new()
        .map_request(strip_stage)
        .service(router)
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let (parts, body) = response.into_parts();
    let content_type = parts
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = body.collect().await.expect("a body").to_bytes().to_vec();
    (parts.status, content_type, body)
}

#[test]
fn the_fixtures_carry_the_png() {
    for event in [REST_PUT, HTTP_PUT] {
        let json: serde_json::Value = serde_json::from_str(event).expect("JSON");
        assert_eq!(json["isBase64Encoded"], true);
        let body = STANDARD
            .decode(json["body"].as_str().expect("a body"))
            .expect("base64");
        assert_eq!(body, PNG);
    }
}

#[tokio::test]
async fn a_png_round_trips_through_rest_v1_and_http_v2_events() {
    for (put, get) in [
        (REST_PUT, REST_GET),
        (HTTP_PUT, HTTP_GET),
        (REST_PUT, HTTP_GET),
    ] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Arc::new(LocalStore::new(dir.path()));

        let (put_status, _, _) = answer(&store, put).await;
        let (get_status, content_type, body) = answer(&store, get).await;

        assert_eq!(put_status, StatusCode::CREATED);
        assert_eq!(get_status, StatusCode::OK);
        assert_eq!(content_type.as_deref(), Some("image/png"));
        assert_eq!(body, PNG);
    }
}

/// The binary, as Lambda starts it, trusting `issuer` (a service generated with `auth=none` ignores it).
fn start_function(emulator: &Emulator, files_dir: &std::path::Path, issuer: &TestIssuer) -> Child {
    Command::new(service_binary(env!("CARGO_PKG_NAME")))
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", emulator.address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "orders-api-test")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .env("APP_ENVIRONMENT", "test")
        .env("FILES_DIR", files_dir)
        .envs(issuer.env())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the service binary starts")
}

async fn invoke(emulator: &mut Emulator, id: &str, event: &str) -> serde_json::Value {
    emulator.invoke(id, event);
    match emulator.outcome(Duration::from_secs(30)).await {
        Some(Outcome::Response { request_id, body }) => {
            assert_eq!(request_id, id);
            serde_json::from_slice(&body).expect("a JSON response")
        }
        Some(Outcome::Error { request_id, body }) => panic!(
            "the function reported an error for {request_id}: {}",
            String::from_utf8_lossy(&body)
        ),
        Some(Outcome::InitError { body }) => panic!(
            "the function failed to start: {}",
            String::from_utf8_lossy(&body)
        ),
        None => panic!("no answer to {id} in time"),
    }
}

/// The PNG out of a proxy-integration response: base64, flagged as such.
fn png_in(response: &serde_json::Value) -> Vec<u8> {
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(response["isBase64Encoded"], true, "{response}");
    STANDARD
        .decode(response["body"].as_str().expect("a body"))
        .expect("base64")
}

#[tokio::test]
async fn the_binary_stores_and_serves_a_png_through_the_runtime_api() {
    let files_dir = tempfile::tempdir().expect("a temporary directory");
    let mut emulator = Emulator::start().await;
    let issuer = TestIssuer::start().await;
    let mut function = start_function(&emulator, files_dir.path(), &issuer);
    let token = issuer.token(&["files:read", "files:write"]);

    let created = invoke(&mut emulator, "inv-put", &with_bearer(REST_PUT, &token)).await;
    let via_http = invoke(&mut emulator, "inv-get-v2", &with_bearer(HTTP_GET, &token)).await;
    let via_rest = invoke(&mut emulator, "inv-get-v1", &with_bearer(REST_GET, &token)).await;
    let replaced = invoke(&mut emulator, "inv-put-v2", &with_bearer(HTTP_PUT, &token)).await;

    assert_eq!(created["statusCode"], 201, "{created}");
    assert_eq!(png_in(&via_http), PNG);
    assert_eq!(via_http["headers"]["content-type"], "image/png");
    assert_eq!(png_in(&via_rest), PNG);
    assert_eq!(
        via_rest["multiValueHeaders"]["content-type"][0],
        "image/png"
    );
    assert_eq!(replaced["statusCode"], 200, "{replaced}");

    function.kill().await.ok();
}
