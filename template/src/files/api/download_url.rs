//! `GET /v1/download-urls/{path}`: a URL to download a file from directly, without its bytes passing through this
//! API (the counterpart of `POST /v1/uploads`).

use axum::{extract::State, http::HeaderMap, Json};

use super::{
    dto::{rfc3339, DownloadUrl},
    extract::{own_url, StoredPath},
};
use serverless_axum_kit::{ApiError, Problem};

use crate::files::{error::store_failure, path::FilePath, Files};

/// Get a URL to download a file from: a presigned S3 `GET` when files live in S3, this service's own
/// `GET /v1/files/{path}` when they live in a local directory.
#[utoipa::path(
    get,
    path = "/v1/download-urls/{path}",
    tag = "files",
    params(("path" = FilePath, Path, description = "The file's path; may contain `/`.")),
    responses(
        (status = 200, description = "Where to `GET` the file", body = DownloadUrl),
        (status = 400, description = "The path breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all, fields(path = %path.0))]
pub async fn get_download_url(
    State(files): State<Files>,
    path: StoredPath,
    headers: HeaderMap,
) -> Result<Json<DownloadUrl>, ApiError> {
    let StoredPath(path) = path;
    let presigned = files
        .store
        .presign_download(&path, files.url_ttl)
        .await
        .map_err(|error| store_failure(Some(&path), error))?;
    Ok(Json(match presigned {
        Some(presigned) => DownloadUrl {
            url: presigned.url,
            expires_at: Some(rfc3339(presigned.expires_at)),
        },
        None => DownloadUrl {
            url: own_url(&headers, &path),
            expires_at: None,
        },
    }))
}
