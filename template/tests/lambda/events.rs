//! Each event is parsed by `lambda_http` exactly as in Lambda, then answered by the service's router behind the
//! same stage handling the Lambda runtime uses.

use axum::http::StatusCode;
use http_body_util::BodyExt;
use serverless_axum_kit::{runtime::lambda::strip_stage, service_info, Settings};
use serverless_axum_testkit::events;
use service::{app::build_router, state::AppState};
use tower::{ServiceBuilder, ServiceExt};

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn answer(event_json: &str) -> Answer {
    let request = lambda_http::request::from_str(event_json).expect("lambda_http parses the event");
    let router = build_router(AppState::with_defaults(Settings::for_tests(
        service_info!(),
    )));
    let response = ServiceBuilder::new()
        .map_request(strip_stage)
        .service(router)
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let (parts, body) = response.into_parts();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.expect("a body").to_bytes().to_vec(),
    }
}

#[tokio::test]
async fn rest_v1_on_stage_prod_serves_the_spec_at_the_local_path() {
    let answer = answer(events::REST_V1_PROD_OPENAPI).await;

    assert_eq!(answer.status, StatusCode::OK);
    let spec = answer.json();
    assert!(spec["paths"]["/health"].is_object());
    // API Gateway's request id becomes the request id when the caller sent none.
    assert_eq!(
        answer.header("x-request-id"),
        Some("c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
    );
}

#[tokio::test]
async fn rest_v1_on_stage_prod_serves_the_docs_page() {
    let answer = answer(events::REST_V1_PROD_DOCS).await;

    assert_eq!(answer.status, StatusCode::OK);
    let page = String::from_utf8(answer.body).expect("utf-8");
    assert!(page.contains(r#"data-url="openapi.json""#));
}

#[tokio::test]
async fn rest_v1_keeps_a_resource_path_that_starts_like_the_stage() {
    let answer = answer(events::REST_V1_STAGE_V2_MISSING).await;

    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(
        answer.header("content-type"),
        Some("application/problem+json")
    );
    let problem = answer.json();
    assert_eq!(problem["instance"], "/v2/nothing-here");
    assert_eq!(
        problem["request_id"],
        "e8af9ac6-7b61-11e6-9a41-93e8deadbeef"
    );
}

#[tokio::test]
async fn http_v2_default_stage_serves_health_and_keeps_the_callers_request_id() {
    let answer = answer(events::HTTP_V2_DEFAULT_HEALTH).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["status"], "ok");
    assert_eq!(answer.header("x-request-id"), Some("caller-chosen-id-7"));
}

#[tokio::test]
async fn http_v2_named_stage_is_stripped_from_the_raw_path() {
    let answer = answer(events::HTTP_V2_STAGING_OPENAPI).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.json()["openapi"].is_string());
    assert_eq!(answer.header("x-request-id"), Some("KLKaXmPLvHcESHB="));
}

#[tokio::test]
async fn alb_serves_health() {
    let answer = answer(events::ALB_HEALTH).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["service"], env!("CARGO_PKG_NAME"));
    let id = answer.header("x-request-id").expect("a request id");
    assert!(
        uuid::Uuid::parse_str(id).is_ok(),
        "ALB has no request id of its own: {id}"
    );
}

#[tokio::test]
async fn function_url_serves_health() {
    let answer = answer(events::FUNCTION_URL_HEALTH).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["status"], "ok");
}
