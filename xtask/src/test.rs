//! `cargo xtask test`: every variant generated into a temporary folder and checked the way its own CI checks it,
//! then the template repo's own checks.

use std::{path::Path, time::Instant};

use anyhow::{bail, Result};

use crate::{
    generate, paths, placeholders,
    steps::{cargo, Report},
    variants::{Variant, ALL},
};

pub fn run(only: &[String], skip_platform: bool) -> Result<()> {
    let selected: Vec<&Variant> = ALL
        .iter()
        .filter(|variant| only.is_empty() || only.iter().any(|label| label == variant.label))
        .collect();
    if selected.is_empty() {
        bail!("no variant named {only:?}");
    }
    let mut report = Report::default();
    let workdir = tempfile::Builder::new()
        .prefix("serverless-axum-")
        .tempdir()?;
    for variant in selected {
        check_variant(variant, workdir.path(), &mut report);
    }
    if !skip_platform {
        check_repo(&mut report);
    }
    if report.finish() {
        Ok(())
    } else {
        bail!("some checks failed")
    }
}

fn check_variant(variant: &Variant, workdir: &Path, report: &mut Report) {
    let label = variant.label;
    let started = Instant::now();
    let defines: Vec<String> = variant.defines.iter().map(|d| (*d).to_owned()).collect();
    let dir = match generate::service(variant.service, &workdir.join(label), &defines) {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!("{error:#}");
            report.record(&format!("{label}: generate"), false, started.elapsed());
            return;
        }
    };
    report.record(&format!("{label}: generate"), true, started.elapsed());

    let started = Instant::now();
    let leftovers = placeholders::scan(&dir).unwrap_or_else(|error| {
        eprintln!("{error:#}");
        vec![placeholders::Leftover {
            file: dir.clone(),
            line: 0,
            text: "scan failed".to_owned(),
        }]
    });
    for leftover in &leftovers {
        eprintln!(
            "unrendered: {}:{}: {}",
            leftover.file.display(),
            leftover.line,
            leftover.text
        );
    }
    report.record(
        &format!("{label}: no unrendered template syntax"),
        leftovers.is_empty(),
        started.elapsed(),
    );

    report.run(
        &format!("{label}: cargo fmt --check"),
        &dir,
        &mut cargo(&["fmt", "--check"]),
    );
    let mut clippy = vec!["clippy", "--all-targets"];
    if variant.locked {
        clippy.push("--locked");
    }
    clippy.extend(["--", "-D", "warnings"]);
    report.run(
        &format!("{label}: cargo clippy -D warnings"),
        &dir,
        &mut cargo(&clippy),
    );
    report.run(
        &format!("{label}: cargo nextest run"),
        &dir,
        &mut cargo(&["nextest", "run", "--no-fail-fast"]),
    );
}

fn check_repo(report: &mut Report) {
    let root = paths::repo_root();
    report.run(
        "repo: cargo fmt --check",
        &root,
        &mut cargo(&["fmt", "--all", "--check"]),
    );
    report.run(
        "repo: cargo clippy -D warnings",
        &root,
        &mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    );
    report.run(
        "repo: xtask unit tests",
        &root,
        &mut cargo(&["nextest", "run", "--workspace", "--locked"]),
    );
}
