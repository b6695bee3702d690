//! Comparing two schemas, in the direction data flows through them (see `Direction`): `$ref`s followed (a pair of
//! them met again further down is a cycle, and stops), then nullability, type, constraints, object properties,
//! array items and `oneOf`/`anyOf` alternatives, each in its own module.

mod constraints;
mod normalize;
mod object;
mod types;
mod variants;

use serde_json::Value;

use super::change::{Direction, Effect, Kind, Location, Segment};
use super::diff::Differ;
pub use normalize::normalize;

/// Where no schema is given: any value.
pub static NO_SCHEMA: Value = Value::Null;

/// How deep schemas are compared, whatever they hold (a backstop behind the cycle check).
const MAX_DEPTH: usize = 64;

/// How a schema is being compared.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub direction: Direction,
    /// Report documentation changes: inline schemas yes; inside a followed `$ref`, no (reported once, under the
    /// schema's name).
    docs: bool,
    /// Comparing a schema under `components.schemas` by name: a nested `$ref` to the same schema on both sides
    /// is reported under its own name, so it is not entered.
    by_name: bool,
    depth: usize,
}

impl Scope {
    /// A schema of an operation (a parameter, a body, a response, a header): every `$ref` is followed.
    pub fn operation(direction: Direction) -> Self {
        Self {
            direction,
            docs: true,
            by_name: false,
            depth: 0,
        }
    }

    /// A schema under `components.schemas`, compared for clients that use it in `direction`.
    pub fn component(direction: Direction) -> Self {
        Self {
            direction,
            docs: true,
            by_name: true,
            depth: 0,
        }
    }

    fn inner(self, docs: bool) -> Self {
        Self {
            docs,
            depth: self.depth + 1,
            ..self
        }
    }
}

impl Differ<'_> {
    pub fn schema(&mut self, location: &Location, base: &Value, head: &Value, scope: Scope) {
        if scope.depth > MAX_DEPTH {
            return;
        }
        let base = normalize(self.base, base);
        let head = normalize(self.head, head);
        let followed = !base.refs.is_empty() || !head.refs.is_empty();
        let pair = (base.refs.clone(), head.refs.clone());
        if followed && self.visiting.contains(&pair) {
            return; // a cycle: these two schemas are already being compared further up
        }
        self.nullable(location, base.nullable, head.nullable, scope.direction);
        if scope.by_name && scope.depth > 0 && !base.refs.is_empty() && base.refs == head.refs {
            return; // the same named schema on both sides: compared under its own name
        }
        let docs = scope.docs && !followed;
        if docs {
            for field in ["description", "title", "example", "examples"] {
                self.documentation(
                    location,
                    field,
                    base.schema.get(field),
                    head.schema.get(field),
                );
            }
        }
        if !self.types(location, &base, &head, scope.direction) {
            return; // one type replaced by an unrelated one: what was inside is not comparable
        }
        if followed {
            self.visiting.push(pair);
        }
        let inner = scope.inner(docs);
        self.constraints(location, &base.schema, &head.schema, scope.direction);
        self.properties(location, &base.schema, &head.schema, inner);
        self.additional_properties(location, &base.schema, &head.schema, inner);
        if base.schema.contains_key("items") || head.schema.contains_key("items") {
            let base_items = base.schema.get("items").unwrap_or(&NO_SCHEMA);
            let head_items = head.schema.get("items").unwrap_or(&NO_SCHEMA);
            self.schema(
                &location.join(Segment::Items),
                base_items,
                head_items,
                inner,
            );
        }
        self.variants(location, &base.schema, &head.schema, inner);
        if followed {
            self.visiting.pop();
        }
    }

    fn nullable(&mut self, location: &Location, base: bool, head: bool, direction: Direction) {
        match (base, head) {
            (true, false) => {
                let breaking = Effect::NARROWS.breaks(direction);
                self.push(
                    location,
                    Kind::NullableRemoved,
                    breaking,
                    "nullable → not nullable",
                );
            }
            (false, true) => {
                let breaking = Effect::WIDENS.breaks(direction);
                self.push(
                    location,
                    Kind::NullableAdded,
                    breaking,
                    "not nullable → nullable",
                );
            }
            _ => {}
        }
    }
}
