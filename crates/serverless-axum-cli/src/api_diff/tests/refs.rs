//! `$ref`s: a change inside a referenced schema is reported at every operation using it and once under its name,
//! classified for the way it is used; cycles end.

use serde_json::{json, Value};

use super::super::change::Kind;
use super::{change, contract, document};

fn json_body(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn item_api(item: Value) -> Value {
    document(
        json!({
            "/items": { "post": {
                "requestBody": { "required": true, "content": json_body(json!({ "$ref": "#/components/schemas/Item" })) },
                "responses": { "201": { "description": "created" } }
            } },
            "/items/{id}": { "get": {
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "ok", "content": json_body(json!({ "$ref": "#/components/schemas/Item" })) } }
            } }
        }),
        json!({ "Item": item }),
    )
}

#[test]
fn a_change_in_a_referenced_schema_is_reported_where_it_is_used_and_once_under_its_name() {
    let item = |max: u32| json!({ "type": "object", "required": ["name"], "properties": { "name": { "type": "string", "maxLength": max } } });
    assert_eq!(
        contract(&item_api(item(100)), &item_api(item(50))),
        vec![
            change(
                "POST /items › request body application/json › name",
                Kind::ConstraintChanged,
                true
            ),
            change(
                "GET /items/{id} › response 200 application/json › name",
                Kind::ConstraintChanged,
                false
            ),
            // Used in a request and a response: breaking for the requests.
            change("schema Item › name", Kind::ConstraintChanged, true),
        ]
    );
}

#[test]
fn a_schema_used_only_in_responses_is_classified_for_responses() {
    let responses_only = |properties: Value, required: &[&str]| {
        document(
            json!({ "/items": { "get": { "responses": { "200": { "description": "ok", "content": json_body(json!({ "$ref": "#/components/schemas/Item" })) } } } } }),
            json!({ "Item": { "type": "object", "required": required, "properties": properties } }),
        )
    };
    let base = responses_only(json!({ "id": { "type": "string" } }), &["id"]);
    let head = responses_only(
        json!({ "id": { "type": "string" }, "tag": { "type": "string" } }),
        &["id", "tag"],
    );
    assert_eq!(
        contract(&base, &head),
        vec![
            change(
                "GET /items › response 200 application/json › tag",
                Kind::FieldAdded,
                false
            ),
            change("schema Item › tag", Kind::FieldAdded, false),
        ]
    );
}

#[test]
fn a_self_referencing_schema_is_compared_once() {
    let tree = |name_type: &str| {
        document(
            json!({ "/tree": { "get": { "responses": { "200": { "description": "ok", "content": json_body(json!({ "$ref": "#/components/schemas/Node" })) } } } } }),
            json!({ "Node": { "type": "object", "required": ["name", "children"], "properties": {
                "name": { "type": name_type },
                "children": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } }
            } } }),
        )
    };
    assert_eq!(
        contract(&tree("string"), &tree("integer")),
        vec![
            change(
                "GET /tree › response 200 application/json › name",
                Kind::TypeChanged,
                true
            ),
            change("schema Node › name", Kind::TypeChanged, true),
        ]
    );
}

#[test]
fn schemas_referencing_each_other_are_compared_once() {
    let pair = |x_type: &str| {
        document(
            json!({ "/a": { "get": { "responses": { "200": { "description": "ok", "content": json_body(json!({ "$ref": "#/components/schemas/A" })) } } } } }),
            json!({
                "A": { "type": "object", "properties": { "b": { "$ref": "#/components/schemas/B" } } },
                "B": { "type": "object", "properties": { "a": { "$ref": "#/components/schemas/A" }, "x": { "type": x_type } } }
            }),
        )
    };
    assert_eq!(
        contract(&pair("string"), &pair("boolean")),
        vec![
            change(
                "GET /a › response 200 application/json › b › x",
                Kind::TypeChanged,
                true
            ),
            change("schema B › x", Kind::TypeChanged, true),
        ]
    );
}

#[test]
fn a_reference_made_nullable_with_one_of_null_is_a_nullable_change() {
    let with_parent = |parent: Value| {
        document(
            json!({ "/items": { "get": { "responses": { "200": { "description": "ok", "content": json_body(json!({ "$ref": "#/components/schemas/Item" })) } } } } }),
            json!({
                "Item": { "type": "object", "required": ["parent"], "properties": { "parent": parent } },
                "Parent": { "type": "object", "properties": { "id": { "type": "string" } } }
            }),
        )
    };
    let plain = with_parent(json!({ "$ref": "#/components/schemas/Parent" }));
    let nullable = with_parent(
        json!({ "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Parent" }] }),
    );
    assert_eq!(
        contract(&plain, &nullable),
        vec![
            change(
                "GET /items › response 200 application/json › parent",
                Kind::NullableAdded,
                true
            ),
            change("schema Item › parent", Kind::NullableAdded, true),
        ]
    );
}

#[test]
fn all_of_parts_are_merged() {
    let extended = |base_required: &[&str]| {
        document(
            json!({ "/items": { "post": {
                "requestBody": { "content": json_body(json!({ "allOf": [
                    { "$ref": "#/components/schemas/Base" },
                    { "type": "object", "properties": { "extra": { "type": "string" } } }
                ] })) },
                "responses": { "204": { "description": "done" } }
            } } }),
            json!({ "Base": { "type": "object", "required": base_required, "properties": { "id": { "type": "string" } } } }),
        )
    };
    assert_eq!(
        contract(&extended(&[]), &extended(&["id"])),
        vec![
            change(
                "POST /items › request body application/json › id",
                Kind::FieldRequired,
                true
            ),
            change("schema Base › id", Kind::FieldRequired, true),
        ]
    );
}

#[test]
fn a_schema_no_operation_uses_breaks_nobody() {
    let orphan = |kind: &str| document(json!({}), json!({ "Orphan": { "type": kind } }));
    assert_eq!(
        contract(&orphan("string"), &orphan("integer")),
        vec![change("schema Orphan", Kind::TypeChanged, false)]
    );
}

#[test]
fn schemas_added_and_removed_are_reported_by_name() {
    let base = document(json!({}), json!({ "Old": { "type": "string" } }));
    let head = document(json!({}), json!({ "New": { "type": "string" } }));
    assert_eq!(
        contract(&base, &head),
        vec![
            change("schema New", Kind::SchemaAdded, false),
            change("schema Old", Kind::SchemaRemoved, false)
        ]
    );
}
