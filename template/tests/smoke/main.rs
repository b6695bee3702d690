//! Black-box smoke tests of a running copy of the service, at `BASE_URL` (a deployed API such as
//! `https://<id>.execute-api.<region>.amazonaws.com/prod/`, or a local server such as `http://127.0.0.1:3000`).
//!
//! They are ignored by default, so `cargo nextest run` stays offline. deploy.yml and preview.yml run them after
//! every deploy:
//!
//! ```sh
//! BASE_URL=http://127.0.0.1:3000 cargo nextest run --test smoke --run-ignored only
//! ```
//!
//! They only read, except the Files round trip, which writes and deletes one file under a fresh `smoke/<uuid>/`
//! prefix, and only when the service's OpenAPI spec lists the Files API.
//!
//! Routes the spec guards get a bearer token: `SMOKE_TOKEN` as given (locally: the binary's `dev-token`), or one
//! fetched with the OAuth 2 client-credentials grant from `SMOKE_TOKEN_URL` with `SMOKE_CLIENT_ID` and
//! `SMOKE_CLIENT_SECRET` (deploy.yml and preview.yml read them from the stack's user pool).

use std::time::Duration;

use reqwest::{header, Client, Response, StatusCode};
use serde_json::Value;
use uuid::Uuid;

/// The Files API's route in the OpenAPI spec; only services generated with the example Files API have it.
const FILES_ROUTE: &str = "/v1/files/{path}";

/// `BASE_URL`, with exactly one trailing slash so relative paths append (API Gateway URLs end in `/<stage>/`).
fn base_url() -> String {
    let base = std::env::var("BASE_URL")
        .expect("BASE_URL must be set to the service's URL, e.g. http://127.0.0.1:3000");
    format!("{}/", base.trim_end_matches('/'))
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client")
}

fn url(path: &str) -> String {
    format!("{}{path}", base_url())
}

fn header_value<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn get(path: &str) -> Response {
    client()
        .get(url(path))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// A bearer token for the guarded routes, when the environment provides one (see the module's documentation).
async fn token() -> Option<String> {
    if let Ok(token) = std::env::var("SMOKE_TOKEN") {
        return Some(token.trim().to_owned());
    }
    let (Ok(token_url), Ok(client_id), Ok(secret)) = (
        std::env::var("SMOKE_TOKEN_URL"),
        std::env::var("SMOKE_CLIENT_ID"),
        std::env::var("SMOKE_CLIENT_SECRET"),
    ) else {
        return None;
    };
    let response = client()
        .post(&token_url)
        .basic_auth(&client_id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {token_url}: {e}"));
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the token endpoint refused the client"
    );
    let body: Value = response
        .json()
        .await
        .expect("the token endpoint answers JSON");
    body["access_token"].as_str().map(str::to_owned)
}

/// Whether the spec guards `method` on `path` with a bearer token.
fn guarded(spec: &Value, path: &str, method: &str) -> bool {
    spec["paths"][path][method]["security"].is_array()
}

/// The OpenAPI document the service serves.
async fn spec() -> Value {
    let response = get("openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK, "GET openapi.json");
    response.json().await.expect("openapi.json is JSON")
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn health_answers_ok_with_a_version_and_a_request_id() {
    let response = get("health").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_value(&response, "x-request-id").is_some_and(|id| !id.is_empty()));
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["status"], "ok");
    assert!(
        body["version"].as_str().is_some_and(|v| !v.is_empty()),
        "a version in {body}"
    );
    assert!(
        body["service"].as_str().is_some_and(|s| !s.is_empty()),
        "a service name in {body}"
    );
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn openapi_json_is_an_openapi_3_document_listing_health() {
    let spec = spec().await;

    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.")),
        "an OpenAPI 3 version, got {}",
        spec["openapi"]
    );
    assert!(spec["info"]["title"].is_string());
    assert!(spec["paths"]["/health"]["get"].is_object());
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn the_docs_page_is_html_that_loads_the_spec() {
    let response = get("docs").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_value(&response, "content-type").is_some_and(|t| t.starts_with("text/html")));
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
        header_value(&response, "content-type"),
        Some("application/problem+json")
    );
    let request_id = header_value(&response, "x-request-id")
        .expect("an x-request-id header")
        .to_owned();
    let problem: Value = response.json().await.expect("a JSON body");
    assert_eq!(problem["status"], 404);
    assert!(problem["type"].is_string() && problem["title"].is_string());
    assert_eq!(problem["request_id"], request_id.as_str());
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn files_round_trip_when_the_service_has_the_files_api() {
    // Arrange: only services generated with the example Files API list it.
    if !spec().await["paths"][FILES_ROUTE].is_object() {
        eprintln!("no {FILES_ROUTE} in openapi.json: no Files API to check");
        return;
    }
    let token = if guarded(&spec().await, FILES_ROUTE, "put") {
        Some(token().await.expect(
            "the Files API needs a token: set SMOKE_TOKEN, or SMOKE_TOKEN_URL, SMOKE_CLIENT_ID and SMOKE_CLIENT_SECRET",
        ))
    } else {
        None
    };
    let client = client();
    let send = |request: reqwest::RequestBuilder| match &token {
        Some(token) => request.bearer_auth(token).send(),
        None => request.send(),
    };
    let file = url(&format!("v1/files/smoke/{}/hello.txt", Uuid::new_v4()));
    let content = format!("smoke test {}", Uuid::new_v4());

    // Act + Assert: create, read back, delete, and it is gone.
    let put = send(
        client
            .put(&file)
            .header(header::CONTENT_TYPE, "text/plain")
            .header(header::IF_NONE_MATCH, "*")
            .body(content.clone()),
    )
    .await
    .expect("PUT answers");
    assert_eq!(put.status(), StatusCode::CREATED, "PUT {file}");

    let read = send(client.get(&file)).await.expect("GET answers");
    assert_eq!(read.status(), StatusCode::OK, "GET {file}");
    assert_eq!(read.text().await.expect("a body"), content);

    let delete = send(client.delete(&file)).await.expect("DELETE answers");
    assert_eq!(delete.status(), StatusCode::NO_CONTENT, "DELETE {file}");

    let gone = send(client.get(&file)).await.expect("GET answers");
    assert_eq!(
        gone.status(),
        StatusCode::NOT_FOUND,
        "GET {file} after DELETE"
    );
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn guarded_routes_refuse_a_caller_without_a_token() {
    let spec = spec().await;
    let guarded_gets: Vec<String> = spec["paths"]
        .as_object()
        .map(|paths| {
            paths
                .iter()
                .filter(|(path, item)| !path.contains('{') && item["get"]["security"].is_array())
                .map(|(path, _)| path.trim_start_matches('/').to_owned())
                .collect()
        })
        .unwrap_or_default();
    if guarded_gets.is_empty() {
        eprintln!("openapi.json guards no route: the service was generated with auth=none");
        return;
    }

    for path in guarded_gets {
        let response = get(&path).await;

        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "GET {path} without a token"
        );
        assert!(
            header_value(&response, "www-authenticate").is_some_and(|v| v.starts_with("Bearer")),
            "GET {path}: a Bearer challenge"
        );
        assert_eq!(
            header_value(&response, "content-type"),
            Some("application/problem+json"),
            "GET {path}"
        );
    }
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn a_token_identifies_its_caller_at_v1_me() {
    if !spec().await["paths"]["/v1/me"].is_object() {
        eprintln!("no /v1/me in openapi.json: the service was generated with auth=none");
        return;
    }
    let token = token()
        .await
        .expect("set SMOKE_TOKEN, or SMOKE_TOKEN_URL, SMOKE_CLIENT_ID and SMOKE_CLIENT_SECRET");

    let response = client()
        .get(url("v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET v1/me answers");

    assert_eq!(response.status(), StatusCode::OK);
    let caller: Value = response.json().await.expect("a JSON body");
    assert!(
        caller["subject"].as_str().is_some_and(|s| !s.is_empty()),
        "{caller}"
    );
}
