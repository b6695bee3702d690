use serde_json::{json, Value};

use super::super::report::{json, markdown, Label, Report};
use super::{diff, query_limit};

fn limit(maximum: u32) -> Value {
    query_limit(
        json!({ "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": maximum } }),
    )
}

fn report(base: &Value, head: &Value) -> Report {
    Report {
        changes: diff(base, head),
        note: None,
    }
}

#[test]
fn markdown_counts_labels_and_lists_every_change() {
    let text = markdown(&report(&limit(1000), &limit(100)));
    assert!(text.starts_with("## API changes\n"), "{text}");
    assert!(text.contains("\n**Breaking changes: 1**\n"), "{text}");
    assert!(text.contains("\nAPI change: breaking\n"), "{text}");
    assert!(
        text.contains("\n| **breaking** | `GET /items` › query `limit` | maximum 1000 → 100 |\n"),
        "{text}"
    );
}

#[test]
fn markdown_escapes_table_cells() {
    let pattern = |pattern: &str| {
        query_limit(
            json!({ "name": "limit", "in": "query", "schema": { "type": "string", "pattern": pattern } }),
        )
    };
    let text = markdown(&report(&pattern("^a$"), &pattern("^(a|b)$")));
    assert!(text.contains("pattern ^a$ → ^(a\\|b)$"), "{text}");
}

#[test]
fn json_has_the_verdict_and_every_change() {
    let text = json(&report(&limit(100), &limit(1000))).expect("a report serializes");
    let parsed: Value = serde_json::from_str(&text).expect("the report is JSON");
    assert_eq!(
        parsed,
        json!({
            "breaking": false,
            "label": "compatible",
            "changes": [{
                "location": "GET /items › query limit",
                "kind": "constraint_changed",
                "breaking": false,
                "detail": "maximum 100 → 1000"
            }]
        })
    );
}

#[test]
fn the_label_is_none_without_changes() {
    let same = report(&limit(100), &limit(100));
    assert_eq!(same.label(), Label::None);
    assert!(markdown(&same).contains("\n**Breaking changes: 0**\n\nAPI change: none\n"));
}
