//! The one thing `upgrade` asks of git: a clean working tree, so that `git diff` shows exactly what the upgrade
//! did and `git checkout .` undoes it.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Fails unless `dir` is in a git repository whose `git status --porcelain` is empty.
pub fn ensure_clean(dir: &Path) -> Result<()> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["status", "--porcelain"])
        .output()
        .context("running `git status` (is git installed?)")?;
    if !output.status.success() {
        bail!(
            "{} is not a git repository: upgrade rewrites files and needs git to show and undo what it did \
             (`git init` and commit the service first)",
            dir.display()
        );
    }
    let changes = String::from_utf8_lossy(&output.stdout);
    if !changes.trim().is_empty() {
        bail!(
            "the working tree has uncommitted changes: commit or stash them first, so that the upgrade's own \
             changes stand alone\n{}",
            changes.trim_end()
        );
    }
    Ok(())
}
