//! `POST /v1/uploads`: where to send a file too large to go through this API inline.

use std::collections::BTreeMap;

use axum::{extract::State, http::HeaderMap, Json};

use super::{
    dto::{UploadRequest, UploadTicket},
    extract::{checked_content_type, own_url},
};
use serverless_axum_kit::{ApiError, Problem, ProblemType};

use crate::files::{error::store_failure, path::FilePath, Files};

/// Largest file one S3 PUT takes (5 GiB).
const MAX_UPLOAD_BYTES: u64 = 5 * 1024 * 1024 * 1024;

/// Get a URL to upload a file to: a presigned S3 URL when files live in S3, this service's own
/// `PUT /v1/files/{path}` when they live in a local directory.
#[utoipa::path(
    post,
    path = "/v1/uploads",
    tag = "files",
    request_body = UploadRequest,
    responses(
        (status = 200, description = "Send the file as the ticket says", body = UploadTicket),
        (status = 400, description = "The path, content type or size breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than this service's local store takes in one PUT", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn create_upload(
    State(files): State<Files>,
    headers: HeaderMap,
    Json(request): Json<UploadRequest>,
) -> Result<Json<UploadTicket>, ApiError> {
    let path = FilePath::parse(request.path)
        .map_err(|rule| ApiError::bad_request(format!("The file path is not valid: {rule}.")))?;
    let content_type = checked_content_type(
        request
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream"),
    )?;
    if request.size > MAX_UPLOAD_BYTES {
        return Err(ApiError::bad_request(format!(
            "size is {} bytes; one upload takes at most {MAX_UPLOAD_BYTES}.",
            request.size
        )));
    }
    let presigned = files
        .store
        .presign_upload(&path, &content_type, request.size, files.url_ttl)
        .await
        .map_err(|error| store_failure(Some(&path), error))?;
    if let Some(presigned) = presigned {
        return Ok(Json(UploadTicket::presigned(presigned)));
    }
    if request.size > files.max_inline_bytes as u64 {
        return Err(ApiError::client(
            ProblemType::PayloadTooLarge,
            format!(
                "Files live in a local directory here, and its PUT takes at most {} bytes; raise MAX_BODY_BYTES for larger ones.",
                files.max_inline_bytes
            ),
        ));
    }
    Ok(Json(UploadTicket {
        method: "PUT",
        url: own_url(&headers, &path),
        headers: BTreeMap::from([("content-type".to_owned(), content_type)]),
        expires_at: None,
    }))
}

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use super::*;

    #[test]
    fn the_description_gives_the_size_limit_the_handler_enforces() {
        let schema = serde_json::to_value(UploadRequest::schema()).expect("serializes");
        assert_eq!(
            schema["properties"]["size"]["maximum"],
            serde_json::json!(MAX_UPLOAD_BYTES)
        );
    }
}
