//! The report of a comparison, printed as Markdown (a pull-request comment) or JSON (for scripts).

mod json;
mod markdown;

pub use json::json;
pub use markdown::markdown;

use super::change::Change;

pub struct Report {
    pub changes: Vec<Change>,
    /// Said before the changes: that there was no BASE.
    pub note: Option<&'static str>,
}

/// What the change as a whole is, for a pull-request label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// At least one change breaks existing clients.
    Breaking,
    /// The contract changed, but no existing client breaks.
    Compatible,
    /// Nothing but documentation changed (or nothing at all).
    None,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Breaking => "breaking",
            Self::Compatible => "compatible",
            Self::None => "none",
        }
    }
}

impl Report {
    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|change| change.breaking).count()
    }

    pub fn is_breaking(&self) -> bool {
        self.breaking_count() > 0
    }

    pub fn label(&self) -> Label {
        if self.is_breaking() {
            Label::Breaking
        } else if self.changes.iter().any(|change| !change.is_documentation()) {
            Label::Compatible
        } else {
            Label::None
        }
    }
}
