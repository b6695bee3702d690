//! One side of a review synthesized: `npx cdk synth` of a checkout's CDK app for one environment, with the same stub
//! Lambda artifact and the same preview expiry on both sides, so only the infrastructure differs (code changes are
//! not an infrastructure change; the build and the preview tell about those).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The context value every synth gets for a preview's expiry (a tag): a fixed one, so it never shows as a change.
const FIXED_EXPIRY: &str = "2000-01-01T00:00:00Z";

pub struct Synth {
    /// A folder with an executable `bootstrap`: the app stages it as the function's code.
    artifact: tempfile::TempDir,
    outputs: tempfile::TempDir,
}

impl Synth {
    pub fn new() -> Result<Self> {
        let artifact = tempfile::Builder::new()
            .prefix("serverless-axum-artifact-")
            .tempdir()?;
        let bootstrap = artifact.path().join("bootstrap");
        std::fs::write(
            &bootstrap,
            "#!/bin/sh\n# stands in for the service's binary: reviews compare infrastructure\n",
        )?;
        std::fs::set_permissions(&bootstrap, std::fs::Permissions::from_mode(0o755))?;
        let outputs = tempfile::Builder::new()
            .prefix("serverless-axum-synth-")
            .tempdir()?;
        Ok(Self { artifact, outputs })
    }

    /// The cloud assembly of `root`'s CDK app for `env`, named `side`. A checkout without a CDK app (a service's
    /// first pull request) gives an empty assembly: every resource of the other side is new.
    pub fn side(&self, root: &Path, head: &Path, side: &str, env: &str) -> Result<PathBuf> {
        let out = self.outputs.path().join(side);
        let infra = root.join("infra");
        if !infra.join("cdk.json").is_file() {
            std::fs::create_dir_all(&out)?;
            std::fs::write(
                out.join("manifest.json"),
                r#"{ "version": "0.0.0", "artifacts": {} }"#,
            )?;
            return Ok(out);
        }
        node_modules(&infra, &head.join("infra"))?;
        eprintln!("diff: cdk synth of {side} ({env})");
        let output = Command::new("npx")
            .args([
                "cdk",
                "synth",
                "--quiet",
                "--no-notices",
                "--no-version-reporting",
                "-c",
            ])
            .arg(format!("env={env}"))
            .arg("-c")
            .arg(format!("lambdaArtifact={}", self.artifact.path().display()))
            .arg("-c")
            .arg(format!("expiresAt={FIXED_EXPIRY}"))
            .arg("--output")
            .arg(&out)
            .current_dir(&infra)
            .output()
            .context("running npx (is Node installed?)")?;
        if !output.status.success() {
            bail!(
                "cdk synth of {side} ({env}) failed in {}:\n{}{}",
                infra.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(out)
    }
}

/// Makes sure `infra` has its node_modules: its own, the head's when both lockfiles are the same, or `npm ci`.
fn node_modules(infra: &Path, head_infra: &Path) -> Result<()> {
    let modules = infra.join("node_modules");
    if modules.is_dir() {
        return Ok(());
    }
    let lock = |dir: &Path| std::fs::read(dir.join("package-lock.json")).ok();
    let base_lock = lock(infra);
    if infra != head_infra
        && base_lock.is_some()
        && base_lock == lock(head_infra)
        && head_infra.join("node_modules").is_dir()
    {
        std::os::unix::fs::symlink(head_infra.join("node_modules"), &modules)?;
        return Ok(());
    }
    eprintln!("diff: npm ci in {}", infra.display());
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(infra)
        .status()
        .context("running npm (is Node installed?)")?;
    if !status.success() {
        bail!("npm ci in {} failed ({status})", infra.display());
    }
    Ok(())
}
