//! The schemas under `components.schemas`, compared by name: a change inside one is reported at every operation
//! that uses it (the walk follows `$ref`s) and once here, under its name, classified for the way the operations use
//! it (a change that breaks requests or responses breaks a schema used in both).

use std::collections::BTreeSet;

use super::change::{Change, Direction, Kind, Location, Segment};
use super::diff::Differ;
use super::schema::Scope;
use super::usage::usage;

impl Differ<'_> {
    pub fn component_schemas(&mut self) {
        let mut used = usage(self.base);
        for (name, directions) in usage(self.head) {
            used.entry(name).or_default().extend(directions);
        }
        let base = self.base.object_at("/components/schemas");
        let head = self.head.object_at("/components/schemas");
        let names: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
        for name in names {
            let location = Location::root(Segment::Schema(name.clone()));
            match (base.get(name), head.get(name)) {
                (Some(_), None) => {
                    self.push(&location, Kind::SchemaRemoved, false, "schema removed")
                }
                (None, Some(_)) => self.push(&location, Kind::SchemaAdded, false, "schema added"),
                (Some(base), Some(head)) => {
                    let directions = used.get(name.as_str()).cloned().unwrap_or_default();
                    let changes = self.schema_by_name(&location, base, head, &directions);
                    self.extend(changes);
                }
                (None, None) => {}
            }
        }
    }

    /// The changes to one schema, for each direction it is used in (merged: breaking if breaking in one); a
    /// schema no operation uses breaks nobody.
    fn schema_by_name(
        &mut self,
        location: &Location,
        base: &serde_json::Value,
        head: &serde_json::Value,
        directions: &BTreeSet<Direction>,
    ) -> Vec<Change> {
        if directions.is_empty() {
            let mut changes = self.collect(|differ| {
                differ.schema(location, base, head, Scope::component(Direction::Request))
            });
            for change in &mut changes {
                change.breaking = false;
            }
            return changes;
        }
        let mut merged: Vec<Change> = Vec::new();
        for direction in directions {
            let changes = self.collect(|differ| {
                differ.schema(location, base, head, Scope::component(*direction))
            });
            for change in changes {
                let same = merged.iter_mut().find(|seen| {
                    seen.location == change.location
                        && seen.kind == change.kind
                        && seen.detail == change.detail
                });
                match same {
                    Some(seen) => seen.breaking |= change.breaking,
                    None => merged.push(change),
                }
            }
        }
        merged
    }
}
