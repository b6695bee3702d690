//! `cargo xtask lock`: refreshes template/Cargo.lock, the lockfile every generated service starts with, so that
//! its CI can build `--locked` from the first push.
//!
//! Dependencies are resolved once, for the template's rust-version, in the combination of answers with every
//! dependency; each other combination's lockfile is that one pruned to what it uses (`cargo update --workspace`
//! changes nothing else). The template holds one lockfile per combination of the answers that change
//! dependencies (`example_api`, `auth`), chosen by Liquid, with the service's own name put back as the
//! `{{project-name}}` placeholder.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::{generate, paths, steps::cargo};

/// The answers that change the service's dependencies, each with the Liquid condition that picks its lockfile
/// (the first that holds wins, so the most specific comes first). The first one has every dependency.
pub const COMBINATIONS: [(&str, [&str; 2]); 4] = [
    (
        "example_api and auth == \"jwt\"",
        ["example_api=true", "auth=jwt"],
    ),
    ("example_api", ["example_api=true", "auth=none"]),
    ("auth == \"jwt\"", ["example_api=false", "auth=jwt"]),
    ("true", ["example_api=false", "auth=none"]),
];

/// The service name every lockfile is made under (put back as the `{{project-name}}` placeholder).
const SERVICE: &str = "lock-probe";

pub fn run() -> Result<()> {
    let workdir = tempfile::Builder::new().prefix("lock-").tempdir()?;
    // The fullest combination keeps the versions the template's lockfile already pins (its dependencies are only
    // added, never upgraded: `--workspace`); every other one is that lockfile pruned to what it uses.
    let mut locks = Vec::new();
    let mut full_lock: Option<String> = None;
    for (index, (condition, defines)) in COMBINATIONS.iter().enumerate() {
        let defines: Vec<String> = defines.iter().map(|d| (*d).to_owned()).collect();
        let dir = generate::service(SERVICE, &workdir.path().join(index.to_string()), &defines)?;
        if let Some(full) = &full_lock {
            std::fs::write(dir.join("Cargo.lock"), full).context("seeding a lockfile")?;
        }
        cargo_in(&dir, &["update", "--workspace"])?;
        let lock = read_lock(&dir)?;
        full_lock.get_or_insert_with(|| lock.clone());
        locks.push((*condition, templated_lock(&lock, SERVICE)?));
    }
    let templated = liquid_choice(&locks);
    let target = paths::repo_root().join("template").join("Cargo.lock");
    std::fs::write(&target, templated).with_context(|| format!("writing {}", target.display()))?;
    println!("wrote {}", target.display());
    Ok(())
}

/// One text per combination, each chosen by its Liquid condition (in [`COMBINATIONS`]' order: the first that
/// holds wins, the last is the `else`). Each text ends with its final newline, which the next tag keeps.
pub fn liquid_choice(texts: &[(&str, String)]) -> String {
    let mut template = String::new();
    for (index, (condition, text)) in texts.iter().enumerate() {
        let tag = match index {
            0 => format!("{{% if {condition} -%}}\n"),
            _ if index == texts.len() - 1 => "{% else -%}\n".to_owned(),
            _ => format!("{{% elsif {condition} -%}}\n"),
        };
        template.push_str(&tag);
        template.push_str(text);
    }
    template.push_str("{% endif -%}\n");
    template
}

fn cargo_in(dir: &Path, args: &[&str]) -> Result<()> {
    let status = cargo(args)
        .current_dir(dir)
        .env("CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS", "fallback")
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed in {}", args.join(" "), dir.display());
    }
    Ok(())
}

fn read_lock(dir: &Path) -> Result<String> {
    std::fs::read_to_string(dir.join("Cargo.lock"))
        .with_context(|| format!("reading {}/Cargo.lock", dir.display()))
}

fn own_entry(service: &str) -> String {
    format!("name = \"{service}\"\n")
}

fn templated_lock(lock: &str, service: &str) -> Result<String> {
    if lock.matches(&own_entry(service)).count() != 1 {
        bail!("expected exactly one lockfile entry named {service}");
    }
    // The service's typed client (client/) is named after it: its entry, and the service's dependency on it.
    let client = format!("\"{service}-client\"");
    Ok(lock
        .replace(&own_entry(service), "name = \"{{project-name}}\"\n")
        .replace(&client, "\"{{project-name}}-client\""))
}

#[cfg(test)]
mod liquid_choice_tests {
    use super::*;

    #[test]
    fn the_first_condition_opens_the_last_text_is_the_else() {
        let texts = [
            ("a", "one\n".to_owned()),
            ("b", "two\n".to_owned()),
            ("true", "three\n".to_owned()),
        ];
        assert_eq!(
            liquid_choice(&texts),
            "{% if a -%}\none\n{% elsif b -%}\ntwo\n{% else -%}\nthree\n{% endif -%}\n"
        );
    }
}
