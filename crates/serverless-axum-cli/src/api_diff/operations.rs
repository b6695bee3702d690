//! Operations: matched by path and method (path templates by shape, so renaming `{id}` to `{file_id}` is the same
//! operation), then compared part by part: operationId, security, parameters, request body, responses.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::change::{Kind, Location, Segment};
use super::diff::Differ;
use super::document::Document;

/// The HTTP methods a path item can hold, in the order they are reported.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// One operation of a description, with what it inherits from its path item.
#[derive(Debug, Clone, Copy)]
pub struct Operation<'a> {
    pub method: &'static str,
    pub path: &'a str,
    /// The path item (its `parameters` apply to every operation in it).
    pub item: &'a Value,
    pub operation: &'a Value,
}

impl<'a> Operation<'a> {
    pub fn location(&self) -> Location {
        Location::root(Segment::Operation {
            method: self.method.to_owned(),
            path: self.path.to_owned(),
        })
    }

    pub fn get(&self, field: &str) -> Option<&'a Value> {
        self.operation.get(field)
    }
}

/// The key two operations are matched by: the path with its parameter names blanked (`/v1/files/{}`), the method.
type Key = (String, usize);

/// Every operation of `document`, by path (parameter names blanked) and method.
pub fn operations(document: &Document) -> BTreeMap<Key, Operation<'_>> {
    let mut operations = BTreeMap::new();
    for (path, item) in document.object_at("/paths") {
        let (item, _) = document.follow(item);
        for (index, method) in METHODS.iter().enumerate() {
            let Some(operation) = item.get(*method).filter(|operation| operation.is_object())
            else {
                continue;
            };
            let mut key = (template_shape(path), index);
            if operations.contains_key(&key) {
                // Two paths of the same shape (`/a/{x}` and `/a/{y}`, which OpenAPI forbids): keep both, by name.
                key = (path.clone(), index);
            }
            operations.insert(
                key,
                Operation {
                    method,
                    path,
                    item,
                    operation,
                },
            );
        }
    }
    operations
}

/// `/v1/files/{path}` → `/v1/files/{}`.
fn template_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                shape.push('{');
            }
            '}' => {
                in_name = false;
                shape.push('}');
            }
            _ if in_name => {}
            _ => shape.push(c),
        }
    }
    shape
}

impl Differ<'_> {
    pub fn operations(&mut self) {
        let base = operations(self.base);
        let head = operations(self.head);
        let mut keys: Vec<&Key> = base.keys().chain(head.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            match (base.get(key), head.get(key)) {
                (Some(removed), None) => {
                    let deprecated = if is_true(removed.get("deprecated")) {
                        " (it was deprecated)"
                    } else {
                        ""
                    };
                    self.push(
                        &removed.location(),
                        Kind::OperationRemoved,
                        true,
                        format!("operation removed{deprecated}"),
                    );
                }
                (None, Some(added)) => {
                    self.push(
                        &added.location(),
                        Kind::OperationAdded,
                        false,
                        "operation added",
                    );
                }
                (Some(base), Some(head)) => self.operation(base, head),
                (None, None) => {}
            }
        }
    }

    fn operation(&mut self, base: &Operation<'_>, head: &Operation<'_>) {
        let location = head.location();
        let (base_id, head_id) = (base.get("operationId"), head.get("operationId"));
        if base_id != head_id {
            let detail = format!(
                "operationId {} → {} (generated clients' method names change)",
                shown(base_id),
                shown(head_id)
            );
            self.push(&location, Kind::OperationIdChanged, true, detail);
        }
        self.deprecation(&location, base.get("deprecated"), head.get("deprecated"));
        for field in ["summary", "description"] {
            self.documentation(&location, field, base.get(field), head.get(field));
        }
        self.security(&location, base, head);
        self.parameters(&location, base, head);
        self.request_body(&location, base, head);
        self.responses(&location, base, head);
    }

    /// `deprecated: true` set on an operation, a parameter or a schema: a warning, breaking nothing yet.
    pub fn deprecation(&mut self, location: &Location, base: Option<&Value>, head: Option<&Value>) {
        let (was, is) = (is_true(base), is_true(head));
        if was != is {
            let detail = if is {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(location, Kind::Deprecated, false, detail);
        }
    }
}

pub fn is_true(value: Option<&Value>) -> bool {
    value.and_then(Value::as_bool).unwrap_or(false)
}

/// A value for a detail line: strings as they are, anything else as JSON, absence as `none`.
pub fn shown(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The object under `field` of `value`, followed through `$ref`s, if any.
pub fn object<'a>(
    document: &'a Document,
    value: &'a Value,
    field: &str,
) -> Option<&'a Map<String, Value>> {
    value
        .get(field)
        .map(|child| document.follow(child).0)
        .and_then(Value::as_object)
}

/// The object under `field` of a map, as written (no `$ref` followed).
pub fn child_object<'a>(
    map: &'a Map<String, Value>,
    field: &str,
) -> Option<&'a Map<String, Value>> {
    map.get(field).and_then(Value::as_object)
}
