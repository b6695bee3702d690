//! The walk over two descriptions: `compare` visits operations, then the schemas under `components`, then the
//! security schemes, and collects one `Change` per difference. The parts of an operation and the schema rules live
//! in their own modules, each an `impl Differ` block.

use serde_json::Value;

use super::change::{Change, Kind, Location};
use super::document::Document;

/// Every difference between `base` and `head`, operations first (in path order), then schemas by name.
pub fn compare(base: &Document, head: &Document) -> Vec<Change> {
    let mut differ = Differ::new(base, head);
    differ.operations();
    differ.component_schemas();
    differ.security_schemes();
    differ.changes
}

/// The two documents and the changes found so far.
pub struct Differ<'a> {
    pub base: &'a Document,
    pub head: &'a Document,
    changes: Vec<Change>,
    /// The pairs of `$ref`s (base, head) whose schemas are being compared further up: meeting one again is a cycle.
    pub visiting: Vec<(Vec<String>, Vec<String>)>,
}

impl<'a> Differ<'a> {
    pub fn new(base: &'a Document, head: &'a Document) -> Self {
        Self {
            base,
            head,
            changes: Vec::new(),
            visiting: Vec::new(),
        }
    }

    pub fn push(
        &mut self,
        location: &Location,
        kind: Kind,
        breaking: bool,
        detail: impl Into<String>,
    ) {
        self.changes.push(Change {
            location: location.clone(),
            kind,
            breaking,
            detail: detail.into(),
        });
    }

    /// A documentation-only change when `field` (`description`, `summary`, …) differs.
    pub fn documentation(
        &mut self,
        location: &Location,
        field: &str,
        base: Option<&Value>,
        head: Option<&Value>,
    ) {
        if base != head {
            let what = match (base, head) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "changed",
            };
            self.push(
                location,
                Kind::Documentation,
                false,
                format!("{field} {what}"),
            );
        }
    }

    /// The changes `walk` finds, taken apart from the ones found before it.
    pub fn collect(&mut self, walk: impl FnOnce(&mut Self)) -> Vec<Change> {
        let before = std::mem::take(&mut self.changes);
        walk(self);
        std::mem::replace(&mut self.changes, before)
    }

    pub fn extend(&mut self, changes: Vec<Change>) {
        self.changes.extend(changes);
    }
}
