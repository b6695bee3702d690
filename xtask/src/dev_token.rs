//! A token from a generated service's dev issuer, minted by the service binary's own `dev-token` command (what
//! its README tells a developer to run), for the harness's local checks and benchmarks.

use std::{path::Path, process::Command};

use anyhow::{bail, Context, Result};

/// Runs `<binary> dev-token --scope <scope>...` with exactly `env` (which must put the service on a laptop:
/// `APP_ENVIRONMENT=local`, an `AUTH_DEV_KEY_FILE` it shares with the server) and returns the token.
pub fn mint(binary: &Path, env: &[(&str, String)], scopes: &[&str]) -> Result<String> {
    let mut command = Command::new(binary);
    command.arg("dev-token");
    for scope in scopes {
        command.args(["--scope", scope]);
    }
    let output = command
        .env_clear()
        .envs(env.iter().map(|(name, value)| (*name, value.as_str())))
        .output()
        .with_context(|| format!("running {} dev-token", binary.display()))?;
    if !output.status.success() {
        bail!(
            "{} dev-token failed: {}",
            binary.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8(output.stdout)?.trim().to_owned())
}

/// The scopes a generated service declares in its `infra/service.config.json` (`auth.scopes`), or `None` when
/// it was generated with `auth=none` (`"auth": null`).
pub fn declared_scopes(service_dir: &Path) -> Result<Option<Vec<String>>> {
    let path = service_dir.join("infra").join("service.config.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let config: serde_json::Value = serde_json::from_str(&text)?;
    Ok(config["auth"]["scopes"]
        .as_object()
        .map(|scopes| scopes.keys().cloned().collect()))
}
