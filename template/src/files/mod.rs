//! The example Files API: files under nested paths, stored in a local directory (the default) or in S3
//! (`FILES_BUCKET`), with ETags, conditional requests, ranges, pagination and presigned uploads.
//!
//! - [`path`]: the path rules, checked once at the edge.
//! - [`store`]: the storage port and its two adapters.
//! - `api`: the HTTP handlers and their OpenAPI description.

mod api;
mod conditions;
pub mod config;
mod error;
pub mod path;
pub mod store;

use std::{sync::Arc, time::Duration};

use serverless_axum_kit::Access;
use utoipa_axum::router::OpenApiRouter;

use config::{Backend, FilesConfig};
use store::{local::LocalStore, s3::S3Store, FileStore};

pub use api::{describe_links, READ_SCOPE, WRITE_SCOPE};

/// What the Files API's handlers share: built once in `main` (it is part of the service's `AppState`) and
/// handed to the files routes as their own state.
#[derive(Debug, Clone)]
pub struct Files {
    store: Arc<dyn FileStore>,
    max_inline_bytes: usize,
    url_ttl: Duration,
}

impl Files {
    /// The API over `store`, taking bodies of up to `max_inline_bytes` inline.
    pub fn new(store: Arc<dyn FileStore>, max_inline_bytes: usize) -> Self {
        Self {
            store,
            max_inline_bytes,
            url_ttl: config::URL_TTL,
        }
    }

    /// The API over the store `config` names. Nothing is contacted yet: the S3 client is made on first use.
    pub fn from_config(config: &FilesConfig) -> Self {
        let store: Arc<dyn FileStore> = match &config.backend {
            Backend::Local { dir } => Arc::new(LocalStore::new(dir.clone())),
            Backend::S3 { bucket, prefix } => Arc::new(S3Store::from_env(bucket.clone(), prefix)),
        };
        Self {
            store,
            max_inline_bytes: config.max_inline_bytes,
            url_ttl: config.url_ttl,
        }
    }
}

/// The Files API's routes (with their OpenAPI description) over `files`, guarded by `access`: reading needs
/// [`READ_SCOPE`], writing [`WRITE_SCOPE`] (with the kit's `Public`, nothing).
pub fn routes_with<S>(files: Files, access: &impl Access) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    api::router(access).with_state(files)
}

/// What a 413 for a request to `path` adds about large files (the middleware's own 413 uses it too).
pub fn large_body_hint(path: &str) -> Option<&'static str> {
    (path == "/v1/files" || path.starts_with("/v1/files/")).then_some(api::LARGE_BODY_HINT)
}
