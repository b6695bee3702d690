//! The S3 adapter, used when `FILES_BUCKET` is set. Conditions map to S3's own conditional requests
//! (`If-None-Match: *` and `If-Match` on PutObject and DeleteObject), so they hold across every instance of
//! the service.
//!
//! The client is made once, on first use (Lambda's init phase stays short), and shared by every request.
//! `AWS_ENDPOINT_URL` is honoured by the SDK; with that endpoint override, requests use path-style addressing, as
//! emulators such as moto, LocalStack and MinIO expect.

use std::{
    hash::{Hash, Hasher},
    ops::RangeInclusive,
    time::{Duration, SystemTime},
};

use async_trait::async_trait;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_s3::{
    config::RequestChecksumCalculation,
    error::{DisplayErrorContext, ProvideErrorMetadata, SdkError},
    presigning::{PresignedRequest, PresigningConfig},
    primitives::{ByteStream, DateTime},
    Client,
};
use bytes::Bytes;
use tokio::sync::{Mutex, OnceCell};

use super::{
    ByteRange, Condition, FileContent, FileMeta, FileStore, ListPage, ListedFile, PresignedUrl,
    StoreError, Written,
};
use crate::files::path::FilePath;

/// Seconds a client is asked to wait before retrying when S3 is unavailable or throttling.
pub const RETRY_AFTER_SECS: u32 = 1;

/// Files in an S3 bucket, under an optional key prefix.
#[derive(Debug)]
pub struct S3Store {
    client: OnceCell<Client>,
    /// The SDK configuration to build the client from; `None` loads it from the environment on first use.
    sdk_config: Option<SdkConfig>,
    bucket: String,
    /// Empty, or ends with `/`.
    prefix: String,
    /// Conditional writes to one key take turns within this process (see [`KeyLocks`]).
    key_locks: KeyLocks,
}

/// Striped locks, one stripe per key hash: conditional writes to the same key from this process go one at a
/// time. S3 itself checks `If-Match`/`If-None-Match` atomically across every writer (losers get 412, or 409
/// when they race, which maps to 412 too); taking turns here first spares same-process writers that 409, and
/// keeps the outcome exact against emulators whose conditional checks are not atomic (moto checks, then
/// writes, on concurrent threads).
#[derive(Debug)]
struct KeyLocks([Mutex<()>; KEY_LOCK_STRIPES]);

const KEY_LOCK_STRIPES: usize = 64;

impl KeyLocks {
    fn new() -> Self {
        Self(std::array::from_fn(|_| Mutex::new(())))
    }

    async fn lock(&self, key: &str) -> tokio::sync::MutexGuard<'_, ()> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        let stripe = usize::try_from(hasher.finish() % KEY_LOCK_STRIPES as u64).unwrap_or(0);
        self.0[stripe].lock().await
    }
}

impl S3Store {
    /// A store whose client is configured from the environment (credentials, region, endpoint) on first use.
    pub fn from_env(bucket: impl Into<String>, prefix: &str) -> Self {
        Self::build(None, bucket.into(), prefix)
    }

    /// A store whose client is built from `sdk_config` (tests point it at an emulator this way).
    pub fn with_config(sdk_config: SdkConfig, bucket: impl Into<String>, prefix: &str) -> Self {
        Self::build(Some(sdk_config), bucket.into(), prefix)
    }

    fn build(sdk_config: Option<SdkConfig>, bucket: String, prefix: &str) -> Self {
        let prefix = match prefix.trim_matches('/') {
            "" => String::new(),
            trimmed => format!("{trimmed}/"),
        };
        Self {
            client: OnceCell::new(),
            sdk_config,
            bucket,
            prefix,
            key_locks: KeyLocks::new(),
        }
    }

    async fn client(&self) -> &Client {
        self.client
            .get_or_init(|| async {
                let sdk_config = match &self.sdk_config {
                    Some(config) => config.clone(),
                    None => aws_config::load_defaults(BehaviorVersion::latest()).await,
                };
                client_for(&sdk_config)
            })
            .await
    }

    fn key(&self, path: &FilePath) -> String {
        format!("{}{}", self.prefix, path.as_str())
    }

    async fn exists(&self, path: &FilePath) -> Result<bool, StoreError> {
        match self.head(path).await {
            Ok(_) => Ok(true),
            Err(StoreError::NotFound) => Ok(false),
            Err(error) => Err(error),
        }
    }
}

/// An S3 client for `sdk_config`: path-style addressing when the endpoint is overridden, and checksums only
/// where S3 requires them (so presigned URLs carry no checksum a browser or curl could not send).
pub fn client_for(sdk_config: &SdkConfig) -> Client {
    let config = aws_sdk_s3::config::Builder::from(sdk_config)
        .force_path_style(sdk_config.endpoint_url().is_some())
        .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
        .build();
    Client::from_conf(config)
}

#[async_trait]
impl FileStore for S3Store {
    async fn head(&self, path: &FilePath) -> Result<FileMeta, StoreError> {
        let output = self
            .client()
            .await
            .head_object()
            .bucket(&self.bucket)
            .key(self.key(path))
            .send()
            .await
            .map_err(store_error)?;
        Ok(FileMeta {
            path: path.clone(),
            size: non_negative(output.content_length()),
            content_type: content_type(output.content_type()),
            etag: output.e_tag().unwrap_or_default().to_owned(),
            last_modified: system_time(output.last_modified()),
        })
    }

    async fn get(
        &self,
        path: &FilePath,
        range: Option<ByteRange>,
    ) -> Result<FileContent, StoreError> {
        let sent = self
            .client()
            .await
            .get_object()
            .bucket(&self.bucket)
            .key(self.key(path))
            .set_range(range.map(ByteRange::to_header))
            .send()
            .await
            .map_err(store_error);
        let output = match sent {
            Ok(output) => output,
            // The 416 problem names the size, which S3's error does not carry.
            Err(StoreError::RangeNotSatisfiable { .. }) => {
                let size = self.head(path).await?.size;
                return Err(StoreError::RangeNotSatisfiable { size });
            }
            Err(error) => return Err(error),
        };
        let (sent, size) = match output.content_range() {
            Some(content_range) => parse_content_range(content_range).ok_or_else(|| {
                StoreError::Internal(format!("unexpected Content-Range {content_range:?}").into())
            })?,
            None => (None, non_negative(output.content_length())),
        };
        let meta = FileMeta {
            path: path.clone(),
            size,
            content_type: content_type(output.content_type()),
            etag: output.e_tag().unwrap_or_default().to_owned(),
            last_modified: system_time(output.last_modified()),
        };
        Ok(FileContent {
            meta,
            range: range.and(sent),
            body: Box::new(output.body.into_async_read()),
        })
    }

    async fn put(
        &self,
        path: &FilePath,
        content_type: &str,
        content: Bytes,
        condition: Condition,
    ) -> Result<Written, StoreError> {
        // S3 does not say whether a PutObject created or replaced; a conditional write knows, otherwise ask
        // first. The answer only picks 200 or 201: the write itself stays atomic either way.
        let existed = match &condition {
            Condition::IfAbsent => false,
            Condition::IfMatch(_) => true,
            Condition::None => self.exists(path).await?,
        };
        let size = content.len() as u64;
        let key = self.key(path);
        let conditional = condition != Condition::None;
        let _turn = if conditional {
            Some(self.key_locks.lock(&key).await)
        } else {
            None
        };
        let request = self
            .client()
            .await
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(content));
        let request = match condition {
            Condition::None => request,
            Condition::IfAbsent => request.if_none_match("*"),
            Condition::IfMatch(etag) => request.if_match(etag),
        };
        let output = request
            .send()
            .await
            .map_err(|error| match store_error(error) {
                // S3 answers If-Match on a missing key with 404; in HTTP the condition simply does not hold.
                StoreError::NotFound if conditional => StoreError::PreconditionFailed,
                other => other,
            })?;
        let meta = FileMeta {
            path: path.clone(),
            size,
            content_type: content_type.to_owned(),
            etag: output.e_tag().unwrap_or_default().to_owned(),
            last_modified: truncated_now(),
        };
        Ok(if existed {
            Written::Replaced(meta)
        } else {
            Written::Created(meta)
        })
    }

    async fn delete(&self, path: &FilePath, condition: Condition) -> Result<(), StoreError> {
        let key = self.key(path);
        let _turn = if condition == Condition::None {
            None
        } else {
            Some(self.key_locks.lock(&key).await)
        };
        // DeleteObject succeeds on a missing key; the API answers 404 for those, so look first.
        let current = self.head(path).await?;
        let request = self
            .client()
            .await
            .delete_object()
            .bucket(&self.bucket)
            .key(key);
        let request = match condition {
            Condition::None => request,
            Condition::IfAbsent => return Err(StoreError::PreconditionFailed),
            Condition::IfMatch(etag) if etag != current.etag => {
                return Err(StoreError::PreconditionFailed)
            }
            // Checked again by S3 itself, atomically.
            Condition::IfMatch(etag) => request.if_match(etag),
        };
        request.send().await.map_err(store_error)?;
        Ok(())
    }

    async fn list(
        &self,
        prefix: &str,
        start_after: Option<&FilePath>,
        limit: usize,
    ) -> Result<ListPage, StoreError> {
        let output = self
            .client()
            .await
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(format!("{}{prefix}", self.prefix))
            .set_start_after(start_after.map(|path| self.key(path)))
            .max_keys(i32::try_from(limit).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(store_error)?;
        let items = output
            .contents()
            .iter()
            .filter_map(|object| {
                let key = object.key()?.strip_prefix(&self.prefix)?;
                // Keys written by others that are not valid paths are not listed.
                let path = FilePath::parse(key).ok()?;
                Some(ListedFile {
                    path,
                    size: non_negative(object.size()),
                    etag: object.e_tag().unwrap_or_default().to_owned(),
                    last_modified: system_time(object.last_modified()),
                })
            })
            .collect();
        Ok(ListPage {
            items,
            truncated: output.is_truncated().unwrap_or(false),
        })
    }

    async fn presign_upload(
        &self,
        path: &FilePath,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> Result<Option<PresignedUrl>, StoreError> {
        let presigned = self
            .client()
            .await
            .put_object()
            .bucket(&self.bucket)
            .key(self.key(path))
            .content_type(content_type)
            .content_length(i64::try_from(size).unwrap_or(i64::MAX))
            .presigned(presigning(ttl)?)
            .await
            .map_err(store_error)?;
        Ok(Some(presigned_url(&presigned, ttl)))
    }

    async fn presign_download(
        &self,
        path: &FilePath,
        ttl: Duration,
    ) -> Result<Option<PresignedUrl>, StoreError> {
        self.head(path).await?;
        let presigned = self
            .client()
            .await
            .get_object()
            .bucket(&self.bucket)
            .key(self.key(path))
            .presigned(presigning(ttl)?)
            .await
            .map_err(store_error)?;
        Ok(Some(presigned_url(&presigned, ttl)))
    }
}

fn presigning(ttl: Duration) -> Result<PresigningConfig, StoreError> {
    PresigningConfig::expires_in(ttl).map_err(|error| StoreError::Internal(error.into()))
}

fn presigned_url(presigned: &PresignedRequest, ttl: Duration) -> PresignedUrl {
    PresignedUrl {
        url: presigned.uri().to_owned(),
        headers: presigned
            .headers()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("host"))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect(),
        expires_at: truncated_now() + ttl,
    }
}

/// `bytes first-last/size` → the range sent and the whole size.
fn parse_content_range(value: &str) -> Option<(Option<RangeInclusive<u64>>, u64)> {
    let rest = value.strip_prefix("bytes ")?;
    let (range, size) = rest.split_once('/')?;
    let size = size.parse().ok()?;
    let (first, last) = range.split_once('-')?;
    Some((Some(first.parse().ok()?..=last.parse().ok()?), size))
}

/// Maps an SDK failure to the store's errors: what the client can act on, what is worth retrying, and the rest.
fn store_error<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + HasStatus,
{
    let transport = matches!(
        error,
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)
    );
    let status = error.raw_response().map(HasStatus::status);
    let code = error.code().unwrap_or_default().to_owned();
    classify(
        transport,
        status,
        &code,
        DisplayErrorContext(&error).to_string(),
    )
}

/// The store error for a failed S3 call: whether it failed in transport, its HTTP status and S3 error code.
fn classify(transport: bool, status: Option<u16>, code: &str, described: String) -> StoreError {
    match (transport, status, code) {
        (true, _, _) => StoreError::Unavailable(described.into()),
        // A missing bucket is the deployment's fault, not the client's.
        (_, _, "NoSuchBucket") => StoreError::Internal(described.into()),
        (_, Some(404), _) | (_, _, "NoSuchKey" | "NotFound") => StoreError::NotFound,
        // 409 is S3's answer when a concurrent conditional write won the race.
        (_, Some(412 | 409), _) => StoreError::PreconditionFailed,
        (_, Some(416), _) => StoreError::RangeNotSatisfiable { size: 0 },
        (_, Some(429 | 500 | 502 | 503 | 504), _)
        | (_, _, "SlowDown" | "Throttling" | "ThrottlingException" | "RequestTimeout") => {
            StoreError::Unavailable(described.into())
        }
        _ => StoreError::Internal(described.into()),
    }
}

/// The HTTP status of a raw response (the SDK's response type, abstracted so `store_error` is generic).
trait HasStatus {
    fn status(&self) -> u16;
}

impl HasStatus for aws_sdk_s3::config::http::HttpResponse {
    fn status(&self) -> u16 {
        self.status().as_u16()
    }
}

fn non_negative(length: Option<i64>) -> u64 {
    length.and_then(|n| u64::try_from(n).ok()).unwrap_or(0)
}

fn content_type(value: Option<&str>) -> String {
    value.unwrap_or("application/octet-stream").to_owned()
}

fn system_time(value: Option<&DateTime>) -> SystemTime {
    value
        .and_then(|time| SystemTime::try_from(*time).ok())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

fn truncated_now() -> SystemTime {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_gives_the_bytes_sent_and_the_size() {
        assert_eq!(parse_content_range("bytes 2-5/10"), Some((Some(2..=5), 10)));
        assert_eq!(parse_content_range("bytes */10"), None);
    }

    #[test]
    fn s3_failures_map_to_what_the_client_can_act_on() {
        let kind = |transport, status, code: &str| match classify(
            transport,
            status,
            code,
            String::new(),
        ) {
            StoreError::NotFound => "not-found",
            StoreError::PreconditionFailed => "precondition",
            StoreError::RangeNotSatisfiable { .. } => "range",
            StoreError::Unavailable(_) => "unavailable",
            StoreError::Internal(_) => "internal",
            StoreError::Refused(_) | StoreError::Unsupported(_) => "refused",
        };
        assert_eq!(kind(true, None, ""), "unavailable");
        assert_eq!(kind(false, Some(503), "SlowDown"), "unavailable");
        assert_eq!(kind(false, Some(429), ""), "unavailable");
        assert_eq!(kind(false, Some(400), "RequestTimeout"), "unavailable");
        assert_eq!(kind(false, Some(404), "NoSuchKey"), "not-found");
        assert_eq!(kind(false, Some(404), "NoSuchBucket"), "internal");
        assert_eq!(kind(false, Some(412), "PreconditionFailed"), "precondition");
        assert_eq!(
            kind(false, Some(409), "ConditionalRequestConflict"),
            "precondition"
        );
        assert_eq!(kind(false, Some(416), "InvalidRange"), "range");
        assert_eq!(kind(false, Some(403), "AccessDenied"), "internal");
    }

    #[test]
    fn the_prefix_is_normalised_to_end_in_one_slash() {
        assert_eq!(S3Store::from_env("b", "").prefix, "");
        assert_eq!(S3Store::from_env("b", "tenant/a").prefix, "tenant/a/");
        assert_eq!(S3Store::from_env("b", "/tenant/").prefix, "tenant/");
    }
}
