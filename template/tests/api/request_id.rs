use axum::{body::Body, http::Request};

use crate::helpers::TestApp;

fn get_with_request_id(id: &str) -> Request<Body> {
    Request::get("/health")
        .header("x-request-id", id)
        .body(Body::empty())
        .expect("a request")
}

#[tokio::test]
async fn a_sane_incoming_request_id_is_echoed() {
    let app = TestApp::new();

    let response = app.send(get_with_request_id("client-chosen-id-42")).await;

    assert_eq!(response.header("x-request-id"), Some("client-chosen-id-42"));
}

#[tokio::test]
async fn an_insane_incoming_request_id_is_replaced_by_a_uuid() {
    let app = TestApp::new();

    let response = app
        .send(get_with_request_id("<script>alert(1)</script>"))
        .await;

    let id = response.header("x-request-id").expect("a request id");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[tokio::test]
async fn every_response_gets_a_request_id_and_they_differ() {
    let app = TestApp::new();

    let first = app.get("/health").await;
    let second = app.get("/nope").await;

    let first = first
        .header("x-request-id")
        .expect("a request id")
        .to_owned();
    let second = second
        .header("x-request-id")
        .expect("a request id")
        .to_owned();
    assert_ne!(first, second);
}
