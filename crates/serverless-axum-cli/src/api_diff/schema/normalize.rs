//! One schema, written any of the ways utoipa and other generators write it, brought to one form before it is
//! compared: `$ref`s followed, `null` taken out of `type`, `oneOf`/`anyOf` (`[{"type": "null"}, {"$ref": …}]` is
//! how an `Option` of a named schema is written) and `allOf` merged.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::document::Document;

/// How deep `allOf`s and `oneOf`s inside each other are merged before giving up (a cycle through them).
const MAX_MERGE_DEPTH: usize = 16;

/// Keywords that only document a schema: in a `oneOf`/`allOf` wrapper they win over the schema wrapped.
const DOCUMENTATION: [&str; 5] = ["description", "title", "example", "examples", "deprecated"];

#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The schema's keywords, with `allOf` merged in and `null` alternatives taken out.
    pub schema: Map<String, Value>,
    /// Whether `null` is allowed (`"type": [.., "null"]`, a `null` alternative, `nullable: true` of OpenAPI 3.0).
    pub nullable: bool,
    /// The `$ref`s followed to get here, in order.
    pub refs: Vec<String>,
}

impl Normalized {
    /// The types allowed besides `null`, or `None` when the schema says none (any type).
    pub fn types(&self) -> Option<BTreeSet<String>> {
        let names: Vec<&str> = match self.schema.get("type")? {
            Value::String(name) => vec![name.as_str()],
            Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
            _ => return None,
        };
        Some(
            names
                .into_iter()
                .filter(|name| *name != "null")
                .map(str::to_owned)
                .collect(),
        )
    }
}

pub fn normalize(document: &Document, value: &Value) -> Normalized {
    normalize_at(document, value, 0)
}

fn normalize_at(document: &Document, value: &Value, depth: usize) -> Normalized {
    let (node, refs) = document.follow(value);
    let Some(map) = node.as_object().filter(|_| depth <= MAX_MERGE_DEPTH) else {
        return Normalized {
            refs,
            ..Normalized::default()
        };
    };
    let mut normalized = Normalized {
        schema: map.clone(),
        nullable: allows_null(map),
        refs,
    };
    for keyword in ["oneOf", "anyOf"] {
        unwrap_null_alternative(document, &mut normalized, keyword, depth);
    }
    if let Some(Value::Array(parts)) = normalized.schema.remove("allOf") {
        let mut all_nullable = !parts.is_empty();
        for part in &parts {
            let part = normalize_at(document, part, depth + 1);
            all_nullable &= part.nullable;
            normalized.refs.extend(part.refs);
            merge_all_of(&mut normalized.schema, part.schema);
        }
        normalized.nullable |= all_nullable;
    }
    normalized
}

/// Takes `null` alternatives out of `keyword` (`oneOf`/`anyOf`), making the schema nullable; when a single
/// alternative is left, the schema becomes that alternative (with the wrapper's documentation).
fn unwrap_null_alternative(
    document: &Document,
    normalized: &mut Normalized,
    keyword: &str,
    depth: usize,
) {
    let Some(Value::Array(alternatives)) = normalized.schema.get(keyword) else {
        return;
    };
    let (nulls, others): (Vec<&Value>, Vec<&Value>) = alternatives
        .iter()
        .partition(|alternative| is_null_schema(document, alternative));
    if nulls.is_empty() {
        return;
    }
    normalized.nullable = true;
    let others: Vec<Value> = others.into_iter().cloned().collect();
    if let [only] = others.as_slice() {
        let inner = normalize_at(document, only, depth + 1);
        let mut wrapper = std::mem::replace(&mut normalized.schema, inner.schema);
        wrapper.remove(keyword);
        for (key, value) in wrapper {
            if DOCUMENTATION.contains(&key.as_str()) || !normalized.schema.contains_key(&key) {
                normalized.schema.insert(key, value);
            }
        }
        normalized.nullable |= inner.nullable;
        normalized.refs.extend(inner.refs);
    } else {
        normalized
            .schema
            .insert(keyword.to_owned(), Value::Array(others));
    }
}

/// Adds an `allOf` part to the schema: properties and `required` are united, other keywords kept where unset.
fn merge_all_of(schema: &mut Map<String, Value>, part: Map<String, Value>) {
    for (key, value) in part {
        match (key.as_str(), schema.get_mut(&key), value) {
            ("properties", Some(Value::Object(properties)), Value::Object(more)) => {
                for (name, property) in more {
                    properties.entry(name).or_insert(property);
                }
            }
            ("required", Some(Value::Array(required)), Value::Array(more)) => {
                for name in more {
                    if !required.contains(&name) {
                        required.push(name);
                    }
                }
            }
            (_, Some(_), _) => {}
            (_, None, value) => {
                schema.insert(key, value);
            }
        }
    }
}

/// `"type": "null"`, `"type": [.., "null"]`, `nullable: true` (OpenAPI 3.0) or `null` among the `enum` values.
fn allows_null(schema: &Map<String, Value>) -> bool {
    let null = Value::String("null".to_owned());
    match schema.get("type") {
        Some(Value::String(name)) if name == "null" => return true,
        Some(Value::Array(names)) if names.contains(&null) => return true,
        _ => {}
    }
    let enum_has_null = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.contains(&Value::Null));
    enum_has_null
        || schema
            .get("nullable")
            .and_then(Value::as_bool)
            .unwrap_or(false)
}

/// A schema that allows only `null`: `{"type": "null"}`, `{"enum": [null]}`, `{"const": null}`.
fn is_null_schema(document: &Document, value: &Value) -> bool {
    let (value, _) = document.follow(value);
    let Some(schema) = value.as_object() else {
        return false;
    };
    let only_null_type = match schema.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => !names.is_empty() && names.iter().all(|name| name == "null"),
        _ => false,
    };
    let only_null_enum = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values == &[Value::Null]);
    only_null_type || only_null_enum || schema.get("const") == Some(&Value::Null)
}
