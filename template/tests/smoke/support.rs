//! Where the service is, how to call it (typed, or as plain HTTP), and the token for guarded operations.

use std::time::Duration;

use service_client::reqwest::{
    self,
    header::{HeaderMap, HeaderValue, AUTHORIZATION},
    StatusCode,
};
use service_client::Client;

/// `BASE_URL`, with exactly one trailing slash so relative paths append (API Gateway URLs end in `/<stage>/`).
pub fn base_url() -> String {
    let base = std::env::var("BASE_URL")
        .expect("BASE_URL must be set to the service's URL, e.g. http://127.0.0.1:3000");
    format!("{}/", base.trim_end_matches('/'))
}

/// An HTTP client with the smoke tests' timeout, sending `token` as a bearer token when given.
pub fn http(token: Option<&str>) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    if let Some(token) = token {
        let value =
            HeaderValue::from_str(&format!("Bearer {token}")).expect("a token is header-safe");
        headers.insert(AUTHORIZATION, value);
    }
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .default_headers(headers)
        .build()
        .expect("an HTTP client")
}

/// The service's typed client (its base URL without the trailing slash, as progenitor appends `/path`).
pub fn typed(token: Option<&str>) -> Client {
    Client::new_with_client(base_url().trim_end_matches('/'), http(token))
}

/// `GET <BASE_URL><path>` as plain HTTP, for what the description does not cover.
pub async fn get(path: &str) -> reqwest::Response {
    http(None)
        .get(format!("{}{path}", base_url()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

pub fn header_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A bearer token for the guarded operations, when the environment provides one (see the crate's documentation).
#[allow(dead_code)] // Services generated with `auth=none` guard nothing.
pub async fn token() -> Option<String> {
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
    let response = http(None)
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
    let body: serde_json::Value = response
        .json()
        .await
        .expect("the token endpoint answers JSON");
    body["access_token"].as_str().map(str::to_owned)
}

/// [`token`], which guarded operations cannot do without.
#[allow(dead_code)] // Services generated with `auth=none` guard nothing.
pub async fn required_token() -> String {
    token().await.expect(
        "this operation needs a token: set SMOKE_TOKEN, or SMOKE_TOKEN_URL, SMOKE_CLIENT_ID and SMOKE_CLIENT_SECRET",
    )
}
