//! `cargo xtask demo`: a freshly generated service, running on this machine.

use anyhow::{bail, Context, Result};

use crate::{generate, paths, steps::cargo};

pub fn run(name: &str) -> Result<()> {
    let out = paths::cache_dir().join("demo");
    let dir = out.join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("removing the old {}", dir.display()))?;
    }
    let dir = generate::service(name, &out, &[])?;
    println!("generated {name} in {}", dir.display());
    println!("starting it; the URLs follow once it listens. Ctrl-C stops it.");
    let status = cargo(&["run", "--quiet"])
        .current_dir(&dir)
        .status()
        .context("starting cargo run")?;
    if !status.success() {
        bail!("{name} exited with {status}");
    }
    Ok(())
}
