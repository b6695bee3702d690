//! The storage port: what the Files API needs from wherever the bytes live, and the two adapters behind it,
//! a local directory ([`local::LocalStore`], the default) and S3 ([`s3::S3Store`], when `FILES_BUCKET` is set).

pub mod local;
pub mod s3;

use std::{
    fmt,
    ops::RangeInclusive,
    time::{Duration, SystemTime},
};

use async_trait::async_trait;
use bytes::Bytes;
use tokio::io::AsyncRead;

use super::path::FilePath;

/// A stored file's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    pub path: FilePath,
    pub size: u64,
    pub content_type: String,
    /// A strong entity tag, quoted as in HTTP (`"…"`): it changes whenever the content does.
    pub etag: String,
    /// Second precision, as HTTP dates have.
    pub last_modified: SystemTime,
}

/// One entry of a listing. S3 listings carry no content type, so neither adapter reports one here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFile {
    pub path: FilePath,
    pub size: u64,
    pub etag: String,
    pub last_modified: SystemTime,
}

/// One page of a listing, in byte order of the paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    pub items: Vec<ListedFile>,
    /// Whether files come after the last item.
    pub truncated: bool,
}

/// When a write (or delete) may go ahead. Checked atomically by the store, so two writers can never silently
/// overwrite each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Always.
    None,
    /// Only when no file exists at the path (`If-None-Match: *`).
    IfAbsent,
    /// Only when the current file has this entity tag (`If-Match`), quoted.
    IfMatch(String),
}

/// Which bytes of a file to read: a single range as the client wrote it, resolved against the file's size by
/// the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=first-last` (`last` may lie beyond the end).
    FromTo(u64, u64),
    /// `bytes=first-`.
    From(u64),
    /// `bytes=-n`: the last `n` bytes.
    Last(u64),
}

impl ByteRange {
    /// The bytes of a file of `size` bytes this range selects, or `None` when it selects none (416).
    pub fn resolve(self, size: u64) -> Option<RangeInclusive<u64>> {
        let last_byte = size.checked_sub(1)?;
        match self {
            Self::FromTo(first, last) if first <= last && first < size => {
                Some(first..=last.min(last_byte))
            }
            Self::From(first) if first < size => Some(first..=last_byte),
            Self::Last(n) if n > 0 => Some(size.saturating_sub(n)..=last_byte),
            _ => None,
        }
    }

    /// As the value of a `Range` header.
    pub fn to_header(self) -> String {
        match self {
            Self::FromTo(first, last) => format!("bytes={first}-{last}"),
            Self::From(first) => format!("bytes={first}-"),
            Self::Last(n) => format!("bytes=-{n}"),
        }
    }
}

/// A file's bytes (all of them, or one range), streamed from the store.
pub struct FileContent {
    pub meta: FileMeta,
    /// The bytes sent, when a range was asked for.
    pub range: Option<RangeInclusive<u64>>,
    pub body: Box<dyn AsyncRead + Send + Unpin>,
}

impl fmt::Debug for FileContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileContent")
            .field("meta", &self.meta)
            .field("range", &self.range)
            .finish_non_exhaustive()
    }
}

/// Whether a write made a new file or replaced one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Created(FileMeta),
    Replaced(FileMeta),
}

/// A URL that reads or writes a file directly in the store, without this service in the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedUrl {
    pub url: String,
    /// Headers the caller must send exactly as given (they are part of the signature).
    pub headers: Vec<(String, String)>,
    pub expires_at: SystemTime,
}

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no file at that path")]
    NotFound,
    #[error("the file's current state does not meet the request's condition")]
    PreconditionFailed,
    #[error("the range selects no byte of the {size}-byte file")]
    RangeNotSatisfiable { size: u64 },
    /// The store will not serve this path (for instance, it crosses a symbolic link in the local directory).
    #[error("{0}")]
    Refused(String),
    /// The path is valid, but this store cannot hold it (for instance, a segment too long for the filesystem).
    #[error("{0}")]
    Unsupported(String),
    /// The store is down or throttling: worth retrying later.
    #[error("the file store is unavailable: {0}")]
    Unavailable(Box<dyn std::error::Error + Send + Sync>),
    #[error("the file store failed: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// Where files live. Both adapters implement the same behaviour, checked by one test suite.
#[async_trait]
pub trait FileStore: Send + Sync + fmt::Debug {
    /// The metadata of the file at `path`.
    async fn head(&self, path: &FilePath) -> Result<FileMeta, StoreError>;

    /// The file at `path`, or one range of it.
    async fn get(
        &self,
        path: &FilePath,
        range: Option<ByteRange>,
    ) -> Result<FileContent, StoreError>;

    /// Stores `content` at `path` when `condition` holds, atomically: readers see the old file or the new one,
    /// never a part of either.
    async fn put(
        &self,
        path: &FilePath,
        content_type: &str,
        content: Bytes,
        condition: Condition,
    ) -> Result<Written, StoreError>;

    /// Deletes the file at `path` when `condition` holds ([`Condition::IfAbsent`] never holds).
    async fn delete(&self, path: &FilePath, condition: Condition) -> Result<(), StoreError>;

    /// Up to `limit` files whose paths start with `prefix` and sort after `start_after`, in byte order.
    async fn list(
        &self,
        prefix: &str,
        start_after: Option<&FilePath>,
        limit: usize,
    ) -> Result<ListPage, StoreError>;

    /// A URL to upload a file of `size` bytes straight into the store, or `None` when the store has no URLs of
    /// its own (the service's `PUT /v1/files/{path}` is the way in).
    async fn presign_upload(
        &self,
        path: &FilePath,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> Result<Option<PresignedUrl>, StoreError>;

    /// A URL to download the file straight from the store, or `None` when the store has no URLs of its own.
    async fn presign_download(
        &self,
        path: &FilePath,
        ttl: Duration,
    ) -> Result<Option<PresignedUrl>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_resolve_against_the_size_as_rfc_9110_says() {
        assert_eq!(ByteRange::FromTo(0, 3).resolve(10), Some(0..=3));
        assert_eq!(ByteRange::FromTo(5, 100).resolve(10), Some(5..=9));
        assert_eq!(ByteRange::From(7).resolve(10), Some(7..=9));
        assert_eq!(ByteRange::Last(3).resolve(10), Some(7..=9));
        assert_eq!(ByteRange::Last(30).resolve(10), Some(0..=9));
        assert_eq!(ByteRange::FromTo(10, 12).resolve(10), None);
        assert_eq!(ByteRange::From(10).resolve(10), None);
        assert_eq!(ByteRange::Last(0).resolve(10), None);
        assert_eq!(ByteRange::FromTo(0, 0).resolve(0), None);
    }
}
