//! The keywords that narrow the values of a type: `format`, `pattern`, `enum`/`const`, the bounds (`minimum`,
//! `maxLength`, …), `multipleOf`, `uniqueItems`; and `default`, which changes what an omitted value means.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::change::{Direction, Effect, Kind, Location};
use super::super::diff::Differ;
use super::super::operations::{is_true, shown};

/// Bounds below: raising one (or adding one) narrows.
const LOWER_BOUNDS: [&str; 5] = [
    "minimum",
    "exclusiveMinimum",
    "minLength",
    "minItems",
    "minProperties",
];

/// Bounds above: lowering one (or adding one) narrows.
const UPPER_BOUNDS: [&str; 5] = [
    "maximum",
    "exclusiveMaximum",
    "maxLength",
    "maxItems",
    "maxProperties",
];

/// Formats that are another's subset, as (narrow, wide): `int32` → `int64` widens.
const FORMAT_SUBSETS: [(&str, &str); 2] = [("int32", "int64"), ("float", "double")];

impl Differ<'_> {
    pub(super) fn constraints(
        &mut self,
        location: &Location,
        base: &Map<String, Value>,
        head: &Map<String, Value>,
        direction: Direction,
    ) {
        self.format(location, base.get("format"), head.get("format"), direction);
        if let Some(effect) = added_narrows(base.get("pattern"), head.get("pattern")) {
            let detail = format!(
                "pattern {} → {}",
                shown(base.get("pattern")),
                shown(head.get("pattern"))
            );
            self.push(
                location,
                Kind::PatternChanged,
                effect.breaks(direction),
                detail,
            );
        }
        self.enumeration(location, enum_values(base), enum_values(head), direction);
        for keyword in LOWER_BOUNDS {
            self.bound(
                location,
                keyword,
                base.get(keyword),
                head.get(keyword),
                false,
                direction,
            );
        }
        for keyword in UPPER_BOUNDS {
            self.bound(
                location,
                keyword,
                base.get(keyword),
                head.get(keyword),
                true,
                direction,
            );
        }
        if let Some(effect) = added_narrows(base.get("multipleOf"), head.get("multipleOf")) {
            let detail = format!(
                "multipleOf {} → {}",
                shown(base.get("multipleOf")),
                shown(head.get("multipleOf"))
            );
            self.push(
                location,
                Kind::ConstraintChanged,
                effect.breaks(direction),
                detail,
            );
        }
        let (was_unique, is_unique) = (
            is_true(base.get("uniqueItems")),
            is_true(head.get("uniqueItems")),
        );
        if was_unique != is_unique {
            let effect = if is_unique {
                Effect::NARROWS
            } else {
                Effect::WIDENS
            };
            let detail = format!("uniqueItems {was_unique} → {is_unique}");
            self.push(
                location,
                Kind::ConstraintChanged,
                effect.breaks(direction),
                detail,
            );
        }
        if base.get("default") != head.get("default") {
            let detail = format!(
                "default {} → {}",
                shown(base.get("default")),
                shown(head.get("default"))
            );
            self.push(location, Kind::DefaultChanged, false, detail);
        }
        self.deprecation(location, base.get("deprecated"), head.get("deprecated"));
    }

    fn format(
        &mut self,
        location: &Location,
        base: Option<&Value>,
        head: Option<&Value>,
        direction: Direction,
    ) {
        let Some(mut effect) = added_narrows(base, head) else {
            return;
        };
        if let (Some(Value::String(old)), Some(Value::String(new))) = (base, head) {
            if FORMAT_SUBSETS.contains(&(old.as_str(), new.as_str())) {
                effect = Effect::WIDENS;
            } else if FORMAT_SUBSETS.contains(&(new.as_str(), old.as_str())) {
                effect = Effect::NARROWS;
            }
        }
        let detail = format!("format {} → {}", shown(base), shown(head));
        self.push(
            location,
            Kind::FormatChanged,
            effect.breaks(direction),
            detail,
        );
    }

    fn enumeration(
        &mut self,
        location: &Location,
        base: Option<BTreeSet<String>>,
        head: Option<BTreeSet<String>>,
        direction: Direction,
    ) {
        match (base, head) {
            (None, Some(head)) => {
                let detail = format!("enum added: only {}", list(&head));
                self.push(
                    location,
                    Kind::EnumAdded,
                    Effect::NARROWS.breaks(direction),
                    detail,
                );
            }
            (Some(base), None) => {
                let detail = format!("enum removed (was {})", list(&base));
                self.push(
                    location,
                    Kind::EnumRemoved,
                    Effect::WIDENS.breaks(direction),
                    detail,
                );
            }
            (Some(base), Some(head)) => {
                let removed: BTreeSet<String> = base.difference(&head).cloned().collect();
                let added: BTreeSet<String> = head.difference(&base).cloned().collect();
                if !removed.is_empty() {
                    let detail = format!("enum values removed: {}", list(&removed));
                    self.push(
                        location,
                        Kind::EnumValuesRemoved,
                        Effect::NARROWS.breaks(direction),
                        detail,
                    );
                }
                if !added.is_empty() {
                    let detail = format!("enum values added: {}", list(&added));
                    self.push(
                        location,
                        Kind::EnumValuesAdded,
                        Effect::WIDENS.breaks(direction),
                        detail,
                    );
                }
            }
            (None, None) => {}
        }
    }

    /// A bound: a number (or, for `exclusiveMinimum`/`exclusiveMaximum` of OpenAPI 3.0, a flag).
    fn bound(
        &mut self,
        location: &Location,
        keyword: &str,
        base: Option<&Value>,
        head: Option<&Value>,
        upper: bool,
        direction: Direction,
    ) {
        if base == head {
            return;
        }
        let effect = match (base.map(as_bound), head.map(as_bound)) {
            (None, Some(_)) => Effect::NARROWS,
            (Some(_), None) => Effect::WIDENS,
            (Some(Bound::Flag(old)), Some(Bound::Flag(new))) if old != new => {
                if new {
                    Effect::NARROWS
                } else {
                    Effect::WIDENS
                }
            }
            (Some(Bound::Number(old)), Some(Bound::Number(new))) if old != new => {
                if (new < old) == upper {
                    Effect::NARROWS
                } else {
                    Effect::WIDENS
                }
            }
            (Some(Bound::Number(_)), Some(Bound::Number(_)))
            | (Some(Bound::Flag(_)), Some(Bound::Flag(_))) => return,
            _ => Effect::REPLACES,
        };
        let detail = format!("{keyword} {} → {}", shown(base), shown(head));
        self.push(
            location,
            Kind::ConstraintChanged,
            effect.breaks(direction),
            detail,
        );
    }
}

enum Bound {
    Number(f64),
    Flag(bool),
}

fn as_bound(value: &Value) -> Bound {
    match value {
        Value::Bool(flag) => Bound::Flag(*flag),
        other => Bound::Number(other.as_f64().unwrap_or(f64::NAN)),
    }
}

/// A keyword that only narrows: added narrows, removed widens, changed does both.
fn added_narrows(base: Option<&Value>, head: Option<&Value>) -> Option<Effect> {
    match (base, head) {
        (None, Some(_)) => Some(Effect::NARROWS),
        (Some(_), None) => Some(Effect::WIDENS),
        (Some(old), Some(new)) if old != new => Some(Effect::REPLACES),
        _ => None,
    }
}

/// The values of `enum` (or a `const`) besides `null`, as JSON text.
fn enum_values(schema: &Map<String, Value>) -> Option<BTreeSet<String>> {
    let values: Vec<&Value> = match (schema.get("enum"), schema.get("const")) {
        (Some(Value::Array(values)), _) => values.iter().collect(),
        (_, Some(value)) => vec![value],
        _ => return None,
    };
    Some(
        values
            .into_iter()
            .filter(|value| !value.is_null())
            .map(Value::to_string)
            .collect(),
    )
}

fn list(values: &BTreeSet<String>) -> String {
    values
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
