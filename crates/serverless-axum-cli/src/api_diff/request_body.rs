//! An operation's request body: whether there is one, whether it is required, and its media types.

use serde_json::Value;

use super::change::{Direction, Kind, Location, Segment};
use super::diff::Differ;
use super::operations::{child_object, is_true, object, Operation};

impl Differ<'_> {
    pub fn request_body(
        &mut self,
        operation: &Location,
        base: &Operation<'_>,
        head: &Operation<'_>,
    ) {
        let base = object(self.base, base.operation, "requestBody");
        let head = object(self.head, head.operation, "requestBody");
        let location = operation.join(Segment::RequestBody { media: None });
        let required = |body: &serde_json::Map<String, Value>| is_true(body.get("required"));
        match (base, head) {
            (None, None) => {}
            (Some(_), None) => {
                let detail = "request body removed: clients that still send one may be rejected";
                self.push(&location, Kind::RequestBodyRemoved, true, detail);
            }
            (None, Some(added)) if required(added) => {
                let detail = "required request body added: clients that send none are rejected";
                self.push(&location, Kind::RequestBodyAdded, true, detail);
            }
            (None, Some(_)) => self.push(
                &location,
                Kind::RequestBodyAdded,
                false,
                "optional request body added",
            ),
            (Some(base), Some(head)) => {
                match (required(base), required(head)) {
                    (false, true) => self.push(
                        &location,
                        Kind::RequestBodyRequired,
                        true,
                        "optional → required",
                    ),
                    (true, false) => self.push(
                        &location,
                        Kind::RequestBodyOptional,
                        false,
                        "required → optional",
                    ),
                    _ => {}
                }
                self.documentation(
                    &location,
                    "description",
                    base.get("description"),
                    head.get("description"),
                );
                let at = |media: Option<&str>| {
                    operation.join(Segment::RequestBody {
                        media: media.map(str::to_owned),
                    })
                };
                let (base, head) = (child_object(base, "content"), child_object(head, "content"));
                self.content(at, base, head, Direction::Request);
            }
        }
    }
}
