//! Generating a service with cargo-generate, exactly as `cargo generate --path <repo> --silent` does.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serverless_axum::template;

use crate::paths;

/// Generates service `name` into `<out>/<name>` with the given `key=value` answers; returns its folder.
///
/// Unless the answers say otherwise, the service takes the platform libraries (the kit crate, the CDK library)
/// from this checkout by path (`platform_path`), so the harness, the demo and the benchmarks test the platform
/// code as it is here, fully offline.
pub fn service(name: &str, out: &Path, defines: &[String]) -> Result<PathBuf> {
    service_from(&paths::repo_root(), name, out, defines)
}

/// [`service`], from the template of the platform checkout at `root` (its `cargo-generate.toml` and `template/`):
/// another version of the platform than this one. Rendered as `serverless-axum check` and `upgrade` render it
/// (the tool's library), so the harness generates what the tool compares against.
pub fn service_from(root: &Path, name: &str, out: &Path, defines: &[String]) -> Result<PathBuf> {
    let dir = template::generate_into(root, name, with_platform_path(defines), out)?;
    ensure_toolchain(&dir);
    Ok(dir)
}

/// `defines`, plus `platform_path=<this checkout>` when they do not name a `platform_path` themselves.
pub fn with_platform_path(defines: &[String]) -> Vec<String> {
    let mut all = defines.to_vec();
    if !defines.iter().any(|d| d.starts_with("platform_path=")) {
        all.push(format!("platform_path={}", paths::repo_root().display()));
    }
    all
}

/// The `channel` of a `rust-toolchain.toml` (`channel = "1.95.0"`).
pub fn toolchain_channel(text: &str) -> Option<&str> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "channel").then(|| value.trim().trim_matches('"'))
    })
}

/// The generated service pins its Rust in `rust-toolchain.toml`; rustup's `rustc`, `clippy-driver` and `rustfmt`
/// proxies then need that toolchain. On an offline machine whose `stable` is that very release, it is made known to
/// rustup under the pinned name, pointing at stable's sysroot (what `rustup toolchain link` does; rustup refuses
/// `link` for names of official releases). Otherwise rustup installs it (online). This is the one place the pin is
/// honoured: `.ci/run`, the demo, the benchmarks and `cargo xtask test` all generate through here.
fn ensure_toolchain(service: &Path) {
    let Ok(text) = std::fs::read_to_string(service.join("rust-toolchain.toml")) else {
        return;
    };
    let Some(channel) = toolchain_channel(&text) else {
        return;
    };
    let output = |program: &str, args: &[&str]| -> Option<String> {
        let out = std::process::Command::new(program)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let Some(installed) = output("rustup", &["toolchain", "list"]) else {
        return; // no rustup: whatever `cargo` is, it is used as is
    };
    if installed.lines().any(|line| {
        line.split_whitespace().next() == Some(channel) || line.starts_with(&format!("{channel}-"))
    }) {
        return;
    }
    let stable = output("rustc", &["+stable", "-vV"]).unwrap_or_default();
    let field = |name: &str| {
        stable
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(str::trim)
            .map(str::to_owned)
    };
    let (Some(release), Some(host)) = (field("release:"), field("host:")) else {
        return;
    };
    let sysroot = output("rustc", &["+stable", "--print", "sysroot"]).unwrap_or_default();
    if release != channel || sysroot.trim().is_empty() {
        eprintln!(
            "xtask: the service pins Rust {channel}; stable is {release}: installing {channel}"
        );
        let installed = output(
            "rustup",
            &[
                "toolchain",
                "install",
                channel,
                "--profile",
                "minimal",
                "--component",
                "rustfmt,clippy",
                "--no-self-update",
            ],
        );
        if installed.is_none() {
            eprintln!("xtask: rustup could not install {channel}");
        }
        return;
    }
    let Some(rustup_home) = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".rustup")))
    else {
        return;
    };
    let link = rustup_home
        .join("toolchains")
        .join(format!("{channel}-{host}"));
    #[cfg(unix)]
    match std::os::unix::fs::symlink(sysroot.trim(), &link) {
        Ok(()) => eprintln!(
            "xtask: linked toolchain {channel} to stable's sysroot {} (the same release)",
            sysroot.trim()
        ),
        Err(error) => eprintln!(
            "xtask: could not link toolchain {channel} at {}: {error}",
            link.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(relative: &str) -> String {
        let file = paths::repo_root().join(relative);
        std::fs::read_to_string(&file).unwrap_or_else(|error| panic!("{}: {error}", file.display()))
    }

    fn rust_version(manifest: &str) -> Option<&str> {
        manifest.lines().find_map(|line| {
            let (key, value) = line.split_once('=')?;
            (key.trim() == "rust-version").then(|| value.trim().trim_matches('"'))
        })
    }

    #[test]
    fn the_toolchain_and_both_rust_versions_agree() {
        let toolchain = read("template/rust-toolchain.toml");
        let channel =
            toolchain_channel(&toolchain).expect("a channel in template/rust-toolchain.toml");
        let minor = channel.rsplit_once('.').map_or(channel, |(minor, _)| minor);
        assert_eq!(
            channel.split('.').count(),
            3,
            "the channel is an exact release, not {channel}"
        );
        assert_eq!(rust_version(&read("template/Cargo.toml")), Some(minor));
        assert_eq!(rust_version(&read("Cargo.toml")), Some(minor));
        assert!(
            !toolchain.contains("targets"),
            "workflows add their targets themselves"
        );
    }

    #[test]
    fn the_platform_comes_from_this_checkout_unless_asked_otherwise() {
        let root = paths::repo_root().display().to_string();
        assert_eq!(
            with_platform_path(&["owner=x".to_owned()]),
            ["owner=x".to_owned(), format!("platform_path={root}")]
        );
        let elsewhere = vec!["platform_path=/elsewhere".to_owned()];
        assert_eq!(with_platform_path(&elsewhere), elsewhere);
    }

    /// The `version = "..."` of a Cargo manifest's `[package]`.
    fn package_version(manifest: &str) -> Option<&str> {
        manifest.lines().find_map(|line| {
            let (key, value) = line.split_once('=')?;
            (key.trim() == "version").then(|| value.trim().trim_matches('"'))
        })
    }

    /// The platform's one version: the template's default `platform_version` is the tag of the kit, the testkit
    /// and the CDK library as they are in this checkout, so a service generated from a tag gets the libraries of
    /// that tag.
    #[test]
    fn the_platform_libraries_and_the_default_platform_version_agree() {
        let questions = read("template/cargo-generate.toml");
        let default = questions
            .split("[placeholders.platform_version]")
            .nth(1)
            .and_then(|section| section.lines().find_map(|l| l.strip_prefix("default = ")))
            .map(|value| value.trim().trim_matches('"').to_owned())
            .expect("a default platform_version");
        let version = default.strip_prefix('v').expect("a v-prefixed tag");
        for krate in ["serverless-axum-kit", "serverless-axum-testkit"] {
            let manifest = read(&format!("crates/{krate}/Cargo.toml"));
            assert_eq!(package_version(&manifest), Some(version), "{krate}");
        }
        let package: serde_json::Value =
            serde_json::from_str(&read("packages/cdk/package.json")).expect("package.json");
        assert_eq!(package["version"], version, "packages/cdk");
    }

    /// Without `platform_path`, a service depends on the platform by version: the kit and the testkit at the git
    /// tag, the CDK library as the release's tarball, in the manifests and in the npm lockfiles alike.
    #[test]
    fn without_a_platform_path_the_service_depends_on_the_tag() {
        let out = tempfile::tempdir().expect("a temporary directory");
        let defines = [
            "platform_path=".to_owned(),
            "platform_version=v7.8.9".to_owned(),
            "platform_repo=https://git.example.com/acme/platform".to_owned(),
            "example_api=false".to_owned(),
        ];
        let dir = service("tagged-api", out.path(), &defines).expect("generation");
        let file =
            |relative: &str| std::fs::read_to_string(dir.join(relative)).expect("a generated file");
        let manifest = file("Cargo.toml");
        for (krate, features) in [
            ("serverless-axum-kit", ", features = [\"auth\"]"),
            ("serverless-axum-testkit", ""),
        ] {
            assert!(
                manifest.contains(&format!(
                    "{krate} = {{ git = \"https://git.example.com/acme/platform\", tag = \"v7.8.9\"{features} }}"
                )),
                "{krate} by tag in:\n{manifest}"
            );
        }
        assert!(!manifest.contains("/crates/serverless-axum"), "{manifest}");
        let tarball =
            "https://git.example.com/acme/platform/releases/download/v7.8.9/serverless-axum-cdk-7.8.9.tgz";
        // The CDK app and the janitor (which imports the library's contracts) alike.
        for package in ["infra", "gitops"] {
            let manifest: serde_json::Value =
                serde_json::from_str(&file(&format!("{package}/package.json")))
                    .expect("package.json");
            assert_eq!(
                manifest["dependencies"]["@serverless-axum/cdk"], tarball,
                "{package}"
            );
            let lock_text = file(&format!("{package}/package-lock.json"));
            let lock: serde_json::Value =
                serde_json::from_str(&lock_text).expect("package-lock.json");
            assert_eq!(
                lock["packages"][""]["dependencies"]["@serverless-axum/cdk"], tarball,
                "{package}"
            );
            let locked = &lock["packages"]["node_modules/@serverless-axum/cdk"];
            assert_eq!(locked["resolved"], tarball, "{package}");
            assert_eq!(locked["version"], "7.8.9", "{package}");
            assert!(!lock_text.contains("file:"), "{package}");
        }
    }

    #[test]
    fn a_name_with_pr_as_a_word_is_refused() {
        let out = tempfile::tempdir().expect("a temporary directory");
        let error = service("orders-pr-api", out.path(), &[]).expect_err("generation must fail");
        let message = format!("{error:#}");
        assert!(
            message.contains("must not have 'pr' as a word"),
            "unexpected error: {message}"
        );
    }
}
