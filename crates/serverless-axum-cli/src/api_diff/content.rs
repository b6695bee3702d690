//! The media types of a request body or a response (`content`): one removed breaks the clients that use it, one
//! added breaks nobody, and the schemas of the ones in both are compared.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::change::{Direction, Kind, Location};
use super::diff::Differ;
use super::schema::{Scope, NO_SCHEMA};

impl Differ<'_> {
    /// Compares two `content` objects; `at` places a media type (or, for `None`, the whole body or response).
    pub fn content(
        &mut self,
        at: impl Fn(Option<&str>) -> Location,
        base: Option<&Map<String, Value>>,
        head: Option<&Map<String, Value>>,
        direction: Direction,
    ) {
        let empty = Map::new();
        let (base, head) = (base.unwrap_or(&empty), head.unwrap_or(&empty));
        let media_types: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
        for media in media_types {
            let location = at(Some(media));
            match (base.get(media), head.get(media)) {
                (Some(_), None) => self.push(
                    &location,
                    Kind::MediaTypeRemoved,
                    true,
                    "media type removed",
                ),
                (None, Some(_)) => {
                    self.push(&location, Kind::MediaTypeAdded, false, "media type added")
                }
                (Some(base), Some(head)) => {
                    let base_schema = base.get("schema").unwrap_or(&NO_SCHEMA);
                    let head_schema = head.get("schema").unwrap_or(&NO_SCHEMA);
                    self.schema(
                        &location,
                        base_schema,
                        head_schema,
                        Scope::operation(direction),
                    );
                    for field in ["example", "examples"] {
                        self.documentation(&location, field, base.get(field), head.get(field));
                    }
                }
                (None, None) => {}
            }
        }
    }
}
