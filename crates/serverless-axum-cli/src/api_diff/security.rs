//! Security: an operation's requirements (its own `security`, or the document's) and the schemes under
//! `components.securitySchemes`. A requirement is a set of alternatives, each naming schemes and their scopes;
//! an alternative a client may use going away (scopes changed, authentication now required) breaks it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::change::{Kind, Location, Segment};
use super::diff::Differ;
use super::document::Document;
use super::operations::{child_object, shown, Operation};

/// One alternative: every scheme named, each with the scopes it needs. Empty: no authentication.
type Alternative = BTreeMap<String, BTreeSet<String>>;

/// The ways to call `operation`: its `security`, else the document's; none said means anyone may.
fn alternatives(document: &Document, operation: &Operation<'_>) -> BTreeSet<Alternative> {
    let said = operation
        .get("security")
        .or_else(|| document.root().get("security"));
    let mut alternatives: BTreeSet<Alternative> = said
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|requirement| {
            let scopes = |scopes: &Value| {
                scopes
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            };
            requirement
                .iter()
                .map(|(scheme, needed)| (scheme.clone(), scopes(needed)))
                .collect()
        })
        .collect();
    if alternatives.is_empty() {
        alternatives.insert(Alternative::new());
    }
    alternatives
}

fn describe(alternative: &Alternative) -> String {
    if alternative.is_empty() {
        return "no authentication".to_owned();
    }
    let schemes: Vec<String> = alternative
        .iter()
        .map(|(scheme, scopes)| match scopes.is_empty() {
            true => scheme.clone(),
            false => format!(
                "{scheme} [{}]",
                scopes.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        })
        .collect();
    schemes.join(" + ")
}

fn describe_all<'a>(alternatives: impl IntoIterator<Item = &'a Alternative>) -> String {
    alternatives
        .into_iter()
        .map(describe)
        .collect::<Vec<_>>()
        .join(" or ")
}

impl Differ<'_> {
    pub fn security(&mut self, operation: &Location, base: &Operation<'_>, head: &Operation<'_>) {
        let base = alternatives(self.base, base);
        let head = alternatives(self.head, head);
        if base == head {
            return;
        }
        let location = operation.join(Segment::Security);
        let anonymous = Alternative::new();
        if base.contains(&anonymous) && !head.contains(&anonymous) {
            let detail = format!("authentication now required: {}", describe_all(&head));
            self.push(&location, Kind::SecurityAdded, true, detail);
            return;
        }
        if head.contains(&anonymous) && !base.contains(&anonymous) {
            self.push(
                &location,
                Kind::SecurityRemoved,
                false,
                "authentication no longer required",
            );
            return;
        }
        let mut added: Vec<&Alternative> = head.difference(&base).collect();
        for removed in base.difference(&head) {
            let same_schemes = added
                .iter()
                .position(|alternative| alternative.keys().eq(removed.keys()));
            match same_schemes {
                Some(index) => {
                    let replacement = added.remove(index);
                    let detail =
                        format!("scopes {} → {}", describe(removed), describe(replacement));
                    self.push(&location, Kind::SecurityScopesChanged, true, detail);
                }
                None => {
                    let detail = format!("requirement removed: {}", describe(removed));
                    self.push(&location, Kind::SecurityChanged, true, detail);
                }
            }
        }
        for alternative in added {
            let detail = format!("alternative added: {}", describe(alternative));
            self.push(&location, Kind::SecurityChanged, false, detail);
        }
    }

    /// The schemes under `components.securitySchemes`: one changed (its type, where the credential goes, its
    /// flows' URLs, a scope gone) breaks the clients that use it. Removing or adding one is reported at the
    /// operations that use it.
    pub fn security_schemes(&mut self) {
        let base = self.base.object_at("/components/securitySchemes");
        let head = self.head.object_at("/components/securitySchemes");
        let names: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
        for name in names {
            let location = Location::root(Segment::SecurityScheme(name.clone()));
            let base = base
                .get(name)
                .map(|scheme| self.base.follow(scheme).0)
                .and_then(Value::as_object);
            let head = head
                .get(name)
                .map(|scheme| self.head.follow(scheme).0)
                .and_then(Value::as_object);
            match (base, head) {
                (Some(_), None) => self.push(
                    &location,
                    Kind::SecuritySchemeRemoved,
                    false,
                    "security scheme removed",
                ),
                (None, Some(_)) => self.push(
                    &location,
                    Kind::SecuritySchemeAdded,
                    false,
                    "security scheme added",
                ),
                (Some(base), Some(head)) => self.security_scheme(&location, base, head),
                (None, None) => {}
            }
        }
    }

    fn security_scheme(
        &mut self,
        location: &Location,
        base: &Map<String, Value>,
        head: &Map<String, Value>,
    ) {
        self.documentation(
            location,
            "description",
            base.get("description"),
            head.get("description"),
        );
        let keys: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
        for key in keys
            .into_iter()
            .filter(|key| !matches!(key.as_str(), "description" | "flows"))
        {
            if base.get(key) != head.get(key) {
                let detail = format!("{key} {} → {}", shown(base.get(key)), shown(head.get(key)));
                self.push(location, Kind::SecuritySchemeChanged, true, detail);
            }
        }
        let empty = Map::new();
        let base_flows = child_object(base, "flows").unwrap_or(&empty);
        let head_flows = child_object(head, "flows").unwrap_or(&empty);
        let names: BTreeSet<&String> = base_flows.keys().chain(head_flows.keys()).collect();
        for flow in names {
            match (base_flows.get(flow), head_flows.get(flow)) {
                (Some(_), None) => self.push(
                    location,
                    Kind::SecuritySchemeChanged,
                    true,
                    format!("flow {flow} removed"),
                ),
                (None, Some(_)) => self.push(
                    location,
                    Kind::SecuritySchemeChanged,
                    false,
                    format!("flow {flow} added"),
                ),
                (Some(base), Some(head)) => self.flow(location, flow, base, head),
                (None, None) => {}
            }
        }
    }

    fn flow(&mut self, location: &Location, flow: &str, base: &Value, head: &Value) {
        for url in ["authorizationUrl", "tokenUrl", "refreshUrl"] {
            if base.get(url) != head.get(url) {
                self.push(
                    location,
                    Kind::SecuritySchemeChanged,
                    true,
                    format!("flow {flow}: {url} changed"),
                );
            }
        }
        let scopes = |flow: &'_ Value| -> BTreeSet<String> {
            flow.get("scopes")
                .and_then(Value::as_object)
                .map(|scopes| scopes.keys().cloned().collect())
                .unwrap_or_default()
        };
        let (base_scopes, head_scopes) = (scopes(base), scopes(head));
        for scope in base_scopes.difference(&head_scopes) {
            self.push(
                location,
                Kind::SecuritySchemeChanged,
                true,
                format!("flow {flow}: scope {scope} removed"),
            );
        }
        for scope in head_scopes.difference(&base_scopes) {
            self.push(
                location,
                Kind::SecuritySchemeChanged,
                false,
                format!("flow {flow}: scope {scope} added"),
            );
        }
    }
}
