//! An operation's responses, by status: a success status removed breaks clients, any status added does not; in
//! the ones in both, media types, schemas and headers.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::change::{Direction, Kind, Location, Segment};
use super::diff::Differ;
use super::document::Document;
use super::operations::{child_object, is_true, object, Operation};
use super::schema::{Scope, NO_SCHEMA};

/// A `2XX` status or a `2xx` one.
fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

/// A response's headers, by lower-cased name, their `$ref`s followed.
fn headers<'a>(
    document: &'a Document,
    response: &'a Map<String, Value>,
) -> Vec<(String, &'a str, &'a Value)> {
    let Some(headers) = response.get("headers").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut headers: Vec<_> = headers
        .iter()
        .map(|(name, header)| {
            (
                name.to_ascii_lowercase(),
                name.as_str(),
                document.follow(header).0,
            )
        })
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    headers
}

/// The header of lower-cased name `key`: its name as written, and the header.
fn find<'a>(headers: &[(String, &str, &'a Value)], key: &str) -> Option<(String, &'a Value)> {
    headers
        .iter()
        .find(|(other, _, _)| other == key)
        .map(|(_, name, header)| ((*name).to_owned(), *header))
}

impl Differ<'_> {
    pub fn responses(&mut self, operation: &Location, base: &Operation<'_>, head: &Operation<'_>) {
        let empty = Map::new();
        let base_responses = base
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let head_responses = head
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let statuses: BTreeSet<&String> =
            base_responses.keys().chain(head_responses.keys()).collect();
        for status in statuses {
            let location = operation.join(Segment::Response {
                status: status.clone(),
                media: None,
            });
            match (base_responses.get(status), head_responses.get(status)) {
                (Some(_), None) if is_success(status) => {
                    let detail =
                        "success response removed: clients expecting it get another status";
                    self.push(&location, Kind::ResponseRemoved, true, detail);
                }
                (Some(_), None) => {
                    self.push(&location, Kind::ResponseRemoved, false, "response removed")
                }
                (None, Some(_)) => {
                    self.push(&location, Kind::ResponseAdded, false, "response added")
                }
                (Some(_), Some(_)) => {
                    let base = object(
                        self.base,
                        base.operation.get("responses").unwrap_or(&NO_SCHEMA),
                        status,
                    );
                    let head = object(
                        self.head,
                        head.operation.get("responses").unwrap_or(&NO_SCHEMA),
                        status,
                    );
                    if let (Some(base), Some(head)) = (base, head) {
                        self.response(operation, status, base, head);
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn response(
        &mut self,
        operation: &Location,
        status: &str,
        base: &Map<String, Value>,
        head: &Map<String, Value>,
    ) {
        let location = operation.join(Segment::Response {
            status: status.to_owned(),
            media: None,
        });
        self.documentation(
            &location,
            "description",
            base.get("description"),
            head.get("description"),
        );
        let at = |media: Option<&str>| {
            operation.join(Segment::Response {
                status: status.to_owned(),
                media: media.map(str::to_owned),
            })
        };
        self.content(
            at,
            child_object(base, "content"),
            child_object(head, "content"),
            Direction::Response,
        );
        self.headers(&location, base, head);
    }

    fn headers(
        &mut self,
        response: &Location,
        base: &Map<String, Value>,
        head: &Map<String, Value>,
    ) {
        let base = headers(self.base, base);
        let head = headers(self.head, head);
        let keys: BTreeSet<&String> = base.iter().chain(&head).map(|(key, _, _)| key).collect();
        for key in keys {
            match (find(&base, key), find(&head, key)) {
                (Some((name, _)), None) => {
                    let detail = "header removed: clients that read it get nothing";
                    self.push(
                        &response.join(Segment::Header(name)),
                        Kind::HeaderRemoved,
                        true,
                        detail,
                    );
                }
                (None, Some((name, _))) => {
                    self.push(
                        &response.join(Segment::Header(name)),
                        Kind::HeaderAdded,
                        false,
                        "header added",
                    );
                }
                (Some((_, base)), Some((name, head))) => {
                    let location = response.join(Segment::Header(name));
                    match (is_true(base.get("required")), is_true(head.get("required"))) {
                        (true, false) => {
                            let detail =
                                "required → optional: clients that rely on it may not get it";
                            self.push(&location, Kind::HeaderOptional, true, detail);
                        }
                        (false, true) => self.push(
                            &location,
                            Kind::HeaderRequired,
                            false,
                            "optional → required",
                        ),
                        _ => {}
                    }
                    self.documentation(
                        &location,
                        "description",
                        base.get("description"),
                        head.get("description"),
                    );
                    let base_schema = base.get("schema").unwrap_or(&NO_SCHEMA);
                    let head_schema = head.get("schema").unwrap_or(&NO_SCHEMA);
                    self.schema(
                        &location,
                        base_schema,
                        head_schema,
                        Scope::operation(Direction::Response),
                    );
                }
                (None, None) => {}
            }
        }
    }
}
