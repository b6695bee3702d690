use serde_json::{json, Value};

use super::super::change::Kind;
use super::{change, contract, get_items, get_response, object};

const OK_JSON: &str = "GET /items › response 200 application/json";
const NAME: &str = "GET /items › response 200 application/json › name";

fn named(name: Value, required: &[&str]) -> Value {
    get_response(object(
        json!({ "id": { "type": "string" }, "name": name }),
        required,
    ))
}

fn responses(responses: Value) -> Value {
    get_items(json!({ "responses": responses }))
}

#[test]
fn a_response_field_removed_is_breaking_and_one_added_is_not() {
    let with = named(json!({ "type": "string" }), &["id", "name"]);
    let without = get_response(object(json!({ "id": { "type": "string" } }), &["id"]));
    assert_eq!(
        contract(&with, &without),
        vec![change(NAME, Kind::FieldRemoved, true)]
    );
    assert_eq!(
        contract(&without, &with),
        vec![change(NAME, Kind::FieldAdded, false)]
    );
}

#[test]
fn a_response_field_made_optional_is_breaking_and_made_required_is_not() {
    let required = named(json!({ "type": "string" }), &["id", "name"]);
    let optional = named(json!({ "type": "string" }), &["id"]);
    assert_eq!(
        contract(&required, &optional),
        vec![change(NAME, Kind::FieldOptional, true)]
    );
    assert_eq!(
        contract(&optional, &required),
        vec![change(NAME, Kind::FieldRequired, false)]
    );
}

#[test]
fn a_response_field_made_nullable_is_breaking_and_made_non_null_is_not() {
    let plain = named(json!({ "type": "string" }), &["id", "name"]);
    let nullable = named(json!({ "type": ["string", "null"] }), &["id", "name"]);
    assert_eq!(
        contract(&plain, &nullable),
        vec![change(NAME, Kind::NullableAdded, true)]
    );
    assert_eq!(
        contract(&nullable, &plain),
        vec![change(NAME, Kind::NullableRemoved, false)]
    );
}

#[test]
fn a_response_field_type_changed_is_breaking() {
    let string = named(json!({ "type": "string" }), &["id", "name"]);
    let integer = named(json!({ "type": "integer" }), &["id", "name"]);
    assert_eq!(
        contract(&string, &integer),
        vec![change(NAME, Kind::TypeChanged, true)]
    );
}

#[test]
fn a_response_enum_value_added_is_breaking_and_one_removed_is_not() {
    let two = named(
        json!({ "type": "string", "enum": ["a", "b"] }),
        &["id", "name"],
    );
    let three = named(
        json!({ "type": "string", "enum": ["a", "b", "c"] }),
        &["id", "name"],
    );
    assert_eq!(
        contract(&two, &three),
        vec![change(NAME, Kind::EnumValuesAdded, true)]
    );
    assert_eq!(
        contract(&three, &two),
        vec![change(NAME, Kind::EnumValuesRemoved, false)]
    );
}

#[test]
fn a_response_constraint_tightened_is_not_breaking_and_loosened_is() {
    let long = named(
        json!({ "type": "string", "maxLength": 255 }),
        &["id", "name"],
    );
    let short = named(
        json!({ "type": "string", "maxLength": 64 }),
        &["id", "name"],
    );
    assert_eq!(
        contract(&long, &short),
        vec![change(NAME, Kind::ConstraintChanged, false)]
    );
    assert_eq!(
        contract(&short, &long),
        vec![change(NAME, Kind::ConstraintChanged, true)]
    );
}

#[test]
fn a_success_status_removed_is_breaking_and_an_error_status_removed_is_not() {
    let base = responses(
        json!({ "200": { "description": "ok" }, "204": { "description": "empty" }, "404": { "description": "gone" } }),
    );
    let head = responses(json!({ "200": { "description": "ok" } }));
    assert_eq!(
        contract(&base, &head),
        vec![
            change("GET /items › response 204", Kind::ResponseRemoved, true),
            change("GET /items › response 404", Kind::ResponseRemoved, false),
        ]
    );
}

#[test]
fn a_status_added_is_not_breaking() {
    let base = responses(json!({ "200": { "description": "ok" } }));
    let head =
        responses(json!({ "200": { "description": "ok" }, "429": { "description": "slow down" } }));
    assert_eq!(
        contract(&base, &head),
        vec![change(
            "GET /items › response 429",
            Kind::ResponseAdded,
            false
        )]
    );
}

#[test]
fn a_response_media_type_removed_is_breaking_and_one_added_is_not() {
    let schema = json!({ "type": "string" });
    let one = responses(
        json!({ "200": { "description": "ok", "content": { "application/json": { "schema": schema } } } }),
    );
    let two = responses(json!({ "200": { "description": "ok", "content": {
        "application/json": { "schema": schema }, "text/csv": { "schema": schema }
    } } }));
    let csv = "GET /items › response 200 text/csv";
    assert_eq!(
        contract(&two, &one),
        vec![change(csv, Kind::MediaTypeRemoved, true)]
    );
    assert_eq!(
        contract(&one, &two),
        vec![change(csv, Kind::MediaTypeAdded, false)]
    );
}

#[test]
fn a_response_header_removed_is_breaking_and_one_added_is_not() {
    let header = json!({ "schema": { "type": "string" } });
    let with = responses(json!({ "200": { "description": "ok", "headers": { "ETag": header } } }));
    let without = responses(json!({ "200": { "description": "ok" } }));
    let etag = "GET /items › response 200 › header ETag";
    assert_eq!(
        contract(&with, &without),
        vec![change(etag, Kind::HeaderRemoved, true)]
    );
    assert_eq!(
        contract(&without, &with),
        vec![change(etag, Kind::HeaderAdded, false)]
    );
}

#[test]
fn a_response_schema_replaced_by_a_nullable_one_is_reported_once() {
    let plain = get_response(json!({ "type": "object" }));
    let nullable = get_response(json!({ "type": ["object", "null"] }));
    assert_eq!(
        contract(&plain, &nullable),
        vec![change(OK_JSON, Kind::NullableAdded, true)]
    );
}
