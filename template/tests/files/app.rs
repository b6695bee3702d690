//! The Files API as mounted in the service: in its OpenAPI spec, and behind its middleware's body limit.

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use serverless_axum_kit::{service_info, Settings};
use service::{app::build_router, state::AppState};

use crate::support::send;

#[tokio::test]
async fn every_files_route_is_in_the_openapi_spec_with_its_problems() {
    let router = build_router(AppState::with_defaults(Settings::for_tests(
        service_info!(),
    )));

    let answer = send(
        router,
        Request::get("/openapi.json")
            .body(Body::empty())
            .expect("a request"),
    )
    .await;

    answer.assert_status(StatusCode::OK);
    let spec = answer.json();
    let paths = &spec["paths"];
    for (path, method) in [
        ("/v1/files", "get"),
        ("/v1/files/{path}", "get"),
        ("/v1/files/{path}", "head"),
        ("/v1/files/{path}", "put"),
        ("/v1/files/{path}", "delete"),
        ("/v1/uploads", "post"),
        ("/v1/download-urls/{path}", "get"),
    ] {
        let operation = &paths[path][method];
        assert!(operation.is_object(), "{method} {path} is not in the spec");
        let bad_request = &operation["responses"]["400"];
        if method == "head" {
            // A HEAD answer has no body, a refusal's neither.
            assert!(
                bad_request["description"].is_string(),
                "{method} {path}: no 400"
            );
            assert!(
                bad_request.get("content").is_none(),
                "{method} {path}: a body"
            );
        } else {
            assert!(
                bad_request["content"]["application/problem+json"].is_object(),
                "{method} {path} does not document its 400 problem"
            );
        }
    }
    assert!(paths["/v1/files/{path}"]["put"]["responses"]["412"].is_object());
    assert!(paths["/v1/files/{path}"]["get"]["responses"]["206"].is_object());
    for schema in [
        "FileMetadata",
        "FileList",
        "UploadRequest",
        "UploadTicket",
        "DownloadUrl",
    ] {
        assert!(
            spec["components"]["schemas"][schema].is_object(),
            "{schema} is not in the spec"
        );
    }
}

#[tokio::test]
async fn the_services_own_413_names_the_upload_endpoint_only_for_files() {
    let mut settings = Settings::for_tests(service_info!());
    settings.max_body_bytes = 1024;
    let router = build_router(AppState::with_defaults(settings));
    let oversize = |uri: &str| {
        Request::put(uri)
            .header("content-length", "4096")
            .body(Body::from(vec![b'x'; 4096]))
            .expect("a request")
    };

    let file = send(router.clone(), oversize("/v1/files/too/big.bin")).await;
    let other = send(router, oversize("/health")).await;

    let detail = file.problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        detail.contains("1024") && detail.contains("POST /v1/uploads"),
        "{detail}"
    );
    let detail = other.problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!detail.contains("/v1/uploads"), "{detail}");
}
