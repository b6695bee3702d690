//! The tools the checks need besides cargo: Node/npm for the CDK apps, and the Python-packaged tools pinned in
//! `.ci/requirements.txt` (installed with pip when one is missing).

use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::paths;

/// Commands `.ci/requirements.txt` provides.
const FROM_PIP: [&str; 6] = [
    "moto_server",
    "cfn-lint",
    "actionlint",
    "zizmor",
    "cloudsplaining",
    "openapi-spec-validator",
];

/// Makes sure every tool is on PATH, installing the pinned Python ones when any is missing.
pub fn ensure() -> Result<()> {
    for required in ["node", "npm", "python3", "jq"] {
        if !on_path(required) {
            bail!("{required} is not installed; the checks need Node 20+, Python 3 and jq");
        }
    }
    if FROM_PIP.iter().all(|tool| on_path(tool)) {
        return Ok(());
    }
    let requirements = paths::repo_root().join(".ci").join("requirements.txt");
    println!(
        "installing the pinned Python tools from {}",
        requirements.display()
    );
    let status = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "-r"])
        .arg(&requirements)
        .status()
        .context("running pip")?;
    if !status.success() {
        bail!("pip could not install {}", requirements.display());
    }
    if let Some(missing) = FROM_PIP.iter().find(|tool| !on_path(tool)) {
        bail!("{missing} is still not on PATH after pip install; add pip's script folder to PATH");
    }
    Ok(())
}

/// Whether `program` runs (found on PATH).
pub fn on_path(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
