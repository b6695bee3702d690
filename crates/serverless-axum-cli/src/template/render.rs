//! Rendering a template version with cargo-generate, as `cargo generate --path <checkout> --silent` does.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use cargo_generate::{GenerateArgs, TemplatePath, Vcs};
use tempfile::TempDir;

use super::{Answers, FileMap, TemplateSource};

/// Build output and tool caches that may sit in a developer's template/ and are never part of it.
const NEVER_COPIED: [&str; 4] = ["target", "node_modules", "cdk.out", ".data"];

/// A rendered service in a temporary folder (removed when this is dropped).
pub struct Rendered {
    _dir: TempDir,
    root: PathBuf,
}

impl Rendered {
    /// The rendered service's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every rendered file.
    pub fn files(&self) -> Result<FileMap> {
        super::read_tree(&self.root)
    }
}

/// Renders `source` with `answers` into a temporary folder.
pub fn render(source: &TemplateSource, answers: &Answers) -> Result<Rendered> {
    let checkout = source.checkout()?;
    let out = tempfile::Builder::new().prefix("rendered-").tempdir()?;
    let root = generate_into(
        checkout.root(),
        answers.name()?,
        answers.defines()?,
        out.path(),
    )
    .with_context(|| format!("rendering the template of {}", source.describe()))?;
    Ok(Rendered { _dir: out, root })
}

/// Generates service `name` from the platform checkout at `checkout` (its `cargo-generate.toml` and `template/`)
/// into `<destination>/<name>` with the `key=value` answers `defines`, exactly as `cargo generate --path <checkout>
/// --silent` would; returns the service's folder. The one way the platform renders its template: `check`,
/// `upgrade`, their tests and the template repository's harness all call it.
///
/// cargo-generate reads a staged copy of the checkout's template ([`stage_template`]), so a developer's
/// `node_modules` or `target` never slows or changes the rendering. The output is kept exactly as rendered (no
/// `cargo fmt`, no git repository).
pub fn generate_into(
    checkout: &Path,
    name: &str,
    defines: Vec<String>,
    destination: &Path,
) -> Result<PathBuf> {
    let stage = tempfile::Builder::new().prefix("template-").tempdir()?;
    stage_template(checkout, stage.path())?;
    ensure_author_known();
    std::fs::create_dir_all(destination)
        .with_context(|| format!("creating {}", destination.display()))?;
    let args = GenerateArgs {
        template_path: TemplatePath {
            path: Some(stage.path().display().to_string()),
            ..TemplatePath::default()
        },
        name: Some(name.to_owned()),
        silent: true,
        quiet: true,
        define: defines,
        destination: Some(destination.to_path_buf()),
        vcs: Some(Vcs::None),
        no_workspace: true,
        no_fmt: true,
        ..GenerateArgs::default()
    };
    cargo_generate::generate(args).with_context(|| format!("generating {name}"))
}

/// Copies a platform checkout's template (`cargo-generate.toml` and `template/`, without build output) to `to`:
/// a folder cargo-generate renders, and a platform version of its own for `upgrade --from`/`--to`.
pub fn stage_template(checkout: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    let manifest = checkout.join("cargo-generate.toml");
    std::fs::copy(&manifest, to.join("cargo-generate.toml"))
        .with_context(|| format!("copying {}", manifest.display()))?;
    copy_tree(&checkout.join("template"), &to.join("template"))
}

/// Copies a folder tree, leaving out build output and tool caches ([`NEVER_COPIED`]).
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
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
