//! What only the S3 adapter has to prove: keys live under FILES_PREFIX, and an unreachable S3 is a 503 with
//! Retry-After, never a 500 or a panic.

use std::sync::Arc;

use axum::http::StatusCode;
use serverless_axum_kit::{service_info, Settings};
use serverless_axum_testkit::moto;
use service::files::store::s3::S3Store;

use crate::support::{router_over, sdk_config, send, FilesApp};

#[tokio::test]
async fn keys_live_under_the_prefix() {
    let app = FilesApp::s3().await;
    app.put("a/b.txt", "text/plain", "x")
        .await
        .assert_status(StatusCode::CREATED);
    let client = service::files::store::s3::client_for(&sdk_config(&moto::endpoint()));

    let listed = client
        .list_objects_v2()
        .bucket(app.bucket.as_deref().expect("a bucket"))
        .send()
        .await
        .expect("moto lists");

    let keys: Vec<_> = listed.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, ["tenant-a/a/b.txt"]);
}

#[tokio::test]
async fn an_unreachable_s3_is_a_503_with_retry_after() {
    // A port that was free a moment ago: connections to it are refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let store = S3Store::with_config(
        sdk_config(&format!("http://127.0.0.1:{port}")),
        "any-bucket",
        "",
    );
    let router = router_over(Arc::new(store), &Settings::for_tests(service_info!()));

    let answer = send(
        router,
        axum::http::Request::get("/v1/files/x.txt")
            .body(axum::body::Body::empty())
            .expect("a request"),
    )
    .await;

    answer.problem(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn a_missing_bucket_is_a_500_problem_not_a_panic() {
    let store = S3Store::with_config(
        sdk_config(&moto::endpoint()),
        format!("never-made-{}", uuid::Uuid::new_v4().simple()),
        "",
    );
    let router = router_over(Arc::new(store), &Settings::for_tests(service_info!()));

    let answer = send(
        router,
        axum::http::Request::put("/v1/files/x.txt")
            .body(axum::body::Body::from("x"))
            .expect("a request"),
    )
    .await;

    let detail = answer.problem(StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        !detail.contains("NoSuchBucket"),
        "causes stay in the logs: {detail}"
    );
}
