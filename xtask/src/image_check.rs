//! The service's Dockerfile packages a binary where its final stage says, without a Docker engine: buildah builds
//! the `runtime` stage on a `scratch` base (nothing to pull) around the binary the harness built (given as the
//! `binary` stage), and the image's configuration is read back: entrypoint `/service`, user 65532, the container
//! settings and the health check. The build stages (cargo-chef, cross-compilation) need the Rust image and the
//! network: the service's CI builds them (ci.yml's `image` job). Skipped where buildah is not installed.

use std::{path::Path, process::Command};

use anyhow::{ensure, Context, Result};
use serde_json::Value;

/// `buildah` with storage that needs no kernel overlay support (any container or VM).
fn buildah() -> Command {
    let mut command = Command::new("buildah");
    command.args(["--storage-driver", "vfs"]);
    command
}

pub fn available() -> bool {
    Command::new("buildah")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Builds `dir`'s Dockerfile's runtime stage around `binary` and checks the image; removes what it built.
pub fn check(dir: &Path, binary: &Path, tag: &str) -> Result<()> {
    let context = tempfile::tempdir()?;
    std::fs::create_dir_all(context.path().join("out"))?;
    std::fs::copy(binary, context.path().join("out").join("service"))
        .context("copying the binary")?;
    std::fs::write(
        context.path().join("Containerfile"),
        "FROM scratch\nCOPY out/service /out/service\n",
    )?;
    let prebuilt = format!("localhost/{tag}-binary");
    let image = format!("localhost/{tag}:paths");
    let outcome = (|| {
        run(buildah()
            .args(["bud", "-q", "-t", &prebuilt, "-f", "Containerfile", "."])
            .current_dir(context.path()))?;
        run(buildah()
            .args([
                "bud", "-q", "--format", "docker", "--target", "runtime", "-t", &image,
            ])
            .args(["--build-arg", "RUNTIME_BASE=scratch", "--build-arg"])
            .arg(format!("BINARY_STAGE={prebuilt}"))
            .args(["-f", "Dockerfile", "."])
            .current_dir(dir))?;
        let output = buildah()
            .args(["inspect", "--type", "image", &image])
            .output()?;
        ensure!(output.status.success(), "buildah inspect failed");
        let inspected: Value = serde_json::from_slice(&output.stdout)?;
        let config = &inspected["Docker"]["config"];
        ensure!(
            config["Entrypoint"] == serde_json::json!(["/service"]),
            "entrypoint: {}",
            config["Entrypoint"]
        );
        ensure!(config["User"] == "65532:65532", "user: {}", config["User"]);
        let env: Vec<&str> = config["Env"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for wanted in ["HOST=0.0.0.0", "PORT=8080", "SHUTDOWN_TIMEOUT_SECS=25"] {
            ensure!(env.contains(&wanted), "{wanted} missing from {env:?}");
        }
        ensure!(
            config["Healthcheck"]["Test"] == serde_json::json!(["CMD", "/service", "healthcheck"]),
            "health check: {}",
            config["Healthcheck"]
        );
        Ok(())
    })();
    // The images hold a copy of the binary each (vfs keeps whole layers): never leave them behind.
    let _ = buildah().args(["rmi", "-f", &image, &prebuilt]).output();
    outcome
}

fn run(command: &mut Command) -> Result<()> {
    let output = command
        .output()
        .with_context(|| format!("running {:?}", command.get_program()))?;
    ensure!(
        output.status.success(),
        "{command:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}
