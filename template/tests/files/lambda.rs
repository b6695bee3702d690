//! A binary file through Lambda: a PNG uploaded and downloaded through API Gateway REST (v1) and HTTP (v2)
//! events comes back byte for byte, base64 in and base64 out. Once through `lambda_http`'s event parsing
//! in-process, once through the built binary and the Runtime API emulator.

use std::sync::Arc;

use axum::http::StatusCode;
use base64::{engine::general_purpose::STANDARD, Engine};
use http_body_util::BodyExt;
use serverless_axum_kit::{runtime::lambda::strip_stage, service_info, Settings};
use serverless_axum_testkit::{
    emulator::{service_binary, Emulator},
    events::with_bearer,
    issuer::TestIssuer,
};
use service::files::store::local::LocalStore;
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
    // The Files API on a temporary folder, trusting `issuer` (a service generated with `auth=none` ignores it).
    let mut env = issuer.env();
    env.push(("FILES_DIR", files_dir.path().display().to_string()));
    let mut function = emulator.start_function_with(&service_binary(env!("CARGO_PKG_NAME")), &env);
    let token = issuer.token(&["files:read", "files:write"]);

    let created = emulator
        .invoke_json("inv-put", &with_bearer(REST_PUT, &token))
        .await;
    let via_http = emulator
        .invoke_json("inv-get-v2", &with_bearer(HTTP_GET, &token))
        .await;
    let via_rest = emulator
        .invoke_json("inv-get-v1", &with_bearer(REST_GET, &token))
        .await;
    let replaced = emulator
        .invoke_json("inv-put-v2", &with_bearer(HTTP_PUT, &token))
        .await;

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
