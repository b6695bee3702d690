//! An operation's parameters (its path item's and its own): matched by where they go (`query`, `header`, `path`,
//! `cookie`) and name (header names in any case; path parameters by position in the path, so a rename is one).

use std::collections::BTreeMap;

use serde_json::Value;

use super::change::{Direction, Kind, Location, Segment};
use super::diff::Differ;
use super::document::Document;
use super::operations::{is_true, Operation};
use super::schema::{Scope, NO_SCHEMA};

/// A parameter, its `$ref` followed.
struct Parameter<'a> {
    place: String,
    name: String,
    value: &'a Value,
}

impl Parameter<'_> {
    fn required(&self) -> bool {
        self.place == "path" || is_true(self.value.get("required"))
    }

    /// `schema`, or the schema of its only media type (`content`).
    fn schema(&self) -> &Value {
        if let Some(schema) = self.value.get("schema") {
            return schema;
        }
        let content = self.value.get("content").and_then(Value::as_object);
        let first = content.and_then(|content| content.values().next());
        first
            .and_then(|media| media.get("schema"))
            .unwrap_or(&NO_SCHEMA)
    }

    /// How the value is written into the request: `style` and `explode`, with their defaults.
    fn serialization(&self) -> (String, bool) {
        let default_style = if matches!(self.place.as_str(), "query" | "cookie") {
            "form"
        } else {
            "simple"
        };
        let style = self
            .value
            .get("style")
            .and_then(Value::as_str)
            .unwrap_or(default_style)
            .to_owned();
        let explode = self
            .value
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == "form");
        (style, explode)
    }
}

/// The parameters of `operation`, by place and key (name, lower-cased for headers; position for path parameters).
fn parameters<'a>(
    document: &'a Document,
    operation: &Operation<'a>,
) -> BTreeMap<(String, String), Parameter<'a>> {
    let mut parameters = BTreeMap::new();
    let inherited = operation.item.get("parameters").and_then(Value::as_array);
    let own = operation.get("parameters").and_then(Value::as_array);
    for value in inherited.into_iter().chain(own).flatten() {
        let (value, _) = document.follow(value);
        let (Some(name), Some(place)) = (
            value.get("name").and_then(Value::as_str),
            value.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        let key = match place {
            "header" => name.to_ascii_lowercase(),
            "path" => path_position(operation.path, name)
                .map_or_else(|| name.to_owned(), |at| format!("#{at}")),
            _ => name.to_owned(),
        };
        // An operation's own parameter replaces its path item's of the same place and name.
        parameters.insert(
            (place.to_owned(), key),
            Parameter {
                place: place.to_owned(),
                name: name.to_owned(),
                value,
            },
        );
    }
    parameters
}

/// Which `{…}` of `path` names `name`, counting from 0.
fn path_position(path: &str, name: &str) -> Option<usize> {
    let placeholder = format!("{{{name}}}");
    let at = path.find(&placeholder)?;
    Some(path[..at].matches('{').count())
}

impl Differ<'_> {
    pub fn parameters(&mut self, operation: &Location, base: &Operation<'_>, head: &Operation<'_>) {
        let base = parameters(self.base, base);
        let head = parameters(self.head, head);
        let mut keys: Vec<&(String, String)> = base.keys().chain(head.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            match (base.get(key), head.get(key)) {
                (Some(removed), None) => {
                    let location = at(operation, removed);
                    let detail = "parameter removed: clients that still send it may be rejected";
                    self.push(&location, Kind::ParameterRemoved, true, detail);
                }
                (None, Some(added)) if added.required() => {
                    let detail =
                        "required parameter added: clients that do not send it are rejected";
                    self.push(&at(operation, added), Kind::ParameterAdded, true, detail);
                }
                (None, Some(added)) => {
                    self.push(
                        &at(operation, added),
                        Kind::ParameterAdded,
                        false,
                        "optional parameter added",
                    );
                }
                (Some(base), Some(head)) => self.parameter(&at(operation, head), base, head),
                (None, None) => {}
            }
        }
    }

    fn parameter(&mut self, location: &Location, base: &Parameter<'_>, head: &Parameter<'_>) {
        if base.place == "path" && base.name != head.name {
            let detail = format!(
                "path parameter renamed `{}` → `{}` (same position)",
                base.name, head.name
            );
            self.push(location, Kind::ParameterRenamed, false, detail);
        }
        match (base.required(), head.required()) {
            (false, true) => self.push(
                location,
                Kind::ParameterRequired,
                true,
                "optional → required",
            ),
            (true, false) => self.push(
                location,
                Kind::ParameterOptional,
                false,
                "required → optional",
            ),
            _ => {}
        }
        let ((base_style, base_explode), (head_style, head_explode)) =
            (base.serialization(), head.serialization());
        if base_style != head_style {
            let detail = format!("style {base_style} → {head_style}: clients write it differently");
            self.push(location, Kind::ParameterStyleChanged, true, detail);
        } else if base_explode != head_explode {
            let detail =
                format!("explode {base_explode} → {head_explode}: clients write it differently");
            self.push(location, Kind::ParameterStyleChanged, true, detail);
        }
        self.deprecation(
            location,
            base.value.get("deprecated"),
            head.value.get("deprecated"),
        );
        self.documentation(
            location,
            "description",
            base.value.get("description"),
            head.value.get("description"),
        );
        self.schema(
            location,
            base.schema(),
            head.schema(),
            Scope::operation(Direction::Request),
        );
    }
}

fn at(operation: &Location, parameter: &Parameter<'_>) -> Location {
    operation.join(Segment::Parameter {
        place: parameter.place.clone(),
        name: parameter.name.clone(),
    })
}
