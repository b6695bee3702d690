use serde_json::json;

use super::super::change::Kind;
use super::{change, contract, document, get_items, only_detail};

fn ok() -> serde_json::Value {
    json!({ "200": { "description": "ok" } })
}

#[test]
fn an_operation_removed_is_breaking_and_one_added_is_not() {
    let base = document(
        json!({ "/a": { "get": { "responses": ok() }, "delete": { "responses": ok() } } }),
        json!({}),
    );
    let head = document(
        json!({ "/a": { "get": { "responses": ok() } }, "/b": { "post": { "responses": ok() } } }),
        json!({}),
    );
    assert_eq!(
        contract(&base, &head),
        vec![
            change("DELETE /a", Kind::OperationRemoved, true),
            change("POST /b", Kind::OperationAdded, false)
        ]
    );
}

#[test]
fn an_operation_id_changed_is_breaking() {
    let base = get_items(json!({ "operationId": "list_items", "responses": ok() }));
    let head = get_items(json!({ "operationId": "items", "responses": ok() }));
    assert_eq!(
        contract(&base, &head),
        vec![change("GET /items", Kind::OperationIdChanged, true)]
    );
    assert!(only_detail(&base, &head).starts_with("operationId list_items → items"));
}

#[test]
fn a_path_parameter_renamed_is_the_same_operation() {
    let path = |name: &str| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } });
    let base = document(
        json!({ "/items/{id}": { "get": { "parameters": [path("id")], "responses": ok() } } }),
        json!({}),
    );
    let head = document(
        json!({ "/items/{item_id}": { "get": { "parameters": [path("item_id")], "responses": ok() } } }),
        json!({}),
    );
    assert_eq!(
        contract(&base, &head),
        vec![change(
            "GET /items/{item_id} › path item_id",
            Kind::ParameterRenamed,
            false
        )]
    );
}

#[test]
fn an_operation_deprecated_is_not_breaking() {
    let base = get_items(json!({ "responses": ok() }));
    let head = get_items(json!({ "deprecated": true, "responses": ok() }));
    assert_eq!(
        contract(&base, &head),
        vec![change("GET /items", Kind::Deprecated, false)]
    );
}
