//! The merge plan: given BASE (the template at the service's version), NEW (the template at the target version)
//! and the service's files at their paths, what happens to each file. Pure: maps in, a plan out.
//!
//! The rules (README.md has the table): a file the service never changed takes NEW's content (or goes when NEW
//! dropped it); a file only the service changed is kept; a file both changed is merged line by line, with
//! conflict markers where the two changed the same lines. Binary files and lockfiles are never merged: the
//! service's own is kept and reported. No rule drops a change of the service's.

use std::collections::BTreeSet;

use diffy::{ConflictStyle, MergeOptions};
use serde::Serialize;

use super::lockfile::{is_lockfile, regenerate_command};
use crate::template::FileMap;

/// What happened to a file, as the summary groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The service never changed it: NEW's content.
    Replaced,
    /// Both changed it, on different lines: merged.
    Merged,
    /// The service's file is left as it is (the note says why).
    Kept,
    /// New in the template: written.
    Created,
    /// Gone from the template, never changed here: removed.
    Deleted,
    /// Both changed it and the changes collide: markers in the file, or the service's file kept (the note says).
    Conflict,
}

/// What to do to the file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Write(Vec<u8>),
    Remove,
    Nothing,
}

/// One file's step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub path: String,
    pub outcome: Outcome,
    pub effect: Effect,
    pub note: Option<String>,
}

/// A file the template moved: its BASE content at `from` is NEW's content at `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rename {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Every file something happens to or is reported about, by path.
    pub steps: Vec<Step>,
    pub renames: Vec<Rename>,
}

impl Plan {
    pub fn has_conflicts(&self) -> bool {
        self.steps
            .iter()
            .any(|step| step.outcome == Outcome::Conflict)
    }

    /// The steps with this outcome.
    pub fn with(&self, outcome: Outcome) -> impl Iterator<Item = &Step> {
        self.steps
            .iter()
            .filter(move |step| step.outcome == outcome)
    }
}

pub const NOTE_ONLY_HERE: &str = "changed here only";
pub const NOTE_DELETED_HERE: &str = "deleted here, unchanged by the template";
pub const NOTE_REMOVED_CHANGED: &str = "removed by the template, changed here: kept";
pub const NOTE_CHANGED_DELETED: &str =
    "changed by the template, deleted here: not recreated (restore it from the template or leave it out)";
pub const NOTE_BINARY: &str =
    "binary file changed here and by the template: yours kept (take the template's by hand if you want it)";
pub const NOTE_MARKERS: &str =
    "changed here and by the template on the same lines: conflict markers in the file";
pub const NOTE_ADDED_BOTH: &str =
    "added by the template and here with different content: conflict markers in the file";

/// Plans the upgrade of `tree` (the service's files at the paths of `base` and `new`) from `base` to `new`.
pub fn plan(base: &FileMap, new: &FileMap, tree: &FileMap) -> Plan {
    let paths: BTreeSet<&String> = base.keys().chain(new.keys()).collect();
    let steps = paths
        .into_iter()
        .filter_map(|path| {
            let (b, n, t) = (
                base.get(path).map(Vec::as_slice),
                new.get(path).map(Vec::as_slice),
                tree.get(path).map(Vec::as_slice),
            );
            step(path, b, n, t)
        })
        .collect();
    Plan {
        steps,
        renames: renames(base, new),
    }
}

fn step(path: &str, base: Option<&[u8]>, new: Option<&[u8]>, tree: Option<&[u8]>) -> Option<Step> {
    let make = |outcome, effect, note: Option<&str>| {
        Some(Step {
            path: path.to_owned(),
            outcome,
            effect,
            note: note.map(str::to_owned),
        })
    };
    if tree == new {
        return None; // already as the template wants it (or gone from both)
    }
    if base == new {
        // The template did not change it; the service did.
        let note = if tree.is_none() {
            NOTE_DELETED_HERE
        } else {
            NOTE_ONLY_HERE
        };
        return make(Outcome::Kept, Effect::Nothing, Some(note));
    }
    if tree == base {
        // The service never changed it: the template's change applies as is.
        return match (base, new) {
            (_, None) => make(Outcome::Deleted, Effect::Remove, None),
            (None, Some(new)) => make(Outcome::Created, Effect::Write(new.to_vec()), None),
            (Some(_), Some(new)) => make(Outcome::Replaced, Effect::Write(new.to_vec()), None),
        };
    }
    // Both changed it (and differently).
    let (Some(tree), Some(new)) = (tree, new) else {
        return match tree {
            Some(_) => make(Outcome::Kept, Effect::Nothing, Some(NOTE_REMOVED_CHANGED)),
            None => make(
                Outcome::Conflict,
                Effect::Nothing,
                Some(NOTE_CHANGED_DELETED),
            ),
        };
    };
    if is_lockfile(path) {
        let note = format!(
            "lockfile changed here and by the template: yours kept, regenerate it: {}",
            regenerate_command(path)
        );
        return make(Outcome::Kept, Effect::Nothing, Some(&note));
    }
    let texts = (
        std::str::from_utf8(base.unwrap_or_default()),
        std::str::from_utf8(tree),
        std::str::from_utf8(new),
    );
    let (Ok(base_text), Ok(tree_text), Ok(new_text)) = texts else {
        return make(Outcome::Conflict, Effect::Nothing, Some(NOTE_BINARY));
    };
    match merge(base_text, tree_text, new_text) {
        Ok(merged) => make(Outcome::Merged, Effect::Write(merged.into_bytes()), None),
        Err(marked) => {
            let note = if base.is_none() {
                NOTE_ADDED_BOTH
            } else {
                NOTE_MARKERS
            };
            make(
                Outcome::Conflict,
                Effect::Write(marked.into_bytes()),
                Some(note),
            )
        }
    }
}

/// The line-wise 3-way merge; `Err` holds the text with git's usual `<<<<<<<`/`=======`/`>>>>>>>` markers.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<String, String> {
    MergeOptions::new()
        .set_conflict_style(ConflictStyle::Merge)
        .merge(base, ours, theirs)
}

/// Files removed by the template whose BASE content a file it added has in NEW.
fn renames(base: &FileMap, new: &FileMap) -> Vec<Rename> {
    let removed = base.iter().filter(|(path, _)| !new.contains_key(*path));
    let mut taken = BTreeSet::new();
    let mut renames = Vec::new();
    for (from, content) in removed {
        let added = new.iter().find(|(path, added)| {
            !base.contains_key(*path) && *added == content && !taken.contains(*path)
        });
        if let Some((to, _)) = added {
            taken.insert(to.clone());
            renames.push(Rename {
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    renames
}

#[cfg(test)]
mod tests;
