//! OpenAPI 3.1 → 3.0, for progenitor (which reads 3.0 through the `openapiv3` crate), as the smallest rewrite
//! that keeps what a client needs: operations, parameters, bodies and their types.
//!
//! Hand-written because no kept Rust crate does it (progenitor's own 3.1 support is an open issue; the npm
//! `openapi-down-convert` would put Node in every service's Rust build). It covers what utoipa writes, and each
//! rule is one function below:
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `openapi: 3.1.x` | `3.0.3` |
//! | `type: [T, "null"]` | `type: T, nullable: true` |
//! | `oneOf: [X, {type: null}]` | `allOf: [X], nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [v, …]` in a schema | `example: v` |
//! | numeric `exclusiveMinimum`/`exclusiveMaximum` | `minimum`/`maximum` with the boolean form |
//! | `propertyNames`, `contentMediaType`, `contentEncoding`, `$schema`, `$id` | dropped (no 3.0 form; no type changes) |
//! | `info.license.identifier`, `jsonSchemaDialect`, `webhooks`, `components.pathItems` | dropped |
//!
//! Two more rewrites are for progenitor, not for 3.0: a request body of any media type (`*/*`) is sent as
//! `application/octet-stream` with a `string`/`binary` schema (the only raw body progenitor sends), and
//! `application/problem+json` answers are read as `application/json` (the only JSON progenitor types), so a
//! client's errors come back as the description's `Problem`.

use serde_json::{json, Map, Value};

/// Rewrites the OpenAPI 3.1 `description` in place as the 3.0 document progenitor reads.
pub fn downgrade(description: &mut Value) {
    let Some(root) = description.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), json!("3.0.3"));
    for key in ["jsonSchemaDialect", "webhooks"] {
        root.remove(key);
    }
    if let Some(license) = root
        .get_mut("info")
        .and_then(|info| info.get_mut("license"))
        .and_then(Value::as_object_mut)
    {
        license.remove("identifier");
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("pathItems");
        for schema in values_mut(components.get_mut("schemas")) {
            schema_3_0(schema);
        }
        for response in values_mut(components.get_mut("responses")) {
            response_3_0(response);
        }
    }
    for item in values_mut(root.get_mut("paths")) {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for parameter in array_mut(item.get_mut("parameters")) {
            parameter_3_0(parameter);
        }
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(operation) = item.get_mut(method) {
                operation_3_0(operation);
            }
        }
    }
}

fn operation_3_0(operation: &mut Value) {
    for parameter in array_mut(operation.get_mut("parameters")) {
        parameter_3_0(parameter);
    }
    if let Some(body) = operation.get_mut("requestBody") {
        request_body_3_0(body);
    }
    for response in values_mut(operation.get_mut("responses")) {
        response_3_0(response);
    }
}

fn parameter_3_0(parameter: &mut Value) {
    if let Some(schema) = parameter.get_mut("schema") {
        schema_3_0(schema);
    }
}

/// A body of any media type becomes a raw `application/octet-stream` one, which progenitor sends as bytes.
fn request_body_3_0(body: &mut Value) {
    let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(any) = content.remove("*/*") {
        content.entry("application/octet-stream").or_insert(any);
    }
    if let Some(raw) = content.get_mut("application/octet-stream") {
        raw["schema"] = json!({"type": "string", "format": "binary"});
    }
    for media in content.values_mut() {
        if let Some(schema) = media.get_mut("schema") {
            schema_3_0(schema);
        }
    }
}

/// Problem bodies are JSON: progenitor types them only under `application/json`.
fn response_3_0(response: &mut Value) {
    if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
        if let Some(problem) = content.remove("application/problem+json") {
            content.entry("application/json").or_insert(problem);
        }
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                schema_3_0(schema);
            }
        }
    }
    for header in values_mut(response.get_mut("headers")) {
        if let Some(schema) = header.get_mut("schema") {
            schema_3_0(schema);
        }
    }
}

/// One JSON Schema 2020-12 schema (and every schema inside it) as an OpenAPI 3.0 schema object.
fn schema_3_0(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    for key in [
        "propertyNames",
        "contentMediaType",
        "contentEncoding",
        "$schema",
        "$id",
    ] {
        object.remove(key);
    }
    nullable_type(object);
    nullable_alternative(object);
    if let Some(value) = object.remove("const") {
        object.insert("enum".into(), json!([value]));
    }
    if let Some(Value::Array(mut examples)) = object.remove("examples") {
        if !examples.is_empty() {
            object.insert("example".into(), examples.swap_remove(0));
        }
    }
    exclusive_bound(object, "exclusiveMinimum", "minimum");
    exclusive_bound(object, "exclusiveMaximum", "maximum");

    for inner in values_mut(object.get_mut("properties")) {
        schema_3_0(inner);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = object.get_mut(key) {
            schema_3_0(inner);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for inner in array_mut(object.get_mut(key)) {
            schema_3_0(inner);
        }
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`.
fn nullable_type(object: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = object.get("type") else {
        return;
    };
    let others: Vec<Value> = types
        .iter()
        .filter(|t| t.as_str() != Some("null"))
        .cloned()
        .collect();
    let had_null = others.len() < types.len();
    if let [only] = others.as_slice() {
        object.insert("type".into(), only.clone());
    }
    if had_null {
        object.insert("nullable".into(), json!(true));
    }
}

/// `oneOf` (or `anyOf`) of one schema and `{type: null}` → `allOf: [schema], nullable: true` (3.0 ignores
/// `nullable` beside a bare `$ref`, so the reference goes under `allOf`).
fn nullable_alternative(object: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(alternatives)) = object.get(key) else {
            continue;
        };
        let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
        if !alternatives.iter().any(is_null) {
            continue;
        }
        let others: Vec<Value> = alternatives
            .iter()
            .filter(|v| !is_null(v))
            .cloned()
            .collect();
        object.remove(key);
        if let [only] = others.as_slice() {
            object.insert("allOf".into(), json!([only]));
        } else {
            object.insert(key.into(), Value::Array(others));
        }
        object.insert("nullable".into(), json!(true));
    }
}

/// A numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (and the same for maxima).
fn exclusive_bound(object: &mut Map<String, Value>, exclusive: &str, bound: &str) {
    if let Some(Value::Number(n)) = object.get(exclusive).cloned() {
        object.insert(bound.into(), Value::Number(n));
        object.insert(exclusive.into(), json!(true));
    }
}

fn values_mut(value: Option<&mut Value>) -> impl Iterator<Item = &mut Value> {
    value
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|map| map.values_mut())
}

fn array_mut(value: Option<&mut Value>) -> impl Iterator<Item = &mut Value> {
    value
        .and_then(Value::as_array_mut)
        .into_iter()
        .flat_map(|items| items.iter_mut())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(value: Value) -> Value {
        let mut description = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
            "paths": {},
            "components": {"schemas": {"S": value}}
        });
        downgrade(&mut description);
        assert_eq!(description["openapi"], "3.0.3");
        assert!(description["info"]["license"].get("identifier").is_none());
        description["components"]["schemas"]["S"].take()
    }

    #[test]
    fn null_in_a_type_list_becomes_nullable() {
        assert_eq!(
            schema(json!({"type": ["string", "null"], "description": "d"})),
            json!({"type": "string", "nullable": true, "description": "d"})
        );
    }

    #[test]
    fn a_null_alternative_becomes_a_nullable_all_of() {
        assert_eq!(
            schema(json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn nested_schemas_are_rewritten_too() {
        let rewritten = schema(json!({
            "type": "object",
            "properties": {
                "a": {"type": ["integer", "null"], "exclusiveMinimum": 0},
                "b": {"type": "object", "additionalProperties": {"type": "string"}, "propertyNames": {"type": "string"}},
                "c": {"type": "array", "items": {"const": "x", "examples": ["x", "y"]}}
            }
        }));
        assert_eq!(
            rewritten["properties"]["a"],
            json!({"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true})
        );
        assert!(rewritten["properties"]["b"].get("propertyNames").is_none());
        assert_eq!(
            rewritten["properties"]["c"]["items"],
            json!({"enum": ["x"], "example": "x"})
        );
    }

    #[test]
    fn raw_and_problem_bodies_take_the_media_types_progenitor_reads() {
        let mut description = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/f": {"put": {
                "parameters": [{"name": "If-Match", "in": "header", "schema": {"type": "string", "examples": ["\"e\""]}}],
                "requestBody": {"content": {"*/*": {"schema": {"$ref": "#/components/schemas/Bytes"}}}},
                "responses": {
                    "200": {"description": "ok"},
                    "400": {"description": "bad", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                }
            }}}
        });
        downgrade(&mut description);
        let put = &description["paths"]["/f"]["put"];
        assert_eq!(
            put["requestBody"]["content"],
            json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
        );
        assert_eq!(
            put["responses"]["400"]["content"],
            json!({"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}})
        );
        assert_eq!(put["parameters"][0]["schema"]["example"], "\"e\"");
    }
}
