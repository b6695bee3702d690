//! Writing results into docs/benchmarks.md: each benchmark owns one `## ` section and replaces only it.

use std::path::Path;

use anyhow::{Context, Result};

const TITLE: &str = "# Benchmarks\n\nMeasured on one machine by `cargo xtask bench-*` commands; each section says how.\n";

/// Replaces section `heading` (a `## ` line) of the markdown file at `path` with `body`, or appends it.
pub fn replace_section(path: &Path, heading: &str, body: &str) -> Result<()> {
    let existing = std::fs::read_to_string(path).unwrap_or_else(|_| TITLE.to_owned());
    let updated = with_section(&existing, heading, body);
    std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))
}

fn with_section(document: &str, heading: &str, body: &str) -> String {
    let heading_line = format!("## {heading}");
    let section = format!("{heading_line}\n\n{}\n", body.trim_end());
    let mut lines = document.lines().peekable();
    let mut out = String::new();
    let mut replaced = false;
    while let Some(line) = lines.next() {
        if line.trim_end() == heading_line {
            out.push_str(&section);
            while lines.peek().is_some_and(|next| !next.starts_with("## ")) {
                lines.next();
            }
            if lines.peek().is_some() {
                out.push('\n');
            }
            replaced = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !replaced {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&section);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_or_appended() {
        let document = "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nb\n";
        assert_eq!(
            with_section(document, "A", "new a"),
            "# Benchmarks\n\n## A\n\nnew a\n\n## B\n\nb\n"
        );
        assert_eq!(
            with_section(document, "C", "c"),
            "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nb\n\n## C\n\nc\n"
        );
        assert_eq!(
            with_section(document, "B", "new b"),
            "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n"
        );
    }
}
