//! What every service answers: health, its description, its docs page, problem+json for an unknown route.

use service_client::reqwest::StatusCode;
use uuid::Uuid;

use crate::support::{get, header_value, typed};

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn health_answers_ok_with_a_version_and_a_request_id() {
    let health = typed(None).health().await.expect("GET health answers 200");

    assert_eq!(health.status(), StatusCode::OK);
    assert!(header_value(health.headers(), "x-request-id").is_some_and(|id| !id.is_empty()));
    assert_eq!(health.status, "ok");
    assert!(!health.version.is_empty());
    assert!(!health.service.is_empty());
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn openapi_json_is_the_description_the_client_was_built_from() {
    let response = get("openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK, "GET openapi.json");
    let served: serde_json::Value = response.json().await.expect("openapi.json is JSON");

    let checked_in: serde_json::Value = serde_json::from_str(include_str!("../../openapi.json"))
        .expect("the checked-in openapi.json is JSON");
    assert_eq!(
        served, checked_in,
        "the deployed service serves another description than this commit's openapi.json"
    );
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn the_docs_page_is_html_that_loads_the_spec() {
    let response = get("docs").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_value(response.headers(), "content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    assert!(response
        .text()
        .await
        .expect("a body")
        .contains("openapi.json"));
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn an_unknown_route_is_a_404_problem_with_the_request_id() {
    let response = get(&format!("smoke-missing-{}", Uuid::new_v4())).await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header_value(response.headers(), "content-type"),
        Some("application/problem+json")
    );
    let request_id = header_value(response.headers(), "x-request-id")
        .expect("an x-request-id header")
        .to_owned();
    let problem: serde_json::Value = response.json().await.expect("a JSON body");
    assert_eq!(problem["status"], 404);
    assert!(problem["type"].is_string() && problem["title"].is_string());
    assert_eq!(problem["request_id"], request_id.as_str());
}
