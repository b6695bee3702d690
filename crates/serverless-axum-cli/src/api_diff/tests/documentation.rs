//! Descriptions, summaries and examples: reported as documentation only, never breaking, and for a referenced
//! schema only once, under its name.

use serde_json::json;

use super::super::change::Kind;
use super::super::report::{Label, Report};
use super::{diff, document};

fn described(summary: &str, description: &str) -> serde_json::Value {
    document(
        json!({ "/items": { "get": {
            "summary": summary,
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Item" } } } } }
        } } }),
        json!({ "Item": { "type": "object", "description": description, "properties": { "id": { "type": "string", "example": "a1" } } } }),
    )
}

#[test]
fn documentation_changes_are_reported_once_and_break_nothing() {
    let changes = diff(
        &described("List items.", "An item."),
        &described("List the items.", "One item."),
    );
    let found: Vec<(String, Kind, bool, String)> = changes
        .iter()
        .map(|change| {
            (
                change.location.to_string(),
                change.kind,
                change.breaking,
                change.detail.clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "GET /items".to_owned(),
                Kind::Documentation,
                false,
                "summary changed".to_owned()
            ),
            (
                "schema Item".to_owned(),
                Kind::Documentation,
                false,
                "description changed".to_owned()
            ),
        ]
    );
    assert_eq!(
        Report {
            changes,
            note: None
        }
        .label(),
        Label::None
    );
}
