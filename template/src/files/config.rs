//! The Files API's settings, read once in `main` (through the service's `Config`).

use std::{path::PathBuf, time::Duration};

use serverless_axum_kit::Settings;

/// Where files live by default: a folder in the working directory (ignored by git).
pub const DEFAULT_DIR: &str = "./.data/files";

/// How long presigned URLs stay valid.
pub const URL_TTL: Duration = Duration::from_secs(15 * 60);

/// Where files are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A local directory (`FILES_DIR`, default `./.data/files`).
    Local { dir: PathBuf },
    /// An S3 bucket (`FILES_BUCKET`), under an optional key prefix (`FILES_PREFIX`).
    S3 { bucket: String, prefix: String },
}

/// The Files API's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilesConfig {
    pub backend: Backend,
    /// Largest body a `PUT` takes inline (the service's `MAX_BODY_BYTES`); larger files go through
    /// `POST /v1/uploads`.
    pub max_inline_bytes: usize,
    pub url_ttl: Duration,
}

impl FilesConfig {
    /// Reads the variables through `lookup`: S3 when `FILES_BUCKET` is set, else the local directory.
    pub fn from_lookup(settings: &Settings, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let set = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let backend = match set("FILES_BUCKET") {
            Some(bucket) => Backend::S3 {
                bucket: bucket.trim().to_owned(),
                prefix: set("FILES_PREFIX").unwrap_or_default(),
            },
            None => Backend::Local {
                dir: PathBuf::from(set("FILES_DIR").unwrap_or_else(|| DEFAULT_DIR.to_owned())),
            },
        };
        Self {
            backend,
            max_inline_bytes: settings.max_body_bytes,
            url_ttl: URL_TTL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_directory_by_default_and_s3_when_a_bucket_is_set() {
        let settings = Settings::for_tests(serverless_axum_kit::service_info!());
        let local = FilesConfig::from_lookup(&settings, |_| None);
        assert_eq!(
            local.backend,
            Backend::Local {
                dir: PathBuf::from(DEFAULT_DIR)
            }
        );
        assert_eq!(local.max_inline_bytes, settings.max_body_bytes);

        let s3 = FilesConfig::from_lookup(&settings, |name| match name {
            "FILES_BUCKET" => Some("orders-files".to_owned()),
            "FILES_PREFIX" => Some("tenant-a/".to_owned()),
            "FILES_DIR" => Some("/ignored".to_owned()),
            _ => None,
        });
        assert_eq!(
            s3.backend,
            Backend::S3 {
                bucket: "orders-files".to_owned(),
                prefix: "tenant-a/".to_owned()
            }
        );
    }

    #[test]
    fn an_empty_bucket_means_local() {
        let config = FilesConfig::from_lookup(
            &Settings::for_tests(serverless_axum_kit::service_info!()),
            |name| (name == "FILES_BUCKET").then(String::new),
        );
        assert!(matches!(config.backend, Backend::Local { .. }));
    }
}
