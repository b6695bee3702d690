//! Every error is RFC 9457 problem+json with the request id; client mistakes are 4xx; panics are 500s that
//! leave the service serving.

use axum::{
    http::{Method, StatusCode},
    routing::get,
    Router,
};
use serverless_axum_kit::{layers, service_info, Settings};

use crate::helpers::{send, TestApp};

#[tokio::test]
async fn an_unknown_route_is_a_404_problem() {
    let app = TestApp::new();

    let response = app.get("/no/such/route").await;

    let problem = response.assert_problem(StatusCode::NOT_FOUND);
    assert_eq!(
        problem["type"],
        "https://problems.serverless-axum.dev/not-found"
    );
    assert_eq!(problem["instance"], "/no/such/route");
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("/no/such/route")));
}

#[tokio::test]
async fn a_wrong_method_is_a_405_problem_with_allow() {
    let app = TestApp::new();

    let response = app.request(Method::DELETE, "/health", "").await;

    let problem = response.assert_problem(StatusCode::METHOD_NOT_ALLOWED);
    assert!(response
        .header("allow")
        .is_some_and(|allow| allow.contains("GET")));
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("DELETE")));
}

#[tokio::test]
async fn an_oversize_body_is_a_413_problem() {
    let mut settings = Settings::for_tests(service_info!());
    settings.max_body_bytes = 1024;
    let app = crate::helpers::TestApp::with_settings(settings);

    let request = axum::http::Request::post("/health")
        .header("content-length", "4096")
        .body(axum::body::Body::from(vec![b'x'; 4096]))
        .expect("a request");

    let response = app.send(request).await;

    let problem = response.assert_problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("1024")),
        "{problem}"
    );
}

#[tokio::test]
async fn a_malformed_percent_encoding_is_a_client_error_not_a_crash() {
    let app = TestApp::new();

    let response = app.get("/health%ZZ").await;

    assert!(response.status.is_client_error(), "{}", response.status);
    response.assert_problem(response.status);
}

async fn boom() -> &'static str {
    panic!("a bug in a handler")
}

/// The real middleware stack around a route that panics.
fn panicking_app() -> Router {
    let routes = Router::new()
        .route("/boom", get(boom))
        .route("/fine", get(|| async { "fine" }));
    layers(&Settings::for_tests(service_info!())).apply(routes)
}

#[tokio::test]
async fn a_panic_is_a_500_problem_and_the_service_keeps_serving() {
    let app = panicking_app();

    let boom = send(app.clone(), get_request("/boom")).await;
    let fine = send(app, get_request("/fine")).await;

    let problem = boom.assert_problem(StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        !problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("a bug in a handler"),
        "server faults must not leak their cause: {problem}"
    );
    assert_eq!(fine.status, StatusCode::OK);
}

fn get_request(uri: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .expect("a request")
}
