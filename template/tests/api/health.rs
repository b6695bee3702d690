use axum::http::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_reports_the_service_and_its_version() {
    let app = TestApp::new();

    let response = app.get("/health").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body = response.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["service"], env!("CARGO_PKG_NAME"));
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}
