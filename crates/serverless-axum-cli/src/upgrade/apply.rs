//! Carrying out a plan on the service's folder: it only writes and removes the files the plan names.

use std::path::Path;

use anyhow::{Context, Result};

use super::plan::{Effect, Outcome, Plan};

/// Applies `plan` under `service`; files the template creates or replaces get the permissions they have in the
/// NEW rendering (`new_root`), so scripts stay executable.
pub fn apply(service: &Path, plan: &Plan, new_root: &Path) -> Result<()> {
    for step in &plan.steps {
        let file = service.join(&step.path);
        match &step.effect {
            Effect::Nothing => {}
            Effect::Write(bytes) => {
                if let Some(parent) = file.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("creating {}", parent.display()))?;
                }
                std::fs::write(&file, bytes)
                    .with_context(|| format!("writing {}", file.display()))?;
                if matches!(step.outcome, Outcome::Created | Outcome::Replaced) {
                    copy_permissions(&new_root.join(&step.path), &file)?;
                }
            }
            Effect::Remove => {
                std::fs::remove_file(&file)
                    .with_context(|| format!("removing {}", file.display()))?;
                remove_empty_parents(service, &file);
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to `service/<path>` with the permissions of `new_root/<path>`.
pub fn write_like(service: &Path, path: &str, bytes: &[u8], new_root: &Path) -> Result<()> {
    let file = service.join(path);
    std::fs::write(&file, bytes).with_context(|| format!("writing {}", file.display()))?;
    copy_permissions(&new_root.join(path), &file)
}

fn copy_permissions(from: &Path, to: &Path) -> Result<()> {
    if let Ok(metadata) = std::fs::metadata(from) {
        std::fs::set_permissions(to, metadata.permissions())
            .with_context(|| format!("setting the permissions of {}", to.display()))?;
    }
    Ok(())
}

/// Removes the folders a deletion left empty, up to (not including) the service's root.
fn remove_empty_parents(service: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == service || std::fs::remove_dir(current).is_err() {
            break; // the root, or not empty
        }
        dir = current.parent();
    }
}
