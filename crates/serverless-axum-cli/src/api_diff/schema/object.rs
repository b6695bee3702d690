//! Object schemas: their properties (fields), which of them are `required`, and `additionalProperties`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::change::{Direction, Kind, Location, Segment};
use super::super::diff::Differ;
use super::super::operations::{child_object, is_true};
use super::{Scope, NO_SCHEMA};

/// The names in a schema's `required`.
fn required(schema: &Map<String, Value>) -> BTreeSet<&str> {
    let names = schema.get("required").and_then(Value::as_array);
    names
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Whether a property takes part in `direction`: `readOnly` ones are not sent, `writeOnly` ones not received.
fn applies(property: &Value, direction: Direction) -> bool {
    let hidden_by = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
    };
    !is_true(property.get(hidden_by))
}

impl Differ<'_> {
    pub(super) fn properties(
        &mut self,
        location: &Location,
        base: &Map<String, Value>,
        head: &Map<String, Value>,
        scope: Scope,
    ) {
        let empty = Map::new();
        let base_fields = child_object(base, "properties").unwrap_or(&empty);
        let head_fields = child_object(head, "properties").unwrap_or(&empty);
        let (base_required, head_required) = (required(base), required(head));
        let names: BTreeSet<&String> = base_fields.keys().chain(head_fields.keys()).collect();
        let direction = scope.direction;
        for name in names {
            let field = location.join(Segment::Field(name.clone()));
            let was_required = base_required.contains(name.as_str());
            let is_required = head_required.contains(name.as_str());
            match (base_fields.get(name), head_fields.get(name)) {
                (Some(removed), None) if applies(removed, direction) => {
                    self.push(&field, Kind::FieldRemoved, true, "field removed");
                }
                (None, Some(added)) if applies(added, direction) => {
                    // A client must now send a required field; it may ignore one it receives.
                    let breaking = direction == Direction::Request && is_required;
                    let detail = if is_required {
                        "field added (required)"
                    } else {
                        "field added (optional)"
                    };
                    self.push(&field, Kind::FieldAdded, breaking, detail);
                }
                (Some(base_field), Some(head_field)) if applies(head_field, direction) => {
                    match (was_required, is_required) {
                        (false, true) => {
                            let breaking = direction == Direction::Request;
                            self.push(&field, Kind::FieldRequired, breaking, "optional → required");
                        }
                        (true, false) => {
                            let breaking = direction == Direction::Response;
                            self.push(&field, Kind::FieldOptional, breaking, "required → optional");
                        }
                        _ => {}
                    }
                    self.schema(&field, base_field, head_field, scope);
                }
                _ => {}
            }
        }
    }

    /// `additionalProperties`: schemas on both sides are compared; a request object closed to unknown fields
    /// breaks clients that send them; a response one opened to them does not (clients ignore unknown fields).
    pub(super) fn additional_properties(
        &mut self,
        location: &Location,
        base: &Map<String, Value>,
        head: &Map<String, Value>,
        scope: Scope,
    ) {
        let (base_extra, head_extra) = (
            base.get("additionalProperties"),
            head.get("additionalProperties"),
        );
        if base_extra == head_extra {
            return;
        }
        if let (Some(Value::Object(_)), Some(Value::Object(_))) = (base_extra, head_extra) {
            let (base_extra, head_extra) = (
                base_extra.unwrap_or(&NO_SCHEMA),
                head_extra.unwrap_or(&NO_SCHEMA),
            );
            self.schema(
                &location.join(Segment::AdditionalProperties),
                base_extra,
                head_extra,
                scope,
            );
            return;
        }
        // How open the object is: closed (false), to values of a schema, to anything (true, or unsaid).
        let openness = |extra: Option<&Value>| match extra {
            Some(Value::Bool(false)) => 0,
            Some(Value::Object(_)) => 1,
            _ => 2,
        };
        let (was, is) = (openness(base_extra), openness(head_extra));
        if was == is {
            return;
        }
        let describe = |openness| match openness {
            0 => "not allowed",
            1 => "allowed (with a schema)",
            _ => "allowed",
        };
        let breaking = scope.direction == Direction::Request && is < was;
        let detail = format!("additional properties {} → {}", describe(was), describe(is));
        self.push(
            location,
            Kind::AdditionalPropertiesChanged,
            breaking,
            detail,
        );
    }
}
