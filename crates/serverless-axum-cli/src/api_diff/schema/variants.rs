//! `oneOf`/`anyOf` alternatives (besides `null`, which `normalize` turns into nullability): matched by the schema
//! they refer to, their `title`, or else their position. One removed narrows, one added widens.

use serde_json::{Map, Value};

use super::super::change::Location;
use super::super::change::{Effect, Kind, Segment};
use super::super::diff::Differ;
use super::super::document::{ref_name, ref_of};
use super::Scope;

/// The alternatives of `keyword`, each with the name it is matched by.
fn alternatives<'a>(schema: &'a Map<String, Value>, keyword: &str) -> Vec<(String, &'a Value)> {
    let Some(Value::Array(alternatives)) = schema.get(keyword) else {
        return Vec::new();
    };
    let label = |(index, alternative): (usize, &Value)| {
        let title = alternative.get("title").and_then(Value::as_str);
        ref_of(alternative)
            .map(ref_name)
            .or(title)
            .map_or_else(|| format!("#{}", index + 1), str::to_owned)
    };
    alternatives
        .iter()
        .enumerate()
        .map(|(index, alternative)| (label((index, alternative)), alternative))
        .collect()
}

impl Differ<'_> {
    pub(super) fn variants(
        &mut self,
        location: &Location,
        base: &Map<String, Value>,
        head: &Map<String, Value>,
        scope: Scope,
    ) {
        for keyword in ["oneOf", "anyOf"] {
            let (base_variants, head_variants) =
                (alternatives(base, keyword), alternatives(head, keyword));
            for (name, base_variant) in &base_variants {
                let variant = location.join(Segment::Variant(name.clone()));
                match head_variants.iter().find(|(other, _)| other == name) {
                    Some((_, head_variant)) => {
                        self.schema(&variant, base_variant, head_variant, scope)
                    }
                    None => {
                        let breaking = Effect::NARROWS.breaks(scope.direction);
                        self.push(
                            &variant,
                            Kind::VariantRemoved,
                            breaking,
                            format!("{keyword} alternative removed"),
                        );
                    }
                }
            }
            for (name, _) in &head_variants {
                if !base_variants.iter().any(|(other, _)| other == name) {
                    let variant = location.join(Segment::Variant(name.clone()));
                    let breaking = Effect::WIDENS.breaks(scope.direction);
                    self.push(
                        &variant,
                        Kind::VariantAdded,
                        breaking,
                        format!("{keyword} alternative added"),
                    );
                }
            }
        }
    }
}
