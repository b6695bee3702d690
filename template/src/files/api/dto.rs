//! What the Files API sends and receives as JSON, with the schemas the OpenAPI spec shows.

use std::{collections::BTreeMap, time::SystemTime};

use aws_sdk_s3::primitives::{DateTime, DateTimeFormat};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::schema::{ContentType, FilePrefix};
use crate::files::{
    path::FilePath,
    store::{FileMeta, ListedFile, PresignedUrl},
};

/// A stored file's metadata.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "path": "photos/2026/cat.png",
    "size": 48213,
    "content_type": "image/png",
    "etag": "\"9b2cf535f27731c974343645a3985328\"",
    "last_modified": "2026-11-27T05:06:21Z"
}))]
pub struct FileMetadata {
    #[schema(value_type = FilePath)]
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    pub content_type: String,
    /// The ETag, quoted as in the `ETag` header: send it back in `If-Match`.
    pub etag: String,
    /// RFC 3339, UTC, second precision.
    pub last_modified: String,
}

impl From<FileMeta> for FileMetadata {
    fn from(meta: FileMeta) -> Self {
        Self {
            path: meta.path.as_str().to_owned(),
            size: meta.size,
            content_type: meta.content_type,
            etag: meta.etag,
            last_modified: rfc3339(meta.last_modified),
        }
    }
}

/// One file in a listing (S3 listings carry no content type: `HEAD` the file for it).
#[derive(Debug, Serialize, ToSchema)]
pub struct ListedFileMetadata {
    #[schema(value_type = FilePath)]
    pub path: String,
    pub size: u64,
    pub etag: String,
    pub last_modified: String,
}

impl From<ListedFile> for ListedFileMetadata {
    fn from(file: ListedFile) -> Self {
        Self {
            path: file.path.as_str().to_owned(),
            size: file.size,
            etag: file.etag,
            last_modified: rfc3339(file.last_modified),
        }
    }
}

/// A page of files, in byte order of their paths.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileList {
    pub items: Vec<ListedFileMetadata>,
    /// Pass as `cursor` for the next page (it is the last path of this one); absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<FilePath>)]
    pub next_cursor: Option<String>,
}

/// `GET /v1/files` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only files whose path starts with this (any string, not only whole segments): at most 1024 bytes, no
    /// backslash or control character.
    #[param(value_type = Option<FilePrefix>)]
    pub prefix: Option<String>,
    /// Page size, 1..=1000 (default 100). The bounds are `list.rs`'s `MAX_LIMIT`, which the server enforces (a
    /// test there holds the two together).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page: the listing resumes after that path.
    #[param(value_type = Option<FilePath>)]
    pub cursor: Option<String>,
}

/// `POST /v1/uploads`: the file to be uploaded.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"path": "videos/launch.mp4", "content_type": "video/mp4", "size": 73400320}))]
pub struct UploadRequest {
    #[schema(value_type = FilePath)]
    pub path: String,
    /// Defaults to `application/octet-stream`.
    #[schema(value_type = Option<ContentType>)]
    pub content_type: Option<String>,
    /// Exact size in bytes, at most 5 GiB (`uploads.rs`'s `MAX_UPLOAD_BYTES`, which a test holds this to).
    #[schema(maximum = 5368709120_u64)]
    #[serde(deserialize_with = "whole_number")]
    pub size: u64,
}

/// Where and how to upload: send `method` to `url` with exactly these headers and the file as the body.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadTicket {
    /// Always `PUT`.
    pub method: &'static str,
    pub url: String,
    pub headers: BTreeMap<String, String>,
    /// When the URL stops working (RFC 3339); absent when it does not expire (local mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

impl UploadTicket {
    pub fn presigned(url: PresignedUrl) -> Self {
        Self {
            method: "PUT",
            url: url.url,
            headers: url
                .headers
                .into_iter()
                .map(|(name, value)| (name.to_ascii_lowercase(), value))
                .collect(),
            expires_at: Some(rfc3339(url.expires_at)),
        }
    }
}

/// A URL to download a file from.
#[derive(Debug, Serialize, ToSchema)]
pub struct DownloadUrl {
    pub url: String,
    /// When the URL stops working (RFC 3339); absent when it does not expire (local mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A file's bytes, as sent and received (any media type).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(#[allow(dead_code)] Vec<u8>);

pub fn rfc3339(time: SystemTime) -> String {
    DateTime::from(time)
        .fmt(DateTimeFormat::DateTime)
        .unwrap_or_default()
}

/// A JSON integer, as JSON Schema defines one: any number with no fractional part, so `3.0` too (serde reads
/// only `3` as a `u64`, and a client that sends `3.0`, as some JSON encoders do for large numbers, keeps to the
/// schema). Numbers past 2^53 are exact only as integers, so only integers are taken there.
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match serde_json::Number::deserialize(deserializer)? {
        number if number.is_u64() => number
            .as_u64()
            .ok_or_else(|| serde::de::Error::custom("not a whole number")),
        number => match number.as_f64() {
            Some(value) if value.fract() == 0.0 && (0.0..=EXACT).contains(&value) => {
                Ok(value as u64)
            }
            _ => Err(serde::de::Error::custom(format!(
                "{number} is not a whole number of bytes"
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_whole_numbers_however_they_are_written() {
        let size = |json: &str| {
            let body = [r#"{"path": "a", "size": "#, json, "}"].concat();
            serde_json::from_str::<UploadRequest>(&body).map(|request| request.size)
        };
        assert_eq!(size("3").ok(), Some(3));
        assert_eq!(size("3.0").ok(), Some(3));
        assert_eq!(size("1e3").ok(), Some(1000));
        assert!(size("3.5").is_err());
        assert!(size("-1").is_err());
        assert!(size("\"3\"").is_err());
    }
}
