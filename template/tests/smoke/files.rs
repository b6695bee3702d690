//! The Files API's round trip: create a file, find it listed, read it back, get a download URL, delete it with
//! its ETag, and it is gone. One file, under a fresh `smoke/<uuid>/` prefix.

use futures_util::TryStreamExt;
use service_client::{reqwest::StatusCode, types, Error};
use uuid::Uuid;

use crate::support::{token, typed};

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn files_round_trip() {
    // Arrange: a token when the service guards its files (services generated with `auth=none` do not).
    let client = typed(token().await.as_deref());
    let prefix = format!("smoke/{}/", Uuid::new_v4());
    let path: types::FilePath = format!("{prefix}hello.txt").parse().expect("a valid path");
    let content = format!("smoke test {}", Uuid::new_v4());

    // Act + Assert: create (only if absent), list, read back, get a URL, delete that version, and it is gone.
    let created = client
        .put_file(
            &path,
            None,
            Some(&"*".parse().expect("`*`")),
            content.clone(),
        )
        .await
        .expect("PUT answers 2xx");
    assert_eq!(created.status(), StatusCode::CREATED, "PUT {path:?}");
    assert_eq!(created.path.as_str(), path.as_str());
    assert_eq!(
        created.size,
        i64::try_from(content.len()).expect("a small file")
    );

    let prefix: types::FilePrefix = prefix.parse().expect("a valid prefix");
    let listed = client
        .list_files(None, None, Some(&prefix))
        .await
        .expect("GET v1/files answers 200");
    let paths: Vec<&str> = listed.items.iter().map(|item| item.path.as_str()).collect();
    assert_eq!(paths, [path.as_str()]);

    let read = client
        .get_file(&path, None, None)
        .await
        .expect("GET answers 200");
    assert_eq!(read.status(), StatusCode::OK);
    let bytes: Vec<u8> = read
        .into_inner()
        .into_inner()
        .map_ok(|chunk| chunk.to_vec())
        .try_concat()
        .await
        .expect("the body arrives");
    assert_eq!(bytes, content.as_bytes());

    let url = client
        .get_download_url(&path)
        .await
        .expect("GET v1/download-urls answers 200");
    assert!(!url.url.is_empty());

    let etag = created.etag.parse().expect("the ETag is a valid If-Match");
    let deleted = client
        .delete_file(&path, Some(&etag))
        .await
        .expect("DELETE answers 204");
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    let gone = client.get_file(&path, None, None).await;
    let Err(Error::ErrorResponse(problem)) = gone else {
        panic!("the file is still there, or the answer is not a described one");
    };
    assert_eq!(problem.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem.status, 404);
}
