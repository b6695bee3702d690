//! `PUT`, `GET`/`HEAD` and `DELETE /v1/files/{path}`: one file's bytes, with conditional requests and ranges.

use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use tokio_util::io::ReaderStream;

use super::{
    dto::{FileBytes, FileMetadata},
    extract::{content_type, inline_body, own_url, StoredPath},
    schema::{AnyTag, EntityTag, EntityTagList},
};
use serverless_axum_kit::{ApiError, Problem};

use crate::files::{
    conditions::{write_condition, EntityTags},
    error::store_failure,
    path::FilePath,
    store::{ByteRange, FileMeta, StoreError, Written},
    Files,
};

/// Store a file: the raw body, kept with its `Content-Type`.
#[utoipa::path(
    put,
    path = "/v1/files/{path}",
    tag = "files",
    params(
        ("path" = FilePath, Path, description = "The file's path; may contain `/`."),
        ("If-None-Match" = inline(Option<AnyTag>), Header, description = "`*`: create only; 412 if the file exists."),
        ("If-Match" = inline(Option<EntityTag>), Header, description = "An ETag: replace only that version; 412 otherwise."),
    ),
    request_body(content = FileBytes, content_type = "*/*", description = "The file's bytes, at most MAX_BODY_BYTES (default 4 MiB); larger files go through POST /v1/uploads."),
    responses(
        (status = 201, description = "Created", body = FileMetadata, headers(("ETag" = String), ("Last-Modified" = String), ("Location" = String, description = "This file's URL"))),
        (status = 200, description = "Replaced", body = FileMetadata, headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 400, description = "The path, the content type or a header breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The store refuses the path", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match or If-None-Match does not hold", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than the inline limit: use POST /v1/uploads", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all, fields(path = %path.0))]
pub async fn put_file(
    State(files): State<Files>,
    path: StoredPath,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let StoredPath(path) = path;
    let condition = write_condition(&headers, true)?;
    let content_type = content_type(&headers)?;
    let content = inline_body(body, &headers, files.max_inline_bytes).await?;
    let written = files
        .store
        .put(&path, &content_type, content, condition)
        .await
        .map_err(|error| store_failure(Some(&path), error))?;
    let (status, meta) = match written {
        Written::Created(meta) => (StatusCode::CREATED, meta),
        Written::Replaced(meta) => (StatusCode::OK, meta),
    };
    let mut response = (status, Json(FileMetadata::from(meta.clone()))).into_response();
    set_validators(response.headers_mut(), &meta);
    if status == StatusCode::CREATED {
        if let Ok(location) = HeaderValue::from_str(&own_url(&HeaderMap::new(), &path)) {
            response.headers_mut().insert(header::LOCATION, location);
        }
    }
    Ok(response)
}

/// Read a file, with the content type it was stored with. `HEAD` answers the same headers without the bytes.
#[utoipa::path(
    method(get, head),
    path = "/v1/files/{path}",
    tag = "files",
    params(
        ("path" = FilePath, Path, description = "The file's path; may contain `/`."),
        ("If-None-Match" = inline(Option<EntityTagList>), Header, description = "ETags the client has: 304 when one is current."),
        ("Range" = Option<String>, Header, description = "One range, `bytes=first-last`, `bytes=first-` or `bytes=-suffix`: 206. Any other value is ignored (the whole file is sent), as RFC 9110 allows."),
    ),
    responses(
        (status = 200, description = "The file's bytes", body = FileBytes, content_type = "*/*",
            headers(("ETag" = String), ("Last-Modified" = String), ("Content-Length" = u64), ("Accept-Ranges" = String, description = "`bytes`"))),
        (status = 206, description = "The requested range", body = FileBytes, content_type = "*/*",
            headers(("Content-Range" = String, description = "`bytes first-last/size`"), ("ETag" = String), ("Last-Modified" = String), ("Content-Length" = u64), ("Accept-Ranges" = String, description = "`bytes`"))),
        (status = 304, description = "Not modified: the client's copy is current", headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 400, description = "The path or a header breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file", body = Problem, content_type = "application/problem+json"),
        (status = 416, description = "The range selects no byte", body = Problem, content_type = "application/problem+json",
            headers(("Content-Range" = String, description = "`bytes */size`"))),
        (status = 503, description = "The store is unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all, fields(path = %path.0))]
pub async fn get_file(
    State(files): State<Files>,
    path: StoredPath,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let StoredPath(path) = path;
    let failure = |error| store_failure(Some(&path), error);
    let if_none_match = EntityTags::from_headers(&headers, header::IF_NONE_MATCH)?;
    if method == Method::HEAD || if_none_match.is_some() {
        let meta = files.store.head(&path).await.map_err(failure)?;
        if if_none_match.is_some_and(|tags| tags.matches_weakly(&meta.etag)) {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            set_validators(response.headers_mut(), &meta);
            return Ok(response);
        }
        if method == Method::HEAD {
            let mut response = StatusCode::OK.into_response();
            set_entity_headers(response.headers_mut(), &meta, meta.size);
            return Ok(response);
        }
    }

    let range = single_range(&headers);
    let content = match files.store.get(&path, range).await {
        Ok(content) => content,
        Err(StoreError::RangeNotSatisfiable { size }) => {
            let mut response = failure(StoreError::RangeNotSatisfiable { size }).into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(response);
        }
        Err(error) => return Err(failure(error)),
    };
    let (status, length) = match &content.range {
        Some(range) => (StatusCode::PARTIAL_CONTENT, range.end() - range.start() + 1),
        None => (StatusCode::OK, content.meta.size),
    };
    let mut response = Response::new(Body::from_stream(ReaderStream::new(content.body)));
    *response.status_mut() = status;
    set_entity_headers(response.headers_mut(), &content.meta, length);
    if let Some(range) = &content.range {
        let value = format!(
            "bytes {}-{}/{}",
            range.start(),
            range.end(),
            content.meta.size
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(header::CONTENT_RANGE, value);
        }
    }
    Ok(response)
}

/// Delete a file.
#[utoipa::path(
    delete,
    path = "/v1/files/{path}",
    tag = "files",
    params(
        ("path" = FilePath, Path, description = "The file's path; may contain `/`."),
        ("If-Match" = inline(Option<EntityTag>), Header, description = "An ETag: delete only that version; 412 otherwise."),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The path or a header breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match does not hold", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all, fields(path = %path.0))]
pub async fn delete_file(
    State(files): State<Files>,
    path: StoredPath,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let StoredPath(path) = path;
    let condition = write_condition(&headers, false)?;
    files
        .store
        .delete(&path, condition)
        .await
        .map_err(|error| store_failure(Some(&path), error))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The `Range` header when it asks for exactly one syntactically valid range. Anything else is ignored and the
/// whole file is sent, as RFC 9110 §14.2 allows.
fn single_range(headers: &HeaderMap) -> Option<ByteRange> {
    use http_range_header::{EndPosition, StartPosition};

    let value = headers.get(header::RANGE)?.to_str().ok()?;
    let parsed = match http_range_header::parse_range_header(value) {
        Ok(parsed) => parsed,
        // `bytes=-0` is valid syntax that selects nothing: 416, not ignored.
        Err(http_range_header::RangeUnsatisfiableError::ZeroSuffix) => {
            return Some(ByteRange::Last(0))
        }
        Err(_) => return None,
    };
    let [range] = parsed.ranges.as_slice() else {
        return None;
    };
    match (range.start, range.end) {
        (StartPosition::Index(first), EndPosition::Index(last)) if first <= last => {
            Some(ByteRange::FromTo(first, last))
        }
        (StartPosition::Index(_), EndPosition::Index(_)) => None,
        (StartPosition::Index(first), EndPosition::LastByte) => Some(ByteRange::From(first)),
        (StartPosition::FromLast(n), _) => Some(ByteRange::Last(n)),
    }
}

fn set_validators(headers: &mut HeaderMap, meta: &FileMeta) {
    if let Ok(etag) = HeaderValue::from_str(&meta.etag) {
        headers.insert(header::ETAG, etag);
    }
    if let Ok(date) = HeaderValue::from_str(&httpdate::fmt_http_date(meta.last_modified)) {
        headers.insert(header::LAST_MODIFIED, date);
    }
}

fn set_entity_headers(headers: &mut HeaderMap, meta: &FileMeta, length: u64) {
    set_validators(headers, meta);
    if let Ok(content_type) = HeaderValue::from_str(&meta.content_type) {
        headers.insert(header::CONTENT_TYPE, content_type);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
}
