//! Where things are: the repo, the template, and the caches shared by every generated service.

use std::path::PathBuf;

/// The template repo's root (the parent of xtask/): `cargo xtask` (cargo run) says where xtask is when it runs, which
/// matters because cargo's fingerprints do not depend on a checkout's path, so a build from another checkout is reused.
pub fn repo_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The cache folder outside the repo: `$SERVERLESS_AXUM_CACHE`, else `~/.cache/serverless-axum`.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SERVERLESS_AXUM_CACHE") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, PathBuf::from);
    home.join(".cache").join("serverless-axum")
}

/// An emptied folder `<cache>/work/<name>` for the services one command generates and builds.
///
/// Not a random temporary folder: Cargo names a package's build output after its path, so a service generated at
/// a new path every run would leave a new set of test binaries (gigabytes) in the shared target folder each time.
/// At a fixed path, each run replaces the last one's. One run of a command at a time, then.
pub fn work_dir(name: &str) -> std::io::Result<PathBuf> {
    let dir = cache_dir().join("work").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The one cargo target folder every generated service builds into, so variants share compiled dependencies:
/// `$CARGO_TARGET_DIR` when set, else `<cache>/target`.
pub fn shared_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| cache_dir().join("target"))
}
