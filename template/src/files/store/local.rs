//! The local-directory adapter: the default, for laptops and tests.
//!
//! Layout under the root (`FILES_DIR`):
//! - `index/`: one small JSON record per file (size, content type, ETag, time, blob id), at a path made of the
//!   file's segments: `d.<segment>/` for each folder, `f.<segment>` for the file. The prefixes let `a` and
//!   `a/b` both exist, as they may in S3.
//! - `blobs/<id>`: the bytes, written once and never changed.
//! - `tmp/`: files being written.
//!
//! Why a sidecar record and not extended attributes: xattrs are missing or limited on some filesystems (older
//! tmpfs, some container overlays, network shares) and are dropped by many copy and archive tools. And the
//! record is the commit point: a write lands the blob first, then renames the new record over the old one, so
//! content and metadata change together in one atomic step and a reader never sees a half-written file.
//!
//! The store never follows a symbolic link: a link planted anywhere under `index/` makes the paths through it
//! refused. Conditional writes are serialised by a lock in this process; one service process per directory.

use std::{
    io::{self, Read, Seek, SeekFrom},
    ops::RangeInclusive,
    path::{Path, PathBuf},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use async_trait::async_trait;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::{
    fs,
    io::{AsyncRead, AsyncReadExt, AsyncWriteExt},
    sync::Mutex,
};

use super::{
    ByteRange, Condition, FileContent, FileMeta, FileStore, ListPage, ListedFile, PresignedUrl,
    StoreError, Written,
};
use crate::files::path::FilePath;

/// Longest segment kept: 255 bytes (the usual filesystem limit) less the 2-byte `d.`/`f.` prefix.
const MAX_SEGMENT_BYTES: usize = 253;

/// How often a read retries when a concurrent replace removed the blob it was about to open.
const READ_ATTEMPTS: usize = 3;

/// Bytes a read takes in the same trip to the blocking thread pool that opens the file; longer reads stream.
const READ_AT_ONCE: u64 = 64 * 1024;

/// Files in a local directory.
#[derive(Debug)]
pub struct LocalStore {
    root: PathBuf,
    /// Held while a write checks its condition and commits, so conditions hold atomically.
    commit: Mutex<()>,
}

/// What `index/` keeps per file.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    size: u64,
    content_type: String,
    etag: String,
    last_modified_secs: u64,
    blob: String,
}

impl LocalStore {
    /// A store rooted at `root`; folders are created on the first write.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            commit: Mutex::new(()),
        }
    }

    fn index_root(&self) -> PathBuf {
        self.root.join("index")
    }

    /// The record's location, after checking every segment fits the filesystem.
    fn record_path(&self, path: &FilePath) -> Result<PathBuf, StoreError> {
        let mut record = self.index_root();
        let mut segments = path.segments().peekable();
        while let Some(segment) = segments.next() {
            if segment.len() > MAX_SEGMENT_BYTES {
                return Err(StoreError::Unsupported(format!(
                    "the local store keeps path segments to {MAX_SEGMENT_BYTES} bytes; one is {}",
                    segment.len()
                )));
            }
            let kind = if segments.peek().is_some() { "d" } else { "f" };
            record.push(format!("{kind}.{segment}"));
        }
        Ok(record)
    }

    fn blob_path(&self, blob: &str) -> PathBuf {
        self.root.join("blobs").join(blob)
    }

    /// Refuses a record path that crosses a symbolic link (or, for folders, anything but a folder).
    async fn check_no_links(&self, record: &Path) -> Result<(), StoreError> {
        let (index, record) = (self.index_root(), record.to_owned());
        blocking(move || check_no_links(&index, &record)).await
    }

    /// The record of `path`, its links checked, in one trip to the blocking thread pool.
    async fn read_record(&self, path: &FilePath) -> Result<Record, StoreError> {
        let (index, record) = (self.index_root(), self.record_path(path)?);
        blocking(move || read_record(&index, &record)).await
    }

    /// Writes `content` to a new blob, returning its id and strong ETag.
    async fn write_blob(&self, content: &[u8]) -> Result<(String, String), StoreError> {
        let tmp_dir = self.root.join("tmp");
        let blobs_dir = self.root.join("blobs");
        fs::create_dir_all(&tmp_dir).await.map_err(internal)?;
        fs::create_dir_all(&blobs_dir).await.map_err(internal)?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let tmp = tmp_dir.join(&id);
        let mut file = fs::File::create(&tmp).await.map_err(internal)?;
        file.write_all(content).await.map_err(internal)?;
        file.sync_all().await.map_err(internal)?;
        drop(file);
        fs::rename(&tmp, blobs_dir.join(&id))
            .await
            .map_err(internal)?;
        let etag = format!("\"{:x}\"", Sha256::digest(content));
        Ok((id, etag))
    }

    /// Creates the folders of `record_path` one at a time, refusing links on the way.
    async fn make_folders(&self, record_path: &Path) -> Result<(), StoreError> {
        let Some(parent) = record_path.parent() else {
            return Err(StoreError::Internal("record without a folder".into()));
        };
        self.check_no_links(record_path).await?;
        fs::create_dir_all(parent).await.map_err(internal)?;
        self.check_no_links(record_path).await
    }

    /// Replaces the record atomically (temp file, then rename).
    async fn write_record(&self, record_path: &Path, record: &Record) -> Result<(), StoreError> {
        let tmp = self
            .root
            .join("tmp")
            .join(format!("{}.json", uuid::Uuid::new_v4().simple()));
        let json = serde_json::to_vec(record).map_err(internal)?;
        let mut file = fs::File::create(&tmp).await.map_err(internal)?;
        file.write_all(&json).await.map_err(internal)?;
        file.sync_all().await.map_err(internal)?;
        drop(file);
        fs::rename(&tmp, record_path).await.map_err(internal)
    }

    async fn current(&self, path: &FilePath) -> Result<Option<Record>, StoreError> {
        match self.read_record(path).await {
            Ok(record) => Ok(Some(record)),
            Err(StoreError::NotFound) => Ok(None),
            Err(error) => Err(error),
        }
    }

    async fn remove_blob(&self, blob: &str) {
        if let Err(error) = fs::remove_file(self.blob_path(blob)).await {
            tracing::warn!(%error, blob, "could not remove a replaced blob");
        }
    }

    /// Removes the folders of a deleted file that are now empty, so the index holds no husks.
    async fn prune(&self, record_path: &Path) {
        let index = self.index_root();
        let mut folder = record_path.parent().map(Path::to_path_buf);
        while let Some(dir) = folder {
            if dir == index || fs::remove_dir(&dir).await.is_err() {
                break;
            }
            folder = dir.parent().map(Path::to_path_buf);
        }
    }
}

#[async_trait]
impl FileStore for LocalStore {
    async fn head(&self, path: &FilePath) -> Result<FileMeta, StoreError> {
        let record = self.read_record(path).await?;
        Ok(meta(path, &record))
    }

    async fn get(
        &self,
        path: &FilePath,
        range: Option<ByteRange>,
    ) -> Result<FileContent, StoreError> {
        let (index, record) = (self.index_root(), self.record_path(path)?);
        let blobs = self.root.join("blobs");
        let opened = blocking(move || open(&index, &record, &blobs, range)).await?;
        Ok(FileContent {
            meta: meta(path, &opened.record),
            range: opened.range,
            body: opened.body,
        })
    }

    async fn put(
        &self,
        path: &FilePath,
        content_type: &str,
        content: Bytes,
        condition: Condition,
    ) -> Result<Written, StoreError> {
        let record_path = self.record_path(path)?;
        self.check_no_links(&record_path).await?;
        let (blob, etag) = self.write_blob(&content).await?;
        let record = Record {
            size: content.len() as u64,
            content_type: content_type.to_owned(),
            etag,
            last_modified_secs: now_secs(),
            blob,
        };

        let outcome = {
            let _commit = self.commit.lock().await;
            self.commit_put(path, &record_path, &record, &condition)
                .await
        };
        match outcome {
            Ok(old) => {
                let meta = meta(path, &record);
                match old {
                    Some(old) => {
                        self.remove_blob(&old.blob).await;
                        Ok(Written::Replaced(meta))
                    }
                    None => Ok(Written::Created(meta)),
                }
            }
            Err(error) => {
                self.remove_blob(&record.blob).await;
                Err(error)
            }
        }
    }

    async fn delete(&self, path: &FilePath, condition: Condition) -> Result<(), StoreError> {
        let record_path = self.record_path(path)?;
        let removed = {
            let _commit = self.commit.lock().await;
            let current = self.read_record(path).await?;
            if !holds(&condition, Some(&current)) {
                return Err(StoreError::PreconditionFailed);
            }
            fs::remove_file(&record_path).await.map_err(internal)?;
            current
        };
        self.remove_blob(&removed.blob).await;
        self.prune(&record_path).await;
        Ok(())
    }

    async fn list(
        &self,
        prefix: &str,
        start_after: Option<&FilePath>,
        limit: usize,
    ) -> Result<ListPage, StoreError> {
        let index = self.index_root();
        let prefix_owned = prefix.to_owned();
        let after = start_after.map(|p| p.as_str().to_owned());
        let mut paths = tokio::task::spawn_blocking(move || {
            let mut found = Vec::new();
            walk(&index, "", &prefix_owned, after.as_deref(), &mut found)?;
            Ok::<_, io::Error>(found)
        })
        .await
        .map_err(internal)?
        .map_err(internal)?;
        paths.sort_unstable();

        let mut items = Vec::with_capacity(limit.min(paths.len()));
        let mut truncated = false;
        for path in paths {
            if items.len() == limit {
                truncated = true;
                break;
            }
            let Ok(path) = FilePath::parse(path) else {
                continue;
            };
            match self.read_record(&path).await {
                Ok(record) => items.push(ListedFile {
                    size: record.size,
                    etag: record.etag,
                    last_modified: from_secs(record.last_modified_secs),
                    path,
                }),
                // Deleted since the walk, or behind a link: not listed.
                Err(StoreError::NotFound | StoreError::Refused(_)) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(ListPage { items, truncated })
    }

    async fn presign_upload(
        &self,
        _path: &FilePath,
        _content_type: &str,
        _size: u64,
        _ttl: Duration,
    ) -> Result<Option<PresignedUrl>, StoreError> {
        Ok(None)
    }

    async fn presign_download(
        &self,
        path: &FilePath,
        _ttl: Duration,
    ) -> Result<Option<PresignedUrl>, StoreError> {
        self.read_record(path).await?;
        Ok(None)
    }
}

impl LocalStore {
    /// Checks `condition` against the current record and commits `record`; returns the record it replaced.
    /// Called with the commit lock held.
    async fn commit_put(
        &self,
        path: &FilePath,
        record_path: &Path,
        record: &Record,
        condition: &Condition,
    ) -> Result<Option<Record>, StoreError> {
        let current = self.current(path).await?;
        if !holds(condition, current.as_ref()) {
            return Err(StoreError::PreconditionFailed);
        }
        self.make_folders(record_path).await?;
        self.write_record(record_path, record).await?;
        Ok(current)
    }
}

fn holds(condition: &Condition, current: Option<&Record>) -> bool {
    match (condition, current) {
        (Condition::None, _) => true,
        (Condition::IfAbsent, current) => current.is_none(),
        (Condition::IfMatch(etag), Some(current)) => current.etag == *etag,
        (Condition::IfMatch(_), None) => false,
    }
}

/// Collects the paths under `dir` (whose path prefix is `base`) that start with `prefix` and sort after
/// `after`. Symbolic links are skipped, never followed.
fn walk(
    dir: &Path,
    base: &str,
    prefix: &str,
    after: Option<&str>,
    found: &mut Vec<String>,
) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let file_type = entry.file_type()?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if let (true, Some(folder)) = (file_type.is_dir(), name.strip_prefix("d.")) {
            let folder_path = format!("{base}{folder}/");
            if folder_path.starts_with(prefix) || prefix.starts_with(&folder_path) {
                walk(&entry.path(), &folder_path, prefix, after, found)?;
            }
        } else if let (true, Some(file)) = (file_type.is_file(), name.strip_prefix("f.")) {
            let path = format!("{base}{file}");
            if path.starts_with(prefix) && after.is_none_or(|after| path.as_str() > after) {
                found.push(path);
            }
        }
    }
    Ok(())
}

fn meta(path: &FilePath, record: &Record) -> FileMeta {
    FileMeta {
        path: path.clone(),
        size: record.size,
        content_type: record.content_type.clone(),
        etag: record.etag.clone(),
        last_modified: from_secs(record.last_modified_secs),
    }
}

/// Runs one step's file-system calls on the blocking thread pool, in one trip (`tokio::fs` makes one per call).
async fn blocking<T: Send + 'static>(
    step: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(step).await.map_err(internal)?
}

/// Refuses a record path under `index` that crosses a symbolic link (or, for folders, anything but a folder).
fn check_no_links(index: &Path, record: &Path) -> Result<(), StoreError> {
    let Ok(relative) = record.strip_prefix(index) else {
        return Err(StoreError::Internal("record outside the index".into()));
    };
    let mut current = index.to_owned();
    for component in std::iter::once(None).chain(relative.components().map(Some)) {
        if let Some(component) = component {
            current.push(component);
        }
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(StoreError::Refused(
                    "the path crosses a symbolic link in the local store, which it never follows"
                        .to_owned(),
                ))
            }
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(internal(error)),
        }
    }
    Ok(())
}

/// The record at `record_path` under `index`, its links checked (blocking).
fn read_record(index: &Path, record_path: &Path) -> Result<Record, StoreError> {
    check_no_links(index, record_path)?;
    let text = match std::fs::read(record_path) {
        Ok(text) => text,
        Err(error) if is_missing(&error) => return Err(StoreError::NotFound),
        Err(error) => return Err(internal(error)),
    };
    let record: Record = serde_json::from_slice(&text).map_err(internal)?;
    if !is_blob_id(&record.blob) {
        return Err(StoreError::Internal(
            format!("record {} names a malformed blob", record_path.display()).into(),
        ));
    }
    Ok(record)
}

/// A file opened for reading: its record, the range sent (when one was asked for), and a body that has the
/// bytes to send.
struct Opened {
    record: Record,
    range: Option<RangeInclusive<u64>>,
    body: Box<dyn AsyncRead + Send + Unpin>,
}

/// Reads the record at `record_path` and opens its blob in `blobs` at the start of `range` (blocking); the body
/// holds the bytes already when they are few.
fn open(
    index: &Path,
    record_path: &Path,
    blobs: &Path,
    range: Option<ByteRange>,
) -> Result<Opened, StoreError> {
    for _ in 0..READ_ATTEMPTS {
        let record = read_record(index, record_path)?;
        let mut file = match std::fs::File::open(blobs.join(&record.blob)) {
            Ok(file) => file,
            // Replaced or deleted between reading the record and opening the blob: read again.
            Err(error) if is_missing(&error) => continue,
            Err(error) => return Err(internal(error)),
        };
        let sent = range
            .map(|range| {
                range
                    .resolve(record.size)
                    .ok_or(StoreError::RangeNotSatisfiable { size: record.size })
            })
            .transpose()?;
        let (start, length) = match &sent {
            Some(bytes) => (*bytes.start(), bytes.end() - bytes.start() + 1),
            None => (0, record.size),
        };
        if start > 0 {
            file.seek(SeekFrom::Start(start)).map_err(internal)?;
        }
        let body: Box<dyn AsyncRead + Send + Unpin> = if length <= READ_AT_ONCE {
            let mut content = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
            file.take(length)
                .read_to_end(&mut content)
                .map_err(internal)?;
            Box::new(io::Cursor::new(content))
        } else {
            Box::new(fs::File::from_std(file).take(length))
        };
        return Ok(Opened {
            record,
            range: sent,
            body,
        });
    }
    Err(StoreError::Unavailable(
        "the file kept changing while it was read".into(),
    ))
}

fn is_blob_id(blob: &str) -> bool {
    blob.len() == 32 && blob.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A missing file, or a missing folder on the way to it.
fn is_missing(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn from_secs(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn internal(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> StoreError {
    StoreError::Internal(error.into())
}
