//! Generating a service with cargo-generate, exactly as `cargo generate --path <repo> --silent` does.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use cargo_generate::{GenerateArgs, TemplatePath, Vcs};

use crate::paths;

/// Build output and tool caches that may sit in a developer's template/ and are never part of it.
const NEVER_COPIED: [&str; 4] = ["target", "node_modules", "cdk.out", ".data"];

/// Generates service `name` into `<out>/<name>` with the given `key=value` answers; returns its folder.
///
/// cargo-generate reads a staged copy of the repo's template (its root `cargo-generate.toml` and `template/`,
/// without build output), so a developer's `node_modules` or `target` never slows or breaks generation.
pub fn service(name: &str, out: &Path, defines: &[String]) -> Result<PathBuf> {
    ensure_author_known();
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let stage = tempfile::Builder::new().prefix("template-").tempdir()?;
    let root = paths::repo_root();
    let (manifest, staged) = (
        root.join("cargo-generate.toml"),
        stage.path().join("cargo-generate.toml"),
    );
    std::fs::copy(&manifest, &staged)
        .with_context(|| format!("copying {} to {}", manifest.display(), staged.display()))?;
    copy_tree(&root.join("template"), &stage.path().join("template"))?;

    let args = GenerateArgs {
        template_path: TemplatePath {
            path: Some(stage.path().display().to_string()),
            ..TemplatePath::default()
        },
        name: Some(name.to_owned()),
        silent: true,
        quiet: true,
        define: defines.to_vec(),
        destination: Some(out.to_path_buf()),
        vcs: Some(Vcs::None),
        no_workspace: true,
        // Keep the output exactly as rendered: `cargo fmt --check` must pass on it as is.
        no_fmt: true,
        ..GenerateArgs::default()
    };
    let dir = cargo_generate::generate(args).with_context(|| format!("generating {name}"))?;
    Ok(dir)
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        if NEVER_COPIED.iter().any(|skip| name == *skip) {
            continue;
        }
        let kind = entry.file_type()?;
        let (source, target) = (entry.path(), to.join(&name));
        if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else if kind.is_file() {
            std::fs::copy(&source, &target)
                .with_context(|| format!("copying {}", source.display()))?;
        }
    }
    Ok(())
}

/// cargo-generate fills its `authors` value from the environment and refuses to run without one; CI machines
/// may have no `$USER`. The template does not use `authors`, so any name does.
fn ensure_author_known() {
    const NAMES: [&str; 6] = [
        "CARGO_NAME",
        "GIT_AUTHOR_NAME",
        "GIT_COMMITTER_NAME",
        "USER",
        "USERNAME",
        "NAME",
    ];
    if NAMES.iter().all(|name| std::env::var_os(name).is_none()) {
        // Single-threaded here: nothing else reads the environment concurrently.
        std::env::set_var("CARGO_NAME", "serverless-axum");
    }
}
