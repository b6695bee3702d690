//! The kit's modules depend one way: a module's file names other modules through `crate::…` and `super::…`
//! paths (in `use` declarations and inline), and those references must form no cycle, neither between module
//! files nor between the top-level modules they belong to. `#[cfg(test)]` modules at the end of a file are not
//! read: tests may look anywhere.
//!
//! Kept here rather than taken from a tool: `cargo-modules` is a CLI built on rust-analyzer (many minutes to
//! build, no library API), while this check needs only the `crate::`/`super::` edges of one small crate.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use anyhow::{Context, Result};

/// A module path such as `telemetry::logs` (`""` is the crate root).
type Module = String;

/// Module → the modules its file refers to.
pub type Graph = BTreeMap<Module, BTreeSet<Module>>;

/// The module graph of the crate whose `src/` is `src`.
pub fn of_crate(src: &Path) -> Result<Graph> {
    let mut files = Vec::new();
    collect(src, src, &mut files)?;
    let modules: BTreeSet<Module> = files.iter().map(|(module, _)| module.clone()).collect();
    let mut graph = Graph::new();
    for (module, text) in &files {
        let code = without_tests(text);
        let mut edges = BTreeSet::new();
        for path in paths_in(&code) {
            if let Some(target) = resolve(module, &path, &modules) {
                if &target != module {
                    edges.insert(target);
                }
            }
        }
        graph.insert(module.clone(), edges);
    }
    Ok(graph)
}

/// The same graph with every module folded into its top-level module (`telemetry::logs` → `telemetry`).
pub fn top_level(graph: &Graph) -> Graph {
    let top = |module: &str| module.split("::").next().unwrap_or_default().to_owned();
    let mut folded = Graph::new();
    for (module, edges) in graph {
        let from = top(module);
        let entry = folded.entry(from.clone()).or_default();
        for to in edges.iter().map(|edge| top(edge)) {
            if to != from && !to.is_empty() && !from.is_empty() {
                entry.insert(to);
            }
        }
    }
    folded
}

/// One cycle of `graph` (its modules in order), if it has any.
pub fn find_cycle(graph: &Graph) -> Option<Vec<Module>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &Module,
        graph: &Graph,
        marks: &mut BTreeMap<Module, Mark>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = stack.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.clone());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

/// Every `.rs` file under `dir` as (module path, text).
fn collect(src: &Path, dir: &Path, out: &mut Vec<(Module, String)>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(src, &path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let relative = path.strip_prefix(src).unwrap_or(&path).with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            out.push((parts.join("::"), text));
        }
    }
    Ok(())
}

/// The file without comments and without its trailing `#[cfg(test)]` module.
fn without_tests(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path starting with `crate::` or `super::` in `code`, with `use` groups (`a::{b, c::d}`) expanded.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        if at_word_start && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let (expanded, end) = expand(&bytes, i);
            paths.extend(expanded);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    paths
}

/// Expands the path (or `use` tree) starting at `start`; returns the paths and where the tree ends.
fn expand(chars: &[char], start: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut i = start;
    loop {
        let begin = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        let segment: String = chars[begin..i].iter().collect();
        if !segment.is_empty() {
            prefix.push(segment);
        }
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
            if chars.get(i) == Some(&'{') {
                let mut paths = Vec::new();
                i += 1;
                loop {
                    while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                        i += 1;
                    }
                    if i >= chars.len() || chars[i] == '}' {
                        return (paths, i + 1);
                    }
                    let (inner, end) = expand(chars, i);
                    for path in inner {
                        let mut full = prefix.clone();
                        full.extend(path.into_iter().filter(|segment| segment != "self"));
                        paths.push(full);
                    }
                    // `*`, `as` and anything else that is not a path: step over it.
                    i = end.max(i + 1);
                }
            }
            continue;
        }
        return (vec![prefix], i);
    }
}

/// The module of `path` as seen from `from`: the longest prefix that names a module file.
fn resolve(from: &str, path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    let mut base: Vec<String> = Vec::new();
    let mut segments = path.iter().peekable();
    match segments.next().map(String::as_str) {
        Some("crate") => {}
        Some("super") => {
            base = from
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            base.pop();
            while segments.peek().is_some_and(|s| s.as_str() == "super") {
                segments.next();
                base.pop();
            }
        }
        _ => return None,
    }
    let mut best = base.join("::");
    for segment in segments {
        base.push(segment.clone());
        let candidate = base.join("::");
        if modules.contains(&candidate) {
            best = candidate;
        } else {
            break;
        }
    }
    modules.contains(&best).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &[&str])]) -> Graph {
        edges
            .iter()
            .map(|(from, to)| {
                (
                    (*from).to_owned(),
                    to.iter().map(|t| (*t).to_owned()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn use_trees_are_expanded_and_resolved_to_module_files() {
        let modules: BTreeSet<Module> =
            ["", "http", "http::problem", "telemetry", "telemetry::logs"]
                .iter()
                .map(|m| (*m).to_owned())
                .collect();
        let code = "use crate::{http::problem::{Problem, TYPE}, telemetry};\nuse super::logs::X;\nlet _ = crate::http::f();";
        let resolved: BTreeSet<Module> = paths_in(code)
            .iter()
            .filter_map(|path| resolve("telemetry::access_log", path, &modules))
            .collect();
        let expected: BTreeSet<Module> = ["http", "http::problem", "telemetry", "telemetry::logs"]
            .iter()
            .map(|m| (*m).to_owned())
            .collect();
        assert_eq!(resolved, expected);
    }

    #[test]
    fn a_cycle_is_found_and_a_dag_passes() {
        let cyclic = graph(&[("app", &["routes"]), ("routes", &["app"])]);
        assert!(find_cycle(&cyclic).is_some());
        let folded = top_level(&graph(&[
            ("http::middleware", &["telemetry"]),
            ("telemetry::access_log", &["http::problem"]),
        ]));
        assert!(find_cycle(&folded).is_some(), "http <-> telemetry");
        let dag = graph(&[("app", &["routes", "state"]), ("routes", &["state"])]);
        assert_eq!(find_cycle(&dag), None);
    }

    #[test]
    fn the_kit_has_no_module_cycles() {
        let src = crate::paths::repo_root().join("crates/serverless-axum-kit/src");
        let files = of_crate(&src).expect("the kit's sources");
        assert!(files.len() > 10, "read the kit: {files:?}");
        assert_eq!(find_cycle(&files), None, "module files: {files:#?}");
        let modules = top_level(&files);
        assert_eq!(
            find_cycle(&modules),
            None,
            "top-level modules: {modules:#?}"
        );
    }
}
