use serde_json::{json, Value};

use super::super::change::Kind;
use super::{change, contract, document, get_items};

const SECURITY: &str = "GET /items › security";

fn secured(security: Value) -> Value {
    let mut operation = json!({ "responses": { "200": { "description": "ok" } } });
    if !security.is_null() {
        operation["security"] = security;
    }
    get_items(operation)
}

#[test]
fn security_added_to_an_open_operation_is_breaking_and_removed_is_not() {
    let open = secured(Value::Null);
    let closed = secured(json!([{ "bearer": ["items:read"] }]));
    assert_eq!(
        contract(&open, &closed),
        vec![change(SECURITY, Kind::SecurityAdded, true)]
    );
    assert_eq!(
        contract(&closed, &open),
        vec![change(SECURITY, Kind::SecurityRemoved, false)]
    );
}

#[test]
fn scopes_changed_are_breaking() {
    let read = secured(json!([{ "bearer": ["items:read"] }]));
    let write = secured(json!([{ "bearer": ["items:read", "items:write"] }]));
    assert_eq!(
        contract(&read, &write),
        vec![change(SECURITY, Kind::SecurityScopesChanged, true)]
    );
    assert_eq!(
        contract(&write, &read),
        vec![change(SECURITY, Kind::SecurityScopesChanged, true)]
    );
}

#[test]
fn an_alternative_added_is_not_breaking_and_one_removed_is() {
    let bearer = secured(json!([{ "bearer": [] }]));
    let either = secured(json!([{ "bearer": [] }, { "api_key": [] }]));
    assert_eq!(
        contract(&bearer, &either),
        vec![change(SECURITY, Kind::SecurityChanged, false)]
    );
    assert_eq!(
        contract(&either, &bearer),
        vec![change(SECURITY, Kind::SecurityChanged, true)]
    );
}

#[test]
fn the_document_security_applies_to_operations_without_their_own() {
    let mut base = secured(Value::Null);
    base["security"] = json!([{ "bearer": ["items:read"] }]);
    let mut head = base.clone();
    head["security"] = json!([{ "bearer": ["items:admin"] }]);
    assert_eq!(
        contract(&base, &head),
        vec![change(SECURITY, Kind::SecurityScopesChanged, true)]
    );
}

#[test]
fn a_security_scheme_changed_is_breaking() {
    let scheme = |scheme: &str| {
        let mut description = document(json!({}), json!({}));
        description["components"]["securitySchemes"] =
            json!({ "bearer": { "type": "http", "scheme": scheme } });
        description
    };
    assert_eq!(
        contract(&scheme("bearer"), &scheme("basic")),
        vec![change(
            "security scheme bearer",
            Kind::SecuritySchemeChanged,
            true
        )]
    );
}
