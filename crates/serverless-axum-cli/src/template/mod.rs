//! A service's template, rendered again: the record a service keeps of the template that made it
//! (`.serverless-axum.toml`), where a template version comes from (a local platform checkout or a git tag), and
//! rendering it with cargo-generate (as a library) into a temporary folder, with the recorded answers.
//!
//! Shared by `check` (the template at the recorded version against the working tree) and `upgrade` (two versions,
//! merged into the working tree), and, through the crate's library, by the template repository's harness.

mod files;
mod record;
mod render;
mod source;

pub use files::{read_paths, read_tree, FileMap};
pub use record::{Answers, Record, RECORD_FILE};
pub use render::{copy_tree, generate_into, render, stage_template};
pub use source::TemplateSource;
