//! The harness's proof that a team's service takes a newer template and keeps its own work: a service generated
//! from this checkout's template gets a team's edits (a new route, with the description refreshed, and a tighter
//! alarm threshold), then `serverless-axum upgrade` takes it to a changed copy of the template (a workflow step, a
//! line of `src/main.rs`, a new runbook). The merge must be clean, both sides' changes present, the service's
//! tests green, and `serverless-axum check` clean against the new template.
//!
//! [`run_from_previous`] does it across real history: a service generated from the previous version of this
//! repository's template (its newest `v*` tag, else HEAD's parent) upgrades to this one and is then, byte for byte,
//! what a fresh generation gives.
//!
//! The CLI's own tests cover each merge rule (conflicts, removals, lockfiles, a dirty tree) on small edits; these
//! are the whole life of a service, down to its test suite.

use std::{path::Path, process::Command};

use anyhow::{bail, ensure, Context, Result};

use crate::probe_repo::{self, git, read, replace_once, run_in};
use crate::{generate, paths, steps::cargo};

const SERVICE: &str = "upgrade-probe";

/// What the newer template changes, each a `(file under template/, old text, new text)`.
const TEMPLATE_CHANGES: [(&str, &str, &str); 2] = [
    (
        ".github/workflows/ci.yml",
        "      - name: cargo fmt --check\n",
        "      - name: cargo fmt --check (every package)\n",
    ),
    (
        "src/main.rs",
        "//! One binary, three homes:",
        "//! One binary, three places to run:",
    ),
];
/// A file the newer template adds.
const NEW_RUNBOOK: &str = "docs/runbooks/upgrade-probe.md";

/// The team's route, added after generation.
const EXTRA_ROUTE: &str = r#"//! `GET /v1/greeting`: a route the team added after generation.

use axum::Json;

/// A greeting.
#[utoipa::path(get, path = "/v1/greeting", tag = "meta", responses((status = 200, description = "Hello", body = String)))]
pub async fn greeting() -> Json<&'static str> {
    Json("hello")
}
"#;

/// Runs the probe in `workdir`, with the `serverless-axum` binary at `cli`.
pub fn run(workdir: &Path, cli: &Path) -> Result<()> {
    let newer = workdir.join("newer-platform");
    stage_newer_template(&newer)?;

    let defines = ["example_api=false".to_owned(), "auth=none".to_owned()];
    let dir = generate::service(SERVICE, &workdir.join("service"), &defines)?;
    git(&dir, &["init", "--quiet"])?;
    commit(&dir, "generated")?;

    add_route(&dir)?;
    tighten_an_alarm(&dir)?;
    // The team refreshes the checked-in description after adding a route, as its tests ask.
    run_in(
        &dir,
        cargo(&["nextest", "run", "--locked", "--test", "api", "checked_in"])
            .env("UPDATE_OPENAPI", "1"),
    )?;
    commit(&dir, "a greeting route and a tighter alarm")?;

    let root = paths::repo_root();
    let upgraded = Command::new(cli)
        .args(["upgrade", "--from"])
        .arg(&root)
        .arg("--to")
        .arg(&newer)
        .current_dir(&dir)
        .status()
        .context("running serverless-axum upgrade")?;
    ensure!(
        upgraded.success(),
        "serverless-axum upgrade did not merge cleanly"
    );

    for (file, _, new) in TEMPLATE_CHANGES {
        let text = read(&dir.join(file))?;
        ensure!(
            text.contains(new.trim_end()),
            "{file} lacks the newer template's change"
        );
    }
    ensure!(
        dir.join(NEW_RUNBOOK).is_file(),
        "the newer template's {NEW_RUNBOOK} is missing"
    );
    ensure!(
        read(&dir.join("src/routes/extra.rs"))? == EXTRA_ROUTE,
        "the team's route file changed"
    );
    ensure!(
        read(&dir.join("src/routes/mod.rs"))?.contains("routes!(extra::greeting)"),
        "the team's route is no longer registered"
    );

    run_in(&dir, &mut cargo(&["nextest", "run", "--locked"]))?;
    let checked = Command::new(cli)
        .args(["check", "--template"])
        .arg(&newer)
        .current_dir(&dir)
        .status()
        .context("running serverless-axum check")?;
    ensure!(
        checked.success(),
        "serverless-axum check finds drift after the upgrade"
    );
    Ok(())
}

/// A copy of this checkout's template (with its root `cargo-generate.toml`) carrying [`TEMPLATE_CHANGES`] and
/// [`NEW_RUNBOOK`]: the next version of the platform, as far as the service can tell.
fn stage_newer_template(newer: &Path) -> Result<()> {
    serverless_axum::template::stage_template(&paths::repo_root(), newer)?;
    for (file, old, new) in TEMPLATE_CHANGES {
        replace_once(&newer.join("template").join(file), old, new)?;
    }
    std::fs::write(
        newer.join("template").join(NEW_RUNBOOK),
        "# Upgrade probe\n\nA page the newer template adds.\n",
    )?;
    Ok(())
}

fn add_route(dir: &Path) -> Result<()> {
    std::fs::write(dir.join("src/routes/extra.rs"), EXTRA_ROUTE)?;
    let routes = dir.join("src/routes/mod.rs");
    replace_once(&routes, "mod docs;\n", "mod docs;\nmod extra;\n")?;
    replace_once(
        &routes,
        ".routes(routes!(health::health))",
        ".routes(routes!(health::health))\n        .routes(routes!(extra::greeting))",
    )
}

/// Halves the threshold of the first alarm that has one.
fn tighten_an_alarm(dir: &Path) -> Result<()> {
    let alarms = dir.join("alarms");
    for entry in
        std::fs::read_dir(&alarms).with_context(|| format!("reading {}", alarms.display()))?
    {
        let path = entry?.path();
        let text = read(&path)?;
        let Some(start) = text.find("\"threshold\": ") else {
            continue;
        };
        let value_start = start + "\"threshold\": ".len();
        let value_end = text[value_start..]
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map(|end| value_start + end)
            .context("a threshold's number")?;
        let value: f64 = text[value_start..value_end].parse()?;
        let tightened = format!(
            "{}{}{}",
            &text[..value_start],
            value / 2.0,
            &text[value_end..]
        );
        std::fs::write(&path, tightened)?;
        return Ok(());
    }
    bail!("no alarm with a threshold under {}", alarms.display())
}

fn commit(dir: &Path, message: &str) -> Result<()> {
    probe_repo::commit(dir, "upgrade probe", message)
}

/// The previous version of this repository (its newest `v*` tag, else HEAD's parent) renders a service that
/// `serverless-axum upgrade` takes to this checkout's template: cleanly, and to exactly what a fresh generation
/// gives. `Ok(None)` when that version predates the record upgrades need (`.serverless-axum.toml`).
pub fn run_from_previous(workdir: &Path, cli: &Path) -> Result<Option<String>> {
    let root = paths::repo_root();
    let git_output = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(&root)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let reference = git_output(&["describe", "--tags", "--abbrev=0", "--match", "v*"])
        .filter(|tag| !tag.is_empty())
        .unwrap_or_else(|| "HEAD~1".to_owned());
    let record = format!("{reference}:template/.serverless-axum.toml");
    if git_output(&["cat-file", "-e", &record]).is_none() {
        return Ok(None);
    }

    let previous = workdir.join("previous-platform");
    std::fs::create_dir_all(&previous)?;
    let archive = format!(
        "git archive {reference} cargo-generate.toml template | tar -x -C '{}'",
        previous.display()
    );
    run_in(&root, Command::new("sh").args(["-c", &archive]))?;

    let defines: Vec<String> = Vec::new();
    let dir = generate::service_from(&previous, SERVICE, &workdir.join("service"), &defines)?;
    git(&dir, &["init", "--quiet"])?;
    commit(&dir, "generated from the previous version")?;
    let upgraded = Command::new(cli)
        .args(["upgrade", "--from"])
        .arg(&previous)
        .arg("--to")
        .arg(&root)
        .current_dir(&dir)
        .status()
        .context("running serverless-axum upgrade")?;
    ensure!(
        upgraded.success(),
        "the upgrade from {reference} did not merge cleanly"
    );

    let fresh = generate::service(SERVICE, &workdir.join("fresh"), &defines)?;
    let (upgraded, fresh) = (tree(&dir)?, tree(&fresh)?);
    let differing: Vec<&String> = upgraded
        .keys()
        .chain(fresh.keys())
        .filter(|path| upgraded.get(*path) != fresh.get(*path))
        .collect();
    ensure!(
        differing.is_empty(),
        "upgraded from {reference}, the service differs from a fresh generation in {differing:?}"
    );
    Ok(Some(reference))
}

/// Every file under `dir` but `.git`, by its path relative to `dir`.
fn tree(dir: &Path) -> Result<std::collections::BTreeMap<String, Vec<u8>>> {
    let mut files = std::collections::BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.file_name().is_some_and(|name| name == ".git") {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(dir)?.display().to_string();
                files.insert(relative, std::fs::read(&path)?);
            }
        }
    }
    Ok(files)
}
