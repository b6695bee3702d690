//! The floor a generated service is measured against: `xtask/floor` (package `bench-floor`), a bare axum handler
//! that answers `GET /v1/files/{*path}` with `tokio::fs::read` and nothing else. Built with the service's release
//! profile, so the difference between the two is what the platform and the store cost.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context, Result};

use crate::{
    bench::service::{Server, FILE_PATH},
    paths,
};

/// Builds `bench-floor` `--release` with the profile generated services use (fat LTO, one codegen unit,
/// stripped), into the bench target folder.
pub fn build() -> Result<PathBuf> {
    let target = paths::cache_dir().join("bench-target");
    println!("building bench-floor --release");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["build", "--release", "--quiet", "-p", "bench-floor"])
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_PROFILE_RELEASE_LTO", "fat")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1")
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
        .current_dir(paths::repo_root())
        .status()
        .context("running cargo build -p bench-floor")?;
    if !status.success() {
        bail!("building bench-floor failed");
    }
    Ok(target.join("release").join("bench-floor"))
}

/// Starts the floor on `files_dir` with the 1 KiB file at [`FILE_PATH`] written there, as the service's seeded
/// file is.
pub fn start(binary: &PathBuf, files_dir: &Path) -> Result<Server> {
    let relative = FILE_PATH
        .strip_prefix("/v1/files/")
        .context("FILE_PATH is under /v1/files/")?;
    let file = files_dir.join(relative);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&file, [b'x'; 1024])?;
    Server::start(binary, &[("FILES_DIR", files_dir.display().to_string())])
}
