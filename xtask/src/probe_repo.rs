//! What a probe does to the service it generated: edit a file, run a command in its folder, commit everything.

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

/// Replaces `old`, which `path` must hold exactly once, with `new`.
pub fn replace_once(path: &Path, old: &str, new: &str) -> Result<()> {
    let text = read(path)?;
    ensure!(
        text.matches(old).count() == 1,
        "{} does not hold {old:?} exactly once",
        path.display()
    );
    std::fs::write(path, text.replacen(old, new, 1))?;
    Ok(())
}

pub fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}
