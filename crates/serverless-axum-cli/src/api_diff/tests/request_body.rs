use serde_json::{json, Value};

use super::super::change::Kind;
use super::{change, contract, document, object, only_detail, post_body};

const BODY: &str = "POST /items › request body";
const JSON_BODY: &str = "POST /items › request body application/json";
const NAME: &str = "POST /items › request body application/json › name";

fn post(request_body: Value) -> Value {
    let mut operation = json!({ "responses": { "201": { "description": "created" } } });
    if !request_body.is_null() {
        operation["requestBody"] = request_body;
    }
    document(json!({ "/items": { "post": operation } }), json!({}))
}

fn body(required: bool) -> Value {
    json!({ "required": required, "content": { "application/json": { "schema": { "type": "object" } } } })
}

#[test]
fn a_request_body_made_required_is_breaking_and_made_optional_is_not() {
    assert_eq!(
        contract(&post(body(false)), &post(body(true))),
        vec![change(BODY, Kind::RequestBodyRequired, true)]
    );
    assert_eq!(
        contract(&post(body(true)), &post(body(false))),
        vec![change(BODY, Kind::RequestBodyOptional, false)]
    );
}

#[test]
fn a_required_request_body_added_is_breaking_and_an_optional_one_is_not() {
    assert_eq!(
        contract(&post(Value::Null), &post(body(true))),
        vec![change(BODY, Kind::RequestBodyAdded, true)]
    );
    assert_eq!(
        contract(&post(Value::Null), &post(body(false))),
        vec![change(BODY, Kind::RequestBodyAdded, false)]
    );
}

#[test]
fn a_request_body_removed_is_breaking() {
    assert_eq!(
        contract(&post(body(false)), &post(Value::Null)),
        vec![change(BODY, Kind::RequestBodyRemoved, true)]
    );
}

#[test]
fn a_request_media_type_removed_is_breaking_and_one_added_is_not() {
    let json_only = post(body(true));
    let both = post(json!({ "required": true, "content": {
        "application/json": { "schema": { "type": "object" } },
        "application/x-www-form-urlencoded": { "schema": { "type": "object" } }
    } }));
    let form = "POST /items › request body application/x-www-form-urlencoded";
    assert_eq!(
        contract(&both, &json_only),
        vec![change(form, Kind::MediaTypeRemoved, true)]
    );
    assert_eq!(
        contract(&json_only, &both),
        vec![change(form, Kind::MediaTypeAdded, false)]
    );
}

#[test]
fn a_required_field_added_is_breaking_and_an_optional_one_is_not() {
    let before = post_body(object(json!({ "id": { "type": "string" } }), &["id"]));
    let required = post_body(object(
        json!({ "id": { "type": "string" }, "name": { "type": "string" } }),
        &["id", "name"],
    ));
    let optional = post_body(object(
        json!({ "id": { "type": "string" }, "name": { "type": "string" } }),
        &["id"],
    ));
    assert_eq!(
        contract(&before, &required),
        vec![change(NAME, Kind::FieldAdded, true)]
    );
    assert_eq!(
        contract(&before, &optional),
        vec![change(NAME, Kind::FieldAdded, false)]
    );
}

#[test]
fn a_field_made_required_is_breaking_and_made_optional_is_not() {
    let optional = post_body(object(json!({ "name": { "type": "string" } }), &[]));
    let required = post_body(object(json!({ "name": { "type": "string" } }), &["name"]));
    assert_eq!(
        contract(&optional, &required),
        vec![change(NAME, Kind::FieldRequired, true)]
    );
    assert_eq!(
        contract(&required, &optional),
        vec![change(NAME, Kind::FieldOptional, false)]
    );
}

#[test]
fn a_field_removed_from_a_request_is_breaking() {
    let before = post_body(object(
        json!({ "id": { "type": "string" }, "name": { "type": "string" } }),
        &[],
    ));
    let after = post_body(object(json!({ "id": { "type": "string" } }), &[]));
    assert_eq!(
        contract(&before, &after),
        vec![change(NAME, Kind::FieldRemoved, true)]
    );
}

#[test]
fn a_field_narrowed_is_breaking_and_loosened_is_not() {
    let long = post_body(object(
        json!({ "name": { "type": "string", "maxLength": 255 } }),
        &["name"],
    ));
    let short = post_body(object(
        json!({ "name": { "type": "string", "maxLength": 64 } }),
        &["name"],
    ));
    assert_eq!(
        contract(&long, &short),
        vec![change(NAME, Kind::ConstraintChanged, true)]
    );
    assert_eq!(only_detail(&long, &short), "maxLength 255 → 64");
    assert_eq!(
        contract(&short, &long),
        vec![change(NAME, Kind::ConstraintChanged, false)]
    );
}

#[test]
fn a_read_only_field_added_as_required_does_not_break_requests() {
    let before = post_body(object(json!({}), &[]));
    let after = post_body(object(
        json!({ "id": { "type": "string", "readOnly": true } }),
        &["id"],
    ));
    assert_eq!(contract(&before, &after), vec![]);
}

#[test]
fn a_request_closed_to_unknown_fields_is_breaking() {
    let open = post_body(json!({ "type": "object" }));
    let closed = post_body(json!({ "type": "object", "additionalProperties": false }));
    assert_eq!(
        contract(&open, &closed),
        vec![change(JSON_BODY, Kind::AdditionalPropertiesChanged, true)]
    );
    assert_eq!(
        contract(&closed, &open),
        vec![change(JSON_BODY, Kind::AdditionalPropertiesChanged, false)]
    );
}

#[test]
fn array_items_are_compared() {
    let before =
        post_body(json!({ "type": "array", "items": { "type": "string", "enum": ["a", "b"] } }));
    let after = post_body(json!({ "type": "array", "items": { "type": "string", "enum": ["a"] } }));
    assert_eq!(
        contract(&before, &after),
        vec![change(
            &format!("{JSON_BODY} › items"),
            Kind::EnumValuesRemoved,
            true
        )]
    );
}
