//! `--format markdown`: a heading, the count of breaking changes, the label line, and one table row per change
//! (breaking ones first, documentation last).

use std::fmt::Write;

use super::super::change::Change;
use super::Report;

pub fn markdown(report: &Report) -> String {
    let mut text = String::from("## API changes\n\n");
    if let Some(note) = report.note {
        text.push_str(&capitalized(note));
        text.push_str(".\n\n");
    }
    let _ = writeln!(text, "**Breaking changes: {}**\n", report.breaking_count());
    let _ = writeln!(text, "API change: {}\n", report.label().as_str());
    if report.changes.is_empty() {
        text.push_str("The two descriptions are the same.\n");
        return text;
    }
    // A long list folds away in a pull request's summary; the counts above stay in view.
    let folded = report.changes.len() > FOLD_AFTER;
    if folded {
        let _ = writeln!(
            text,
            "<details><summary>{} changes</summary>\n",
            report.changes.len()
        );
    }
    text.push_str("| Class | Location | Change |\n| --- | --- | --- |\n");
    let mut rows: Vec<&Change> = report.changes.iter().collect();
    rows.sort_by_key(|change| class_order(change));
    for change in rows {
        let _ = writeln!(
            text,
            "| {} | {} | {} |",
            class(change),
            escape(&change.location.markdown()),
            escape(&shortened(&change.detail))
        );
    }
    if folded {
        text.push_str("\n</details>\n");
    }
    text
}

/// Rows past which the table is folded.
const FOLD_AFTER: usize = 20;
/// Longest change text shown in a cell (a pattern can run to hundreds of characters); `--format json` keeps all.
const MAX_CELL_CHARS: usize = 160;

fn shortened(cell: &str) -> String {
    if cell.chars().count() <= MAX_CELL_CHARS {
        return cell.to_owned();
    }
    let mut short: String = cell.chars().take(MAX_CELL_CHARS - 1).collect();
    short.push('…');
    short
}

fn class(change: &Change) -> &'static str {
    match (change.breaking, change.is_documentation()) {
        (true, _) => "**breaking**",
        (false, false) => "compatible",
        (false, true) => "documentation only",
    }
}

fn class_order(change: &Change) -> u8 {
    match (change.breaking, change.is_documentation()) {
        (true, _) => 0,
        (false, false) => 1,
        (false, true) => 2,
    }
}

/// A table cell: `|` would end it, a line break would end the row.
fn escape(cell: &str) -> String {
    cell.replace('|', "\\|").replace('\n', " ")
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_shortened_and_short_ones_kept() {
        assert_eq!(shortened("maximum 1000 → 100"), "maximum 1000 → 100");
        let long = "p".repeat(500);
        let short = shortened(&long);
        assert_eq!(short.chars().count(), MAX_CELL_CHARS);
        assert!(short.ends_with('…'));
    }
}
