//! The check's result: a short summary and the owned files' diffs for people, or JSON for scripts.

use serde::Serialize;

use super::compare::{Entry, Status};
use crate::outcome::Printed;
use crate::template::TemplateSource;

#[derive(Debug, Serialize)]
pub struct Report {
    /// No owned file differs from the template or is missing.
    pub clean: bool,
    /// The recorded version and where its template was read.
    pub version: String,
    pub source: String,
    /// How many rendered files the service has unchanged.
    pub same: usize,
    /// The rendered files that differ or are missing.
    pub files: Vec<Entry>,
}

impl Report {
    pub fn new(source: &TemplateSource, version: &str, entries: Vec<Entry>) -> Self {
        let same = entries.iter().filter(|e| e.status == Status::Same).count();
        let files: Vec<Entry> = entries
            .into_iter()
            .filter(|e| e.status != Status::Same)
            .collect();
        Self {
            clean: !files.iter().any(|e| e.owned),
            version: version.to_owned(),
            source: source.describe(),
            same,
            files,
        }
    }
}

impl Printed for Report {
    fn text(&self) -> String {
        let (owned, other): (Vec<&Entry>, Vec<&Entry>) = self.files.iter().partition(|e| e.owned);
        let mut text = format!(
            "Template {} ({}): {} files as rendered, {} owned differing, {} others differing.\n",
            self.version,
            self.source,
            self.same,
            owned.len(),
            other.len()
        );
        if !owned.is_empty() {
            text += "\nOwned by the template, and different (change them only by upgrading):\n";
            for entry in &owned {
                text += &format!("  {:<8} {}\n", status(entry.status), entry.path);
            }
            for entry in &owned {
                if let Some(diff) = &entry.diff {
                    text += &format!("\n{diff}");
                }
            }
        }
        if !other.is_empty() {
            text += "\nChanged by the service (its to change; for information):\n";
            for entry in &other {
                text += &format!("  {:<8} {}\n", status(entry.status), entry.path);
            }
        }
        text += if self.clean {
            "\nOK: every file the template owns is as it renders it.\n"
        } else {
            "\nFAILED: files the template owns differ from it (put them back, or upgrade).\n"
        };
        text
    }
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Same => "same",
        Status::Changed => "changed",
        Status::Missing => "missing",
    }
}
