//! Unit tests of the rules, each on a small pair of descriptions written inline: one file per part of a
//! description, with the helpers here.

mod documentation;
mod load;
mod operations;
mod parameters;
mod refs;
mod report;
mod request_body;
mod responses;
mod schemas;
mod security;

use serde_json::{json, Value};

use super::change::{Change, Kind};
use super::diff::compare;
use super::document::Document;

/// Every change between two descriptions.
fn diff(base: &Value, head: &Value) -> Vec<Change> {
    compare(
        &Document::from_value(base.clone()),
        &Document::from_value(head.clone()),
    )
}

/// Every change but documentation ones, as (plain location, kind, breaking).
fn contract(base: &Value, head: &Value) -> Vec<(String, Kind, bool)> {
    diff(base, head)
        .into_iter()
        .filter(|change| !change.is_documentation())
        .map(|change| (change.location.to_string(), change.kind, change.breaking))
        .collect()
}

/// The detail of the one contract change between two descriptions (panics unless there is exactly one).
fn only_detail(base: &Value, head: &Value) -> String {
    let changes: Vec<Change> = diff(base, head)
        .into_iter()
        .filter(|change| !change.is_documentation())
        .collect();
    assert_eq!(changes.len(), 1, "{changes:#?}");
    changes[0].detail.clone()
}

fn change(location: &str, kind: Kind, breaking: bool) -> (String, Kind, bool) {
    (location.to_owned(), kind, breaking)
}

/// A description with the given paths (and schemas under `components.schemas`).
fn document(paths: Value, schemas: Value) -> Value {
    json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": paths, "components": { "schemas": schemas } })
}

/// `GET /items` with these operation fields.
fn get_items(operation: Value) -> Value {
    document(json!({ "/items": { "get": operation } }), json!({}))
}

/// `GET /items` with this query parameter `limit` (or none for `Value::Null`).
fn query_limit(parameter: Value) -> Value {
    let parameters = if parameter.is_null() {
        json!([])
    } else {
        json!([parameter])
    };
    get_items(json!({ "parameters": parameters, "responses": { "200": { "description": "ok" } } }))
}

/// `POST /items` with a required JSON body of this schema.
fn post_body(schema: Value) -> Value {
    document(
        json!({ "/items": { "post": {
            "requestBody": { "required": true, "content": { "application/json": { "schema": schema } } },
            "responses": { "201": { "description": "created" } }
        } } }),
        json!({}),
    )
}

/// `GET /items` answering 200 with a JSON body of this schema.
fn get_response(schema: Value) -> Value {
    get_items(
        json!({ "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": schema } } } } }),
    )
}

/// An object schema with these properties, the ones named in `required` required.
fn object(properties: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "required": required, "properties": properties })
}

#[test]
fn identical_descriptions_have_no_changes() {
    let description = document(
        json!({
            "/items/{id}": {
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "get": {
                    "operationId": "get_item",
                    "parameters": [{ "name": "fields", "in": "query", "schema": { "type": ["string", "null"], "pattern": "^[a-z,]+$" } }],
                    "responses": {
                        "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Item" } } } }
                    },
                    "security": [{ "bearer": ["items:read"] }]
                }
            }
        }),
        json!({
            "Item": { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "string" },
                "parent": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Item" }] }
            } }
        }),
    );
    assert_eq!(diff(&description, &description), vec![]);
}
