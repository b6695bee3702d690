//! `cargo xtask demo`: a freshly generated service, running on this machine.

use anyhow::{bail, Context, Result};

use crate::{dev_token, generate, paths, steps::cargo};

pub fn run(name: &str) -> Result<()> {
    let out = paths::cache_dir().join("demo");
    let dir = out.join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("removing the old {}", dir.display()))?;
    }
    let dir = generate::service(name, &out, &[])?;
    println!("generated {name} in {}", dir.display());
    if let Some(scopes) = dev_token::declared_scopes(&dir)? {
        // The service's own `dev-token` command, run where `cargo run` runs, so both use one dev key.
        let mut args = vec!["run", "--quiet", "--", "dev-token"];
        for scope in &scopes {
            args.extend(["--scope", scope.as_str()]);
        }
        let output = cargo(&args)
            .current_dir(&dir)
            .output()
            .context("running dev-token")?;
        if !output.status.success() {
            bail!(
                "dev-token failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let token = String::from_utf8(output.stdout)?.trim().to_owned();
        println!(
            "everything but /health, /openapi.json and /docs needs a token; one from the dev issuer, with the \
             scopes {scopes:?}:\n\n  TOKEN={token}\n  curl -H \"Authorization: Bearer $TOKEN\" \
             http://127.0.0.1:3000/v1/me\n"
        );
    }
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
