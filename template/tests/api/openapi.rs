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

/// `openapi.json` at the service's root is the contract clients are generated from and reviewers diff: it must be
/// byte for byte what the server serves. After changing the API, refresh it with
/// `UPDATE_OPENAPI=1 cargo nextest run --test api checked_in` and commit it with the change.
#[tokio::test]
async fn the_checked_in_description_is_what_the_server_serves() {
    // As a text file: the served document and a final newline.
    let mut served = TestApp::new().get("/openapi.json").await.body;
    served.push(b'\n');
    // This service's folder when the test runs: cargo may reuse a binary built from the same code in another folder
    // (the harness generates the same service in several), and UPDATE_OPENAPI must write this one's file.
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    let path = std::path::Path::new(&dir).join("openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &served).expect("writing openapi.json");
        return;
    }
    let checked_in = std::fs::read(&path).unwrap_or_default();
    assert!(
        checked_in == served,
        "openapi.json differs from what the server serves at /openapi.json: run \
         `UPDATE_OPENAPI=1 cargo nextest run --test api checked_in` and commit openapi.json"
    );
}

/// Clients are generated from operation ids: each must name one operation.
#[tokio::test]
async fn every_operation_has_its_own_id() {
    let spec = TestApp::new().get("/openapi.json").await.json();
    let mut ids = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values() {
            if let Some(id) = operation.get("operationId").and_then(|id| id.as_str()) {
                ids.push(id.to_owned());
            }
        }
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "repeated operation ids among {ids:?}");
}
