//! Folder trees as maps of relative path (with `/`) to content.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

/// Files by relative path (`/`-separated), with their bytes.
pub type FileMap = BTreeMap<String, Vec<u8>>;

/// Every file under `root`.
pub fn read_tree(root: &Path) -> Result<FileMap> {
    let mut files = FileMap::new();
    walk(root, "", &mut files)?;
    Ok(files)
}

/// Those of `paths` that exist as files under `root`.
pub fn read_paths<'a>(root: &Path, paths: impl IntoIterator<Item = &'a String>) -> Result<FileMap> {
    let mut files = FileMap::new();
    for path in paths {
        let file = root.join(path);
        if file.is_file() {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            files.insert(path.clone(), bytes);
        }
    }
    Ok(files)
}

fn walk(dir: &Path, prefix: &str, files: &mut FileMap) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        let path = entry.path();
        if path.is_dir() {
            walk(&path, &format!("{relative}/"), files)?;
        } else if path.is_file() {
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            files.insert(relative, bytes);
        }
    }
    Ok(())
}
