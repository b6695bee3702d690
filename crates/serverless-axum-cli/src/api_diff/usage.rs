//! Which way each schema under `components.schemas` is used: in requests (parameters, request bodies), in
//! responses, both, or neither, following `$ref`s from the operations (a schema's own changes are classified for
//! the clients that use it).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::change::Direction;
use super::document::{ref_name, ref_of, Document};
use super::operations::operations;

const SCHEMAS: &str = "#/components/schemas/";

/// For each schema name, the directions it is used in by `document`'s operations.
pub fn usage(document: &Document) -> BTreeMap<String, BTreeSet<Direction>> {
    let mut request: Vec<&Value> = Vec::new();
    let mut response: Vec<&Value> = Vec::new();
    for operation in operations(document).values() {
        request.extend(operation.item.get("parameters"));
        request.extend(operation.get("parameters"));
        request.extend(operation.get("requestBody"));
        response.extend(operation.get("responses"));
    }
    let mut usage: BTreeMap<String, BTreeSet<Direction>> = BTreeMap::new();
    for (direction, roots) in [
        (Direction::Request, request),
        (Direction::Response, response),
    ] {
        for reference in reachable(document, roots) {
            if reference.starts_with(SCHEMAS) {
                usage
                    .entry(ref_name(&reference).to_owned())
                    .or_default()
                    .insert(direction);
            }
        }
    }
    usage
}

/// Every `$ref` under `roots`, and under what they point to, transitively.
fn reachable<'a>(document: &'a Document, roots: Vec<&'a Value>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending = roots;
    while let Some(value) = pending.pop() {
        if let Some(reference) = ref_of(value) {
            if seen.insert(reference.to_owned()) {
                pending.extend(document.target(reference));
            }
        }
        match value {
            Value::Object(map) => pending.extend(map.values()),
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    seen
}
