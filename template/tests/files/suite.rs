//! The behaviour every store must have, as one suite run against both adapters: each case below becomes a
//! test in `suite::local` and one in `suite::s3`.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};

use crate::support::{Backend, FilesApp};

/// Declares each case as a test once per adapter.
macro_rules! for_both_stores {
    ($($case:ident),* $(,)?) => {
        mod local {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(crate::support::FilesApp::new(crate::support::Backend::Local).await).await;
                }
            )*
        }
        mod s3 {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(crate::support::FilesApp::new(crate::support::Backend::S3).await).await;
                }
            )*
        }
    };
}

for_both_stores!(
    a_put_creates_then_replaces_and_reports_metadata,
    bytes_come_back_exactly_as_sent,
    files_and_ranges_of_every_size_come_back_exactly,
    head_answers_the_headers_without_the_body,
    if_none_match_star_creates_but_never_overwrites,
    if_match_replaces_only_the_named_version,
    concurrent_writers_with_if_match_exactly_one_wins,
    a_current_etag_in_if_none_match_is_a_304,
    a_single_range_is_a_206_and_an_unsatisfiable_one_a_416,
    delete_is_204_then_404_and_honours_if_match,
    listing_pages_in_order_and_the_cursor_survives_new_writes,
    listing_parameters_are_checked,
    path_rules_apply_after_exactly_one_percent_decoding,
    an_upload_ticket_leads_to_a_stored_file,
    a_download_url_serves_the_file,
    a_body_over_the_inline_limit_is_a_413_naming_the_upload_endpoint,
);

async fn a_put_creates_then_replaces_and_reports_metadata(app: FilesApp) {
    let created = app.put("docs/readme.txt", "text/plain", "hello").await;
    created.assert_status(StatusCode::CREATED);
    let meta = created.json();
    assert_eq!(meta["path"], "docs/readme.txt");
    assert_eq!(meta["size"], 5);
    assert_eq!(meta["content_type"], "text/plain");
    assert_eq!(meta["etag"].as_str(), created.header("etag"));
    assert!(meta["last_modified"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));
    assert_eq!(
        created.header("location"),
        Some("/v1/files/docs/readme.txt")
    );

    let replaced = app
        .put("docs/readme.txt", "text/markdown", "# hello!")
        .await;
    replaced.assert_status(StatusCode::OK);
    assert_ne!(replaced.header("etag"), created.header("etag"));

    let read = app.get("/v1/files/docs/readme.txt").await;
    read.assert_status(StatusCode::OK);
    assert_eq!(read.body, b"# hello!");
    assert_eq!(read.header("content-type"), Some("text/markdown"));
    assert_eq!(read.header("content-length"), Some("8"));
    assert_eq!(read.header("etag"), replaced.header("etag"));
    assert!(read
        .header("last-modified")
        .is_some_and(|d| d.ends_with("GMT")));
}

async fn bytes_come_back_exactly_as_sent(app: FilesApp) {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();

    app.put("bin/all-bytes", "application/octet-stream", bytes.clone())
        .await
        .assert_status(StatusCode::CREATED);
    let read = app.get("/v1/files/bin/all-bytes").await;

    read.assert_status(StatusCode::OK);
    assert_eq!(read.body, bytes);
}

/// Sizes on both sides of the local store's read-at-once limit (64 KiB), an empty file, and ranges deep into
/// a file that streams.
async fn files_and_ranges_of_every_size_come_back_exactly(app: FilesApp) {
    for size in [0, 1, 65_535, 65_536, 65_537, 300_000] {
        let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let path = format!("sizes/{size}.bin");
        app.put(&path, "application/octet-stream", bytes.clone())
            .await
            .assert_status(StatusCode::CREATED);

        let whole = app.get(&format!("/v1/files/{path}")).await;
        whole.assert_status(StatusCode::OK);
        assert_eq!(whole.body.len(), size, "{path}");
        assert!(whole.body == bytes, "{path} came back changed");
        assert_eq!(
            whole.header("content-length"),
            Some(size.to_string().as_str())
        );

        if size > 2 {
            let (first, last) = (size / 2, size - 2);
            let range = format!("bytes={first}-{last}");
            let part = app
                .get_with(&format!("/v1/files/{path}"), &[("range", range.as_str())])
                .await;
            part.assert_status(StatusCode::PARTIAL_CONTENT);
            assert!(part.body == bytes[first..=last], "{path} {range}");
        }
    }
}

async fn head_answers_the_headers_without_the_body(app: FilesApp) {
    let etag = app.etag_after_put("a/b/c.txt", b"twelve bytes").await;

    let head = app.call(Method::HEAD, "/v1/files/a/b/c.txt", &[]).await;

    head.assert_status(StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), Some("12"));
    assert_eq!(head.header("etag"), Some(etag.as_str()));
    assert_eq!(head.header("content-type"), Some("text/plain"));
    let missing = app.call(Method::HEAD, "/v1/files/nope", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn if_none_match_star_creates_but_never_overwrites(app: FilesApp) {
    let create_only = [("if-none-match", "*")];

    let first = app
        .put_with("once.txt", "text/plain", "first", &create_only)
        .await;
    let second = app
        .put_with("once.txt", "text/plain", "second", &create_only)
        .await;

    first.assert_status(StatusCode::CREATED);
    let detail = second.problem(StatusCode::PRECONDITION_FAILED);
    assert!(detail.contains("If-None-Match"), "{detail}");
    assert_eq!(app.get("/v1/files/once.txt").await.body, b"first");
}

async fn if_match_replaces_only_the_named_version(app: FilesApp) {
    let v1 = app.etag_after_put("doc.txt", b"v1").await;
    let v2 = app.etag_after_put("doc.txt", b"v2").await;

    let stale = app
        .put_with("doc.txt", "text/plain", "from v1", &[("if-match", &v1)])
        .await;
    let current = app
        .put_with("doc.txt", "text/plain", "from v2", &[("if-match", &v2)])
        .await;
    let absent = app
        .put_with("absent.txt", "text/plain", "x", &[("if-match", &v2)])
        .await;

    stale.problem(StatusCode::PRECONDITION_FAILED);
    current.assert_status(StatusCode::OK);
    absent.problem(StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.get("/v1/files/doc.txt").await.body, b"from v2");
    let both = app
        .put_with(
            "doc.txt",
            "text/plain",
            "x",
            &[("if-match", &v2), ("if-none-match", "*")],
        )
        .await;
    // The file matches v2, so it exists: `If-None-Match: *` cannot hold as well.
    both.problem(StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.get("/v1/files/doc.txt").await.body, b"from v2");
}

async fn concurrent_writers_with_if_match_exactly_one_wins(app: FilesApp) {
    let etag = app.etag_after_put("contended.txt", b"original").await;
    let condition = [("if-match", etag.as_str())];

    let (alice, bob) = tokio::join!(
        app.put_with("contended.txt", "text/plain", "alice", &condition),
        app.put_with("contended.txt", "text/plain", "bob", &condition),
    );

    let mut statuses = [alice.status, bob.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
    let winner: &[u8] = if alice.status == StatusCode::OK {
        b"alice"
    } else {
        b"bob"
    };
    assert_eq!(app.get("/v1/files/contended.txt").await.body, winner);
}

async fn a_current_etag_in_if_none_match_is_a_304(app: FilesApp) {
    let etag = app.etag_after_put("cached.txt", b"cache me").await;

    let fresh = app
        .get_with(
            "/v1/files/cached.txt",
            &[("if-none-match", &format!("\"other\", {etag}"))],
        )
        .await;
    let weak = app
        .get_with(
            "/v1/files/cached.txt",
            &[("if-none-match", &format!("W/{etag}"))],
        )
        .await;
    let stale = app
        .get_with("/v1/files/cached.txt", &[("if-none-match", "\"other\"")])
        .await;

    fresh.assert_status(StatusCode::NOT_MODIFIED);
    assert!(fresh.body.is_empty());
    assert_eq!(fresh.header("etag"), Some(etag.as_str()));
    weak.assert_status(StatusCode::NOT_MODIFIED);
    stale.assert_status(StatusCode::OK);
    assert_eq!(stale.body, b"cache me");
}

async fn a_single_range_is_a_206_and_an_unsatisfiable_one_a_416(app: FilesApp) {
    app.put("range.txt", "text/plain", "0123456789")
        .await
        .assert_status(StatusCode::CREATED);
    let app = &app;
    let range = |value: &'static str| async move {
        app.get_with("/v1/files/range.txt", &[("range", value)])
            .await
    };

    let head = range("bytes=0-3").await;
    let tail = range("bytes=-3").await;
    let from = range("bytes=7-").await;
    let past_end = range("bytes=8-100").await;
    let unsatisfiable = range("bytes=10-").await;
    let several = range("bytes=0-1, 4-5").await;
    let malformed = range("lines=1-2").await;

    head.assert_status(StatusCode::PARTIAL_CONTENT);
    assert_eq!(head.body, b"0123");
    assert_eq!(head.header("content-range"), Some("bytes 0-3/10"));
    assert_eq!(head.header("content-length"), Some("4"));
    assert_eq!(tail.body, b"789");
    assert_eq!(tail.header("content-range"), Some("bytes 7-9/10"));
    assert_eq!(from.body, b"789");
    assert_eq!(past_end.body, b"89");
    assert_eq!(past_end.header("content-range"), Some("bytes 8-9/10"));
    let detail = unsatisfiable.problem(StatusCode::RANGE_NOT_SATISFIABLE);
    assert!(detail.contains("10 bytes"), "{detail}");
    assert_eq!(unsatisfiable.header("content-range"), Some("bytes */10"));
    // Several ranges, or another unit: the whole file, as RFC 9110 allows.
    several.assert_status(StatusCode::OK);
    assert_eq!(several.body, b"0123456789");
    malformed.assert_status(StatusCode::OK);
}

async fn delete_is_204_then_404_and_honours_if_match(app: FilesApp) {
    let etag = app.etag_after_put("gone/soon.txt", b"bye").await;

    let stale = app
        .call(
            Method::DELETE,
            "/v1/files/gone/soon.txt",
            &[("if-match", "\"stale\"")],
        )
        .await;
    stale.problem(StatusCode::PRECONDITION_FAILED);
    app.get("/v1/files/gone/soon.txt")
        .await
        .assert_status(StatusCode::OK);

    let deleted = app
        .call(
            Method::DELETE,
            "/v1/files/gone/soon.txt",
            &[("if-match", &etag)],
        )
        .await;
    let again = app
        .call(Method::DELETE, "/v1/files/gone/soon.txt", &[])
        .await;
    let read = app.get("/v1/files/gone/soon.txt").await;

    deleted.assert_status(StatusCode::NO_CONTENT);
    again.problem(StatusCode::NOT_FOUND);
    read.problem(StatusCode::NOT_FOUND);
    let listing = app.get("/v1/files").await.json();
    assert_eq!(listing["items"], serde_json::json!([]));
}

async fn listing_pages_in_order_and_the_cursor_survives_new_writes(app: FilesApp) {
    for path in [
        "docs/b", "docs/a/1", "docs/a/2", "docs/c", "other/x", "docs",
    ] {
        app.put(path, "text/plain", path.to_owned())
            .await
            .assert_status(StatusCode::CREATED);
    }

    let first = app.get("/v1/files?prefix=docs/&limit=2").await;
    first.assert_status(StatusCode::OK);
    let first = first.json();
    assert_eq!(paths(&first), ["docs/a/1", "docs/a/2"]);
    assert_eq!(first["items"][0]["size"], 8);
    assert!(first["items"][0]["etag"].is_string());
    let cursor = first["next_cursor"].as_str().expect("more to come");

    // Written between pages: one before the cursor (never shown), one after (shown in order).
    app.put("docs/a/0", "text/plain", "late").await;
    app.put("docs/bb", "text/plain", "late").await;
    let rest = app
        .get(&format!("/v1/files?prefix=docs/&limit=10&cursor={cursor}"))
        .await
        .json();
    assert_eq!(paths(&rest), ["docs/b", "docs/bb", "docs/c"]);
    assert!(rest.get("next_cursor").is_none(), "{rest}");

    let everything = app.get("/v1/files").await.json();
    assert_eq!(
        paths(&everything),
        ["docs", "docs/a/0", "docs/a/1", "docs/a/2", "docs/b", "docs/bb", "docs/c", "other/x"]
    );
    let partial_segment = app.get("/v1/files?prefix=docs/b").await.json();
    assert_eq!(paths(&partial_segment), ["docs/b", "docs/bb"]);
}

async fn listing_parameters_are_checked(app: FilesApp) {
    for (uri, needle) in [
        ("/v1/files?limit=0", "limit"),
        ("/v1/files?limit=1001", "limit"),
        ("/v1/files?limit=many", "limit"),
        ("/v1/files?cursor=a/../b", "cursor"),
        ("/v1/files?cursor=", "cursor"),
        ("/v1/files?prefix=a%5Cb", "backslash"),
    ] {
        let detail = app.get(uri).await.problem(StatusCode::BAD_REQUEST);
        assert!(detail.contains(needle), "{uri}: {detail}");
    }
    let exactly_1000 = app.get("/v1/files?limit=1000").await;
    exactly_1000.assert_status(StatusCode::OK);
}

async fn path_rules_apply_after_exactly_one_percent_decoding(app: FilesApp) {
    // %2F decodes to `/`: the same file as the nested path.
    app.put("enc%2Fnested.txt", "text/plain", "slash")
        .await
        .assert_status(StatusCode::CREATED);
    assert_eq!(app.get("/v1/files/enc/nested.txt").await.body, b"slash");
    // %252F decodes once, to the literal text `%2F`: another file.
    app.put("enc%252Fliteral.txt", "text/plain", "literal")
        .await
        .assert_status(StatusCode::CREATED);
    let literal = app.get("/v1/files/enc%252Fliteral.txt").await;
    assert_eq!(literal.body, b"literal");
    let listed = app.get("/v1/files?prefix=enc").await.json();
    assert_eq!(paths(&listed), ["enc%2Fliteral.txt", "enc/nested.txt"]);

    for (path, rule) in [
        ("%2e%2e/secret", "`.` or `..`"),
        ("a/%2E%2E/b", "`.` or `..`"),
        ("a/./b", "`.` or `..`"),
        ("..%2Fescape", "`.` or `..`"),
        ("a//b", "empty segment"),
        ("a/", "empty segment"),
        ("%2Fabsolute", "empty segment"),
        ("a%5Cb", "backslash"),
        ("a%00b", "control character"),
        ("a%0Ab", "control character"),
        ("%FF%FE", "not valid"),
    ] {
        let answer = app.put(path, "text/plain", "x").await;
        let detail = answer.problem(StatusCode::BAD_REQUEST);
        assert!(detail.contains(rule), "{path}: {detail}");
        let read = app.get(&format!("/v1/files/{path}")).await;
        read.problem(StatusCode::BAD_REQUEST);
    }
    let too_long = "a".repeat(1025);
    let detail = app
        .put(&too_long, "text/plain", "x")
        .await
        .problem(StatusCode::BAD_REQUEST);
    assert!(detail.contains("1024"), "{detail}");
}

async fn an_upload_ticket_leads_to_a_stored_file(app: FilesApp) {
    let request = Request::post("/v1/uploads")
        .header("content-type", "application/json")
        .header("host", "files.example.test")
        .body(Body::from(
            r#"{"path": "big/video.bin", "content_type": "video/mp4", "size": 9}"#,
        ))
        .expect("a request");

    let answer = app.send(request).await;

    answer.assert_status(StatusCode::OK);
    let ticket = answer.json();
    assert_eq!(ticket["method"], "PUT");
    assert_eq!(ticket["headers"]["content-type"], "video/mp4");
    let url = ticket["url"].as_str().expect("a url").to_owned();
    match app.backend {
        Backend::Local => {
            assert_eq!(url, "http://files.example.test/v1/files/big/video.bin");
            assert!(ticket.get("expires_at").is_none());
            app.put("big/video.bin", "video/mp4", "123456789")
                .await
                .assert_status(StatusCode::CREATED);
        }
        Backend::S3 => {
            assert!(url.contains("X-Amz-Signature="), "{url}");
            assert!(ticket["expires_at"].is_string());
            let mut upload = reqwest::Client::new().put(&url).body("123456789");
            for (name, value) in ticket["headers"].as_object().expect("headers") {
                upload = upload.header(name, value.as_str().expect("a text value"));
            }
            let uploaded = upload.send().await.expect("moto answers");
            assert!(uploaded.status().is_success(), "{}", uploaded.status());
        }
    }
    let stored = app.get("/v1/files/big/video.bin").await;
    assert_eq!(stored.body, b"123456789");
    assert_eq!(stored.header("content-type"), Some("video/mp4"));

    let bad = app
        .send(
            Request::post("/v1/uploads")
                .header("content-type", "application/json")
                .body(Body::from(r#"{"path": "../x", "size": 1}"#))
                .expect("a request"),
        )
        .await;
    bad.problem(StatusCode::BAD_REQUEST);
}

async fn a_download_url_serves_the_file(app: FilesApp) {
    app.put("share/me.txt", "text/plain", "shared")
        .await
        .assert_status(StatusCode::CREATED);

    let answer = app.get("/v1/download-urls/share/me.txt").await;
    let missing = app.get("/v1/download-urls/share/nope.txt").await;
    let bad = app.get("/v1/download-urls/share/../me.txt").await;

    answer.assert_status(StatusCode::OK);
    let link = answer.json();
    let url = link["url"].as_str().expect("a url");
    match app.backend {
        Backend::Local => assert_eq!(url, "/v1/files/share/me.txt"),
        Backend::S3 => {
            assert!(link["expires_at"].is_string());
            let body = reqwest::get(url)
                .await
                .expect("moto answers")
                .bytes()
                .await
                .expect("a body");
            assert_eq!(&body[..], b"shared");
        }
    }
    missing.problem(StatusCode::NOT_FOUND);
    bad.problem(StatusCode::BAD_REQUEST);
}

async fn a_body_over_the_inline_limit_is_a_413_naming_the_upload_endpoint(app: FilesApp) {
    let limit = serverless_axum_kit::Settings::for_tests(serverless_axum_kit::service_info!())
        .max_body_bytes;
    let declared = Request::put("/v1/files/huge.bin")
        .header("content-length", (limit + 1).to_string())
        .body(Body::from(vec![0u8; limit + 1]))
        .expect("a request");
    // Without Content-Length the limit is met while reading.
    let chunks = vec![Ok::<_, std::io::Error>(vec![1u8; limit]), Ok(vec![2u8; 1])];
    let streamed = Request::put("/v1/files/huge.bin")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .expect("a request");

    for request in [declared, streamed] {
        let detail = app
            .send(request)
            .await
            .problem(StatusCode::PAYLOAD_TOO_LARGE);
        assert!(detail.contains("POST /v1/uploads"), "{detail}");
    }
    app.get("/v1/files/huge.bin")
        .await
        .problem(StatusCode::NOT_FOUND);
}

fn paths(listing: &serde_json::Value) -> Vec<String> {
    listing["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["path"].as_str().expect("a path").to_owned())
        .collect()
}
