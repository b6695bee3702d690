//! The deployable artifact: the binary, and the zip Lambda is given (the binary named `bootstrap`, as
//! `cargo lambda build --output-format zip` packs it), made with Info-ZIP's `zip` at its default level.

use std::{path::Path, process::Command};

use anyhow::{bail, Context, Result};

/// Sizes in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub binary: u64,
    pub zipped: u64,
}

pub fn sizes(binary: &Path) -> Result<Sizes> {
    let dir = tempfile::tempdir()?;
    let bootstrap = dir.path().join("bootstrap");
    std::fs::copy(binary, &bootstrap).with_context(|| format!("copying {}", binary.display()))?;
    let zip = dir.path().join("bootstrap.zip");
    let status = Command::new("zip")
        .args(["-q", "-j"])
        .arg(&zip)
        .arg(&bootstrap)
        .status()
        .context("running zip (apt-get install -y zip)")?;
    if !status.success() {
        bail!("zip failed");
    }
    Ok(Sizes {
        binary: std::fs::metadata(binary)?.len(),
        zipped: std::fs::metadata(&zip)?.len(),
    })
}
