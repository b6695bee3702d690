//! Each rendered file against the service's: the same, changed (with a unified diff) or missing. Pure.

use globset::GlobSet;
use serde::Serialize;

use crate::template::FileMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Same,
    Changed,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub path: String,
    pub status: Status,
    /// Whether `[owned].files` matches it: a difference then fails the check.
    pub owned: bool,
    /// From the template's version to the service's, for a changed text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

/// One entry per rendered file, by path.
pub fn compare(rendered: &FileMap, tree: &FileMap, owned: &GlobSet) -> Vec<Entry> {
    rendered
        .iter()
        .map(|(path, template)| {
            let (status, diff) = match tree.get(path) {
                None => (Status::Missing, None),
                Some(service) if service == template => (Status::Same, None),
                Some(service) => (Status::Changed, unified_diff(path, template, service)),
            };
            Entry {
                path: path.clone(),
                status,
                owned: owned.is_match(path),
                diff,
            }
        })
        .collect()
}

/// `--- template/<path>` / `+++ service/<path>`, or `None` for a binary file.
fn unified_diff(path: &str, template: &[u8], service: &[u8]) -> Option<String> {
    let (template, service) = (
        std::str::from_utf8(template).ok()?,
        std::str::from_utf8(service).ok()?,
    );
    let patch = diffy::DiffOptions::new()
        .set_original_filename(format!("template/{path}"))
        .set_modified_filename(format!("service/{path}"))
        .create_patch(template, service);
    Some(patch.to_string())
}

#[cfg(test)]
mod tests {
    use globset::{GlobBuilder, GlobSetBuilder};

    use super::*;

    fn owned(globs: &[&str]) -> GlobSet {
        let mut set = GlobSetBuilder::new();
        for glob in globs {
            set.add(
                GlobBuilder::new(glob)
                    .literal_separator(true)
                    .build()
                    .expect("a glob"),
            );
        }
        set.build().expect("a glob set")
    }

    fn map(files: &[(&str, &[u8])]) -> FileMap {
        files
            .iter()
            .map(|(path, bytes)| ((*path).to_owned(), bytes.to_vec()))
            .collect()
    }

    #[test]
    fn each_rendered_file_is_same_changed_or_missing_and_the_services_own_are_ignored() {
        let rendered = map(&[
            ("src/main.rs", b"fn main() {}\n"),
            ("README.md", b"# api\n"),
            ("deny.toml", b"x\n"),
            ("logo.png", &[0xff, 1]),
        ]);
        let tree = map(&[
            ("src/main.rs", b"fn main() { run() }\n"),
            ("README.md", b"# api\n"),
            ("logo.png", &[0xff, 2]),
            ("src/routes/extra.rs", b"// mine\n"),
        ]);
        let entries = compare(&rendered, &tree, &owned(&["src/main.rs", "deny.toml"]));
        let summary: Vec<_> = entries
            .iter()
            .map(|e| (e.path.as_str(), e.status, e.owned))
            .collect();
        assert_eq!(
            summary,
            [
                ("README.md", Status::Same, false),
                ("deny.toml", Status::Missing, true),
                ("logo.png", Status::Changed, false),
                ("src/main.rs", Status::Changed, true),
            ]
        );
        let diff = entries[3].diff.as_deref().expect("a diff");
        assert!(diff.contains("--- template/src/main.rs"), "{diff}");
        assert!(diff.contains("+++ service/src/main.rs"), "{diff}");
        assert!(
            diff.contains("-fn main() {}") && diff.contains("+fn main() { run() }"),
            "{diff}"
        );
        assert_eq!(entries[2].diff, None, "no text diff of a binary file");
    }
}
