//! `cargo xtask lock`: refreshes template/Cargo.lock, the lockfile every generated service starts with, so that
//! its CI can build `--locked` from the first push.
//!
//! Dependencies are resolved once, for the template's rust-version, in the variant with every dependency; each
//! other variant's lockfile is that one pruned to what it uses (`cargo update --workspace` changes nothing else).
//! The template holds one lockfile per `example_api` answer, chosen by Liquid, with the service's own name put
//! back as the `{{project-name}}` placeholder.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::{
    generate, paths,
    steps::cargo,
    variants::{Variant, ALL},
};

pub fn run() -> Result<()> {
    let full = variant_with("example_api=false", false)?;
    let lean = variant_with("example_api=false", true)?;
    let workdir = tempfile::Builder::new().prefix("lock-").tempdir()?;

    let full_dir = generate_variant(full, workdir.path())?;
    cargo_in(&full_dir, &["update"])?;
    let full_lock = read_lock(&full_dir)?;

    let lean_dir = generate_variant(lean, workdir.path())?;
    let seeded = full_lock.replace(&own_entry(full.service), &own_entry(lean.service));
    std::fs::write(lean_dir.join("Cargo.lock"), seeded).context("seeding the lean lockfile")?;
    cargo_in(&lean_dir, &["update", "--workspace"])?;
    let lean_lock = read_lock(&lean_dir)?;

    let templated = format!(
        "{{% if example_api -%}}\n{}{{% else -%}}\n{}{{% endif -%}}\n",
        templated_lock(&full_lock, full.service)?,
        templated_lock(&lean_lock, lean.service)?,
    );
    let target = paths::repo_root().join("template").join("Cargo.lock");
    std::fs::write(&target, templated).with_context(|| format!("writing {}", target.display()))?;
    println!("wrote {}", target.display());
    Ok(())
}

/// The first variant that has (`has == true`) or lacks the given answer.
fn variant_with(define: &str, has: bool) -> Result<&'static Variant> {
    ALL.iter()
        .find(|variant| variant.defines.contains(&define) == has)
        .with_context(|| {
            format!(
                "no variant {} {define}",
                if has { "with" } else { "without" }
            )
        })
}

fn generate_variant(variant: &Variant, workdir: &Path) -> Result<std::path::PathBuf> {
    let defines: Vec<String> = variant.defines.iter().map(|d| (*d).to_owned()).collect();
    generate::service(variant.service, &workdir.join(variant.label), &defines)
}

fn cargo_in(dir: &Path, args: &[&str]) -> Result<()> {
    let status = cargo(args)
        .current_dir(dir)
        .env("CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS", "fallback")
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed in {}", args.join(" "), dir.display());
    }
    Ok(())
}

fn read_lock(dir: &Path) -> Result<String> {
    std::fs::read_to_string(dir.join("Cargo.lock"))
        .with_context(|| format!("reading {}/Cargo.lock", dir.display()))
}

fn own_entry(service: &str) -> String {
    format!("name = \"{service}\"\n")
}

fn templated_lock(lock: &str, service: &str) -> Result<String> {
    if lock.matches(&own_entry(service)).count() != 1 {
        bail!("expected exactly one lockfile entry named {service}");
    }
    Ok(lock.replace(&own_entry(service), "name = \"{{project-name}}\"\n"))
}
