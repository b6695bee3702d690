//! `GET /v1/files`: the files, a page at a time.

use axum::{
    extract::{Query, State},
    Json,
};

use super::dto::{FileList, ListQuery, ListedFileMetadata};
use serverless_axum_kit::{ApiError, Problem};

use crate::files::{
    error::store_failure,
    path::{check_prefix, FilePath},
    Files,
};

/// Page size when the client names none.
const DEFAULT_LIMIT: u32 = 100;
/// Largest page (S3's own).
const MAX_LIMIT: u32 = 1000;
const _: () = assert!(DEFAULT_LIMIT <= MAX_LIMIT);

/// List files, in byte order of their paths.
#[utoipa::path(
    get,
    path = "/v1/files",
    tag = "files",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of files", body = FileList),
        (status = 400, description = "A parameter breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn list_files(
    State(files): State<Files>,
    Query(query): Query<ListQuery>,
) -> Result<Json<FileList>, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_LIMIT}; it was {limit}."
        )));
    }
    let prefix = query.prefix.unwrap_or_default();
    check_prefix(&prefix)
        .map_err(|rule| ApiError::bad_request(format!("The prefix is not valid: {rule}.")))?;
    let after = match query.cursor {
        None => None,
        Some(text) => Some(FilePath::parse(text).map_err(|rule| {
            ApiError::bad_request(format!(
                "The cursor is not valid: {rule}; pass next_cursor as is."
            ))
        })?),
    };
    let page = files
        .store
        .list(&prefix, after.as_ref(), limit as usize)
        .await
        .map_err(|error| store_failure(None, error))?;
    let next_cursor = if page.truncated {
        page.items.last().map(|last| last.path.as_str().to_owned())
    } else {
        None
    };
    Ok(Json(FileList {
        items: page
            .items
            .into_iter()
            .map(ListedFileMetadata::from)
            .collect(),
        next_cursor,
    }))
}

#[cfg(test)]
mod tests {
    use utoipa::IntoParams;

    use super::*;

    #[test]
    fn the_description_gives_the_limits_the_handler_enforces() {
        let params = serde_json::to_value(ListQuery::into_params(|| None)).expect("serializes");
        let limit = params
            .as_array()
            .and_then(|params| params.iter().find(|p| p["name"] == "limit"))
            .expect("a limit parameter");
        assert_eq!(limit["schema"]["minimum"], serde_json::json!(1));
        assert_eq!(limit["schema"]["maximum"], serde_json::json!(MAX_LIMIT));
    }
}
