//! The upgrade's summary: text for people, JSON for scripts.

use serde::Serialize;

use super::plan::{Outcome, Plan, Rename};
use crate::outcome::Printed;

#[derive(Debug, Serialize)]
pub struct Report {
    pub from: String,
    pub to: String,
    pub clean: bool,
    pub replaced: Vec<String>,
    pub merged: Vec<String>,
    pub created: Vec<String>,
    pub deleted: Vec<String>,
    pub kept: Vec<Noted>,
    pub conflicts: Vec<Noted>,
    pub renamed: Vec<Rename>,
}

/// A path with why it is listed.
#[derive(Debug, Serialize)]
pub struct Noted {
    pub path: String,
    pub note: String,
}

impl Report {
    pub fn new(from: &str, to: &str, plan: &Plan) -> Self {
        let paths = |outcome| plan.with(outcome).map(|s| s.path.clone()).collect();
        let noted = |outcome| {
            plan.with(outcome)
                .map(|s| Noted {
                    path: s.path.clone(),
                    note: s.note.clone().unwrap_or_default(),
                })
                .collect()
        };
        Self {
            from: from.to_owned(),
            to: to.to_owned(),
            clean: !plan.has_conflicts(),
            replaced: paths(Outcome::Replaced),
            merged: paths(Outcome::Merged),
            created: paths(Outcome::Created),
            deleted: paths(Outcome::Deleted),
            kept: noted(Outcome::Kept),
            conflicts: noted(Outcome::Conflict),
            renamed: plan.renames.clone(),
        }
    }
}

impl Printed for Report {
    fn text(&self) -> String {
        let mut text = format!("Upgraded from {} to {}.\n", self.from, self.to);
        let lists: [(&str, &[String]); 4] = [
            (
                "replaced (unchanged here: the template's new version)",
                &self.replaced,
            ),
            ("merged (changed here and by the template)", &self.merged),
            ("created (new in the template)", &self.created),
            (
                "deleted (gone from the template, unchanged here)",
                &self.deleted,
            ),
        ];
        for (title, paths) in lists {
            if !paths.is_empty() {
                text += &format!("\n{title}: {}\n", paths.len());
                for path in paths {
                    text += &format!("  {path}\n");
                }
            }
        }
        if !self.renamed.is_empty() {
            text += &format!("\nrenamed by the template: {}\n", self.renamed.len());
            for rename in &self.renamed {
                text += &format!("  {} -> {}\n", rename.from, rename.to);
            }
        }
        for (title, noted) in [("kept", &self.kept), ("conflicts", &self.conflicts)] {
            if !noted.is_empty() {
                text += &format!("\n{title}: {}\n", noted.len());
                for entry in noted {
                    text += &format!("  {}: {}\n", entry.path, entry.note);
                }
            }
        }
        text += if self.clean {
            "\nNo conflicts. Review with `git diff`, then commit.\n"
        } else {
            "\nConflicts remain: resolve them (search for `<<<<<<<`), then commit. `git checkout .` undoes it all.\n"
        };
        text
    }
}
