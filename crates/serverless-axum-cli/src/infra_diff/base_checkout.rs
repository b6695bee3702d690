//! The base ref of a review, checked out beside the working tree (`git worktree add --detach`), removed again when
//! the review ends however it ends.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

pub struct BaseCheckout {
    repository: PathBuf,
    root: PathBuf,
    /// Holds the folder the worktree lives in.
    _parent: tempfile::TempDir,
}

impl BaseCheckout {
    /// Checks `reference` of the repository holding `service` out into a temporary folder.
    pub fn new(service: &Path, reference: &str) -> Result<Self> {
        let parent = tempfile::Builder::new()
            .prefix("serverless-axum-base-")
            .tempdir()?;
        let root = parent.path().join("base");
        let output = Command::new("git")
            .arg("-C")
            .arg(service)
            .args(["worktree", "add", "--detach", "--quiet"])
            .arg(&root)
            .arg(reference)
            .output()
            .context("running git (is it installed?)")?;
        if !output.status.success() {
            bail!(
                "checking out {reference:?} failed (fetch it first, e.g. `git fetch origin main`): {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(Self {
            repository: service.to_path_buf(),
            root,
            _parent: parent,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Drop for BaseCheckout {
    fn drop(&mut self) {
        // `--force`: the synth left cdk.out and node_modules in it.
        let _ = Command::new("git")
            .arg("-C")
            .arg(&self.repository)
            .args(["worktree", "remove", "--force"])
            .arg(&self.root)
            .output();
    }
}
