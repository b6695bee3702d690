//! Where a template version comes from: a local checkout of the platform, or a git tag of its repository.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use tempfile::TempDir;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateSource {
    /// A platform checkout: a folder holding `cargo-generate.toml` and `template/`.
    Local(PathBuf),
    /// A tag of the platform repository, cloned with the `git` command.
    Git { repository: String, tag: String },
}

/// A platform checkout ready to render: the local folder itself, or a shallow clone that lives as long as this.
pub struct Checkout {
    root: PathBuf,
    _clone: Option<TempDir>,
}

impl Checkout {
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl TemplateSource {
    /// `--to`'s value: an existing folder is a local checkout, anything else a tag of `repository`.
    pub fn path_or_tag(value: &str, repository: &str) -> Self {
        let path = Path::new(value);
        if path.is_dir() {
            Self::Local(path.to_path_buf())
        } else {
            Self::Git {
                repository: repository.to_owned(),
                tag: value.to_owned(),
            }
        }
    }

    /// The tag, for a git source.
    pub fn tag(&self) -> Option<&str> {
        match self {
            Self::Local(_) => None,
            Self::Git { tag, .. } => Some(tag),
        }
    }

    /// How the source is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Local(path) => path.display().to_string(),
            Self::Git { repository, tag } => format!("{repository} at {tag}"),
        }
    }

    /// The checkout: checked for a template, and for a tag, cloned first.
    pub fn checkout(&self) -> Result<Checkout> {
        let (root, clone) = match self {
            Self::Local(path) => (path.clone(), None),
            Self::Git { repository, tag } => {
                let clone = tempfile::Builder::new().prefix("platform-").tempdir()?;
                let into = clone.path().join("platform");
                let status = Command::new("git")
                    .args(clone_args(repository, tag, &into))
                    .status()
                    .context("running git (is it installed?)")?;
                if !status.success() {
                    bail!("`git clone` of {repository} at tag {tag} failed ({status})");
                }
                (into, Some(clone))
            }
        };
        for needed in ["cargo-generate.toml", "template"] {
            if !root.join(needed).exists() {
                bail!(
                    "{} is not a serverless-axum platform checkout: it has no {needed}",
                    self.describe()
                );
            }
        }
        Ok(Checkout {
            root,
            _clone: clone,
        })
    }
}

/// `git`'s arguments to fetch one tag of a repository, without its history.
pub fn clone_args(repository: &str, tag: &str, into: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "clone", "--quiet", "--depth", "1", "--branch", tag, repository,
    ]
    .into_iter()
    .map(OsString::from)
    .collect();
    args.push(into.as_os_str().to_owned());
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_a_shallow_clone_of_that_tag() {
        let args = clone_args(
            "https://github.com/acme/serverless-axum",
            "v0.2.0",
            Path::new("/tmp/x/platform"),
        );
        assert_eq!(
            args,
            [
                "clone",
                "--quiet",
                "--depth",
                "1",
                "--branch",
                "v0.2.0",
                "https://github.com/acme/serverless-axum",
                "/tmp/x/platform"
            ]
            .map(OsString::from)
        );
    }

    #[test]
    fn a_folder_is_a_checkout_and_anything_else_a_tag() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let folder = dir.path().display().to_string();
        assert_eq!(
            TemplateSource::path_or_tag(&folder, "https://x.test/p"),
            TemplateSource::Local(dir.path().to_path_buf())
        );
        let tag = TemplateSource::path_or_tag("v1.2.3", "https://x.test/p");
        assert_eq!(tag.tag(), Some("v1.2.3"));
        assert_eq!(tag.describe(), "https://x.test/p at v1.2.3");
    }

    #[test]
    fn a_folder_without_a_template_is_refused() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let error = TemplateSource::Local(dir.path().to_path_buf())
            .checkout()
            .err()
            .expect("no checkout");
        assert!(
            format!("{error}").contains("not a serverless-axum platform checkout"),
            "{error}"
        );
    }
}
