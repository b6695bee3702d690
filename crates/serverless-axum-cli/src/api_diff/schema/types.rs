//! The `type` keyword: the types a schema allows besides `null` (an `integer` is also a `number`).

use std::collections::BTreeSet;

use super::super::change::{Direction, Effect, Kind, Location};
use super::super::diff::Differ;
use super::normalize::Normalized;

/// Whether every value of type `narrow` is also one of type `wide`.
fn within(narrow: &str, wide: &str) -> bool {
    narrow == wide || (narrow == "integer" && wide == "number")
}

fn shown(types: Option<&BTreeSet<String>>) -> String {
    match types {
        None => "any".to_owned(),
        Some(types) if types.is_empty() => "null".to_owned(),
        Some(types) => types
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

impl Differ<'_> {
    /// Reports a change of type; `false` when the types have nothing in common (what is inside is not comparable).
    pub(super) fn types(
        &mut self,
        location: &Location,
        base: &Normalized,
        head: &Normalized,
        direction: Direction,
    ) -> bool {
        let (base_types, head_types) = (base.types(), head.types());
        if base_types == head_types {
            return true;
        }
        let (effect, related) = match (&base_types, &head_types) {
            (None, Some(_)) => (Effect::NARROWS, true),
            (Some(_), None) => (Effect::WIDENS, true),
            (Some(base), Some(head)) => {
                let lost = base
                    .iter()
                    .any(|old| !head.iter().any(|new| within(old, new)));
                let gained = head
                    .iter()
                    .any(|new| !base.iter().any(|old| within(new, old)));
                let related = base
                    .iter()
                    .any(|old| head.iter().any(|new| within(old, new) || within(new, old)));
                (
                    Effect {
                        narrows: lost,
                        widens: gained,
                    },
                    related,
                )
            }
            (None, None) => return true,
        };
        let detail = format!(
            "type {} → {}",
            shown(base_types.as_ref()),
            shown(head_types.as_ref())
        );
        self.push(
            location,
            Kind::TypeChanged,
            effect.breaks(direction),
            detail,
        );
        related
    }
}
