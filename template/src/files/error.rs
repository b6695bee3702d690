//! How store failures reach the client: one mapping, to [`ApiError`] and thus to problem+json.

use serverless_axum_kit::{ApiError, ProblemType};

use super::{
    path::FilePath,
    store::{s3::RETRY_AFTER_SECS, StoreError},
};

/// The answer for a store failure on `path`.
pub fn store_failure(path: Option<&FilePath>, error: StoreError) -> ApiError {
    let at = path.map(|p| format!(" at {p}")).unwrap_or_default();
    match error {
        StoreError::NotFound => ApiError::not_found(format!("No file{at}.")),
        StoreError::PreconditionFailed => ApiError::client(
            ProblemType::PreconditionFailed,
            format!("The file{at} does not meet the request's If-Match or If-None-Match condition; fetch it again for its current ETag."),
        ),
        StoreError::RangeNotSatisfiable { size } => ApiError::client(
            ProblemType::RangeNotSatisfiable,
            format!("The Range selects no byte of the file{at}, which is {size} bytes long."),
        ),
        StoreError::Refused(reason) => ApiError::client(ProblemType::Forbidden, reason),
        StoreError::Unsupported(reason) => ApiError::bad_request(reason),
        StoreError::Unavailable(cause) => ApiError::Unavailable {
            retry_after_secs: RETRY_AFTER_SECS,
            cause,
        },
        StoreError::Internal(cause) => ApiError::Internal(cause),
    }
}
