//! What only the local-directory adapter has to prove: it never follows a symbolic link out of its directory,
//! its metadata survives a restart, its ETags are content hashes, and it leaves no temporary files behind.

use std::{path::Path, sync::Arc};

use axum::http::StatusCode;
use serverless_axum_kit::{service_info, Settings};
use service::files::store::local::LocalStore;

use crate::support::{router_over, send, FilesApp};

fn root(app: &FilesApp) -> &Path {
    app.dir.as_ref().expect("a local store").path()
}

#[tokio::test]
async fn a_symlinked_folder_planted_in_the_store_is_never_followed() {
    let app = FilesApp::local();
    let outside = tempfile::tempdir().expect("a directory outside the store");
    std::fs::create_dir_all(root(&app).join("index")).expect("the index");
    std::os::unix::fs::symlink(outside.path(), root(&app).join("index").join("d.escape"))
        .expect("a planted link");
    std::fs::write(outside.path().join("f.secret"), br#"{"not":"yours"}"#).expect("a file outside");

    let write = app.put("escape/new.txt", "text/plain", "x").await;
    let read = app.get("/v1/files/escape/secret").await;

    let detail = write.problem(StatusCode::FORBIDDEN);
    assert!(detail.contains("symbolic link"), "{detail}");
    read.problem(StatusCode::FORBIDDEN);
    let outside_entries: Vec<_> = std::fs::read_dir(outside.path())
        .expect("readable")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    assert_eq!(outside_entries, ["f.secret"], "nothing was written outside");
    assert_eq!(
        app.get("/v1/files").await.json()["items"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn a_symlinked_file_planted_in_the_store_is_never_read_or_replaced() {
    let app = FilesApp::local();
    let outside = tempfile::tempdir().expect("a directory outside the store");
    let target = outside.path().join("passwd");
    std::fs::write(&target, "root:x:0:0").expect("a file outside");
    std::fs::create_dir_all(root(&app).join("index")).expect("the index");
    std::os::unix::fs::symlink(&target, root(&app).join("index").join("f.leak")).expect("a link");

    app.get("/v1/files/leak")
        .await
        .problem(StatusCode::FORBIDDEN);
    app.put("leak", "text/plain", "overwritten")
        .await
        .problem(StatusCode::FORBIDDEN);

    assert_eq!(
        std::fs::read_to_string(&target).expect("still there"),
        "root:x:0:0"
    );
}

#[tokio::test]
async fn metadata_survives_a_restart() {
    let app = FilesApp::local();
    let written = app
        .put("kept/photo.png", "image/png", vec![1u8, 2, 3])
        .await;
    written.assert_status(StatusCode::CREATED);

    let restarted = router_over(
        Arc::new(LocalStore::new(root(&app))),
        &Settings::for_tests(service_info!()),
    );
    let read = send(
        restarted,
        axum::http::Request::get("/v1/files/kept/photo.png")
            .body(axum::body::Body::empty())
            .expect("a request"),
    )
    .await;

    read.assert_status(StatusCode::OK);
    assert_eq!(read.body, [1, 2, 3]);
    assert_eq!(read.header("content-type"), Some("image/png"));
    assert_eq!(read.header("etag"), written.header("etag"));
    assert!(read.header("last-modified").is_some());
}

#[tokio::test]
async fn the_etag_is_the_sha256_of_the_content() {
    let app = FilesApp::local();

    let etag = app.etag_after_put("hashed.txt", b"abc").await;

    assert_eq!(
        etag,
        "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""
    );
}

#[tokio::test]
async fn writes_leave_no_temporary_files_and_deletes_leave_no_empty_folders() {
    let app = FilesApp::local();
    app.put("deep/er/file.txt", "text/plain", "one").await;
    app.put("deep/er/file.txt", "text/plain", "two").await;
    app.put("once.txt", "text/plain", "x").await;
    app.put_with("once.txt", "text/plain", "y", &[("if-none-match", "*")])
        .await
        .problem(StatusCode::PRECONDITION_FAILED);
    app.call(
        axum::http::Method::DELETE,
        "/v1/files/deep/er/file.txt",
        &[],
    )
    .await
    .assert_status(StatusCode::NO_CONTENT);

    let tmp: Vec<_> = std::fs::read_dir(root(&app).join("tmp"))
        .expect("the tmp folder")
        .collect();
    assert!(tmp.is_empty(), "{tmp:?}");
    let blobs = std::fs::read_dir(root(&app).join("blobs"))
        .expect("the blobs folder")
        .count();
    assert_eq!(blobs, 1, "only the blob of once.txt remains");
    assert!(!root(&app).join("index").join("d.deep").exists());
}

#[tokio::test]
async fn a_segment_too_long_for_the_filesystem_is_a_400() {
    let app = FilesApp::local();

    let answer = app.put(&"s".repeat(300), "text/plain", "x").await;

    let detail = answer.problem(StatusCode::BAD_REQUEST);
    assert!(detail.contains("253"), "{detail}");
}
