//! Finds template syntax that survived rendering. GitHub Actions expressions (`${{ … }}`) are the one
//! deliberate exception: the template escapes them with `{% raw %}` so they reach the workflow files intact.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// An unrendered Liquid tag or output left in a generated file.
#[derive(Debug, PartialEq, Eq)]
pub struct Leftover {
    pub file: PathBuf,
    pub line: usize,
    pub text: String,
}

/// Every leftover in the text files below `dir`.
pub fn scan(dir: &Path) -> Result<Vec<Leftover>> {
    let mut found = Vec::new();
    visit(dir, &mut found)?;
    Ok(found)
}

fn visit(dir: &Path, found: &mut Vec<Leftover>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if !matches!(name, "target" | "node_modules" | "cdk.out" | ".git") {
                visit(&path, found)?;
            }
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // binary files hold no template syntax
        };
        for (index, line) in text.lines().enumerate() {
            if is_leftover(line) {
                found.push(Leftover {
                    file: path.clone(),
                    line: index + 1,
                    text: line.trim().to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// Whether a line holds `{%`, or `{{` that is not a GitHub Actions `${{`.
pub fn is_leftover(line: &str) -> bool {
    if line.contains("{%") || line.contains("%}") {
        return true;
    }
    line.match_indices("{{")
        .any(|(at, _)| !line[..at].ends_with('$'))
}

#[cfg(test)]
mod tests {
    use super::is_leftover;

    #[test]
    fn liquid_is_caught_and_github_expressions_are_not() {
        assert!(is_leftover("name = \"{{project-name}}\""));
        assert!(is_leftover("{% if example_api %}"));
        assert!(is_leftover("run: echo ${{ github.sha }} {{ oops }}"));
        assert!(!is_leftover("run: echo ${{ github.sha }}"));
        assert!(!is_leftover("fn main() { let x = 1; }"));
    }
}
