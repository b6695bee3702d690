//! `--format json`: `{"breaking": bool, "label": …, "changes": [{"location", "kind", "breaking", "detail"}]}`.

use serde::Serialize;

use super::super::change::Kind;
use super::Report;

#[derive(Serialize)]
struct JsonReport<'a> {
    breaking: bool,
    /// `breaking`, `compatible` or `none` (documentation only, or nothing).
    label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    location: String,
    kind: Kind,
    breaking: bool,
    detail: &'a str,
}

pub fn json(report: &Report) -> serde_json::Result<String> {
    let changes = report
        .changes
        .iter()
        .map(|change| JsonChange {
            location: change.location.to_string(),
            kind: change.kind,
            breaking: change.breaking,
            detail: &change.detail,
        })
        .collect();
    let json = JsonReport {
        breaking: report.is_breaking(),
        label: report.label().as_str(),
        note: report.note,
        changes,
    };
    let mut text = serde_json::to_string_pretty(&json)?;
    text.push('\n');
    Ok(text)
}
