//! `cargo xtask lock`: refreshes template/Cargo.lock, the lockfile every generated service starts with.
//! Dependencies are resolved for the template's rust-version, then the service's own name is put back as the
//! `{{project-name}}` placeholder.

use anyhow::{bail, Context, Result};

use crate::{generate, paths, steps::cargo, variants::ALL};

pub fn run() -> Result<()> {
    let Some(variant) = ALL.first() else {
        bail!("no variants defined");
    };
    let workdir = tempfile::Builder::new().prefix("lock-").tempdir()?;
    let defines: Vec<String> = variant.defines.iter().map(|d| (*d).to_owned()).collect();
    let dir = generate::service(variant.service, workdir.path(), &defines)?;
    let status = cargo(&["update"])
        .current_dir(&dir)
        .env("CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS", "fallback")
        .status()
        .context("running cargo update")?;
    if !status.success() {
        bail!("cargo update failed");
    }
    let lock =
        std::fs::read_to_string(dir.join("Cargo.lock")).context("reading the new lockfile")?;
    let own_entry = format!("name = \"{}\"\n", variant.service);
    if lock.matches(&own_entry).count() != 1 {
        bail!(
            "expected exactly one lockfile entry named {}",
            variant.service
        );
    }
    let templated = lock.replace(&own_entry, "name = \"{{project-name}}\"\n");
    let target = paths::repo_root().join("template").join("Cargo.lock");
    std::fs::write(&target, templated).with_context(|| format!("writing {}", target.display()))?;
    println!("wrote {}", target.display());
    Ok(())
}
