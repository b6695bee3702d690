//! `TestApp`: the service's real router, with typed helpers for sending it requests.

use axum::{
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use serverless_axum_kit::{service_info, Settings};
use service::{app::build_router, state::AppState};
use tower::ServiceExt;

/// What came back.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    /// The body as JSON; panics (failing the test) when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "body is not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an RFC 9457 problem with `status`, carrying the request id, and returns it.
    pub fn assert_problem(&self, status: StatusCode) -> serde_json::Value {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let problem = self.json();
        assert_eq!(problem["status"], status.as_u16());
        for member in ["type", "title", "detail", "instance", "request_id"] {
            assert!(
                problem[member].is_string(),
                "problem lacks {member}: {problem}"
            );
        }
        assert_eq!(
            problem["request_id"].as_str(),
            self.header("x-request-id"),
            "the body's request id is the header's"
        );
        problem
    }
}

pub struct TestApp {
    pub router: Router,
}

impl TestApp {
    /// The service with default test settings.
    pub fn new() -> Self {
        Self::with_settings(Settings::for_tests(service_info!()))
    }

    pub fn with_settings(settings: Settings) -> Self {
        Self {
            router: build_router(AppState::with_defaults(settings)),
        }
    }

    pub async fn get(&self, uri: &str) -> TestResponse {
        self.send(Request::get(uri).body(Body::empty()).expect("a request"))
            .await
    }

    pub async fn request(&self, method: Method, uri: &str, body: impl Into<Body>) -> TestResponse {
        self.send(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(body.into())
                .expect("a request"),
        )
        .await
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        send(self.router.clone(), request).await
    }
}

/// Sends `request` to `router` in-process and collects the response.
pub async fn send(router: Router, request: Request<Body>) -> TestResponse {
    let response = router
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .expect("a readable body")
        .to_bytes()
        .to_vec();
    TestResponse {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}
