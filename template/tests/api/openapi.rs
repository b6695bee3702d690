use axum::http::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn the_spec_is_openapi_3_1_and_describes_the_routes() {
    let app = TestApp::new();

    let response = app.get("/openapi.json").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let spec = response.json();
    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        spec["openapi"]
    );
    assert_eq!(spec["info"]["title"], env!("CARGO_PKG_NAME"));
    assert!(spec["paths"]["/health"]["get"].is_object());
    assert!(spec["components"]["schemas"]["Problem"].is_object());
}

#[tokio::test]
async fn the_spec_is_the_same_on_every_request() {
    let app = TestApp::new();

    let first = app.get("/openapi.json").await;
    let second = app.get("/openapi.json").await;

    assert_eq!(first.body, second.body);
}

#[tokio::test]
async fn the_docs_page_loads_the_spec_by_a_relative_url() {
    let app = TestApp::new();

    let response = app.get("/docs").await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response
        .header("content-type")
        .is_some_and(|v| v.starts_with("text/html")));
    let page = String::from_utf8(response.body).expect("utf-8");
    // Relative: resolves to /openapi.json locally and to /<stage>/openapi.json behind API Gateway.
    assert!(page.contains(r#"data-url="openapi.json""#), "{page}");
}
