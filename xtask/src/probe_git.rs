//! The git a probe needs: run a command in a service's folder, commit everything as the probe.

use std::{path::Path, process::Command};

use anyhow::{ensure, Context, Result};

/// Commits every change in `dir` as `author` (no global git identity needed).
pub fn commit(dir: &Path, author: &str, message: &str) -> Result<()> {
    git(dir, &["add", "--all"])?;
    let name = format!("user.name={author}");
    git(
        dir,
        &[
            "-c",
            &name,
            "-c",
            "user.email=probe@example.invalid",
            "commit",
            "--quiet",
            "--message",
            message,
        ],
    )
}

pub fn git(dir: &Path, args: &[&str]) -> Result<()> {
    run_in(dir, Command::new("git").args(args))
}

/// Runs `command` in `dir`; an error when it fails.
pub fn run_in(dir: &Path, command: &mut Command) -> Result<()> {
    let status = command
        .current_dir(dir)
        .status()
        .with_context(|| format!("running {:?}", command.get_program()))?;
    ensure!(status.success(), "{command:?} failed in {}", dir.display());
    Ok(())
}
