//! `cargo xtask openapi`: refreshes template/openapi.json, the API description every generated service starts
//! with checked in (its `tests/api/openapi.rs` fails when the server serves anything else).
//!
//! The description depends on the answers that add or guard routes (`example_api`, `auth`), so the template holds
//! one per combination, chosen by Liquid as template/Cargo.lock does, each written by its own service's test
//! (`UPDATE_OPENAPI=1`) and with the service's name and description put back as placeholders.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::{
    generate,
    lock::{liquid_choice, COMBINATIONS},
    paths,
    steps::cargo,
};

/// The name and description every description is made under (put back as `{{project-name}}`, `{{description}}`).
const SERVICE: &str = "contract-probe-api";
const DESCRIPTION: &str = "contract probe description";

/// The `description` answer as a JSON string's content: its quotes and backslashes escaped (as in Cargo.toml and
/// infra/service.config.json, whose strings escape the same two characters the same way).
pub const ESCAPED_DESCRIPTION: &str =
    r#"{{ description | replace: '\', '\\' | replace: '"', '\"' }}"#;

/// An OpenAPI 3.1 description with no operations.
const EMPTY_DESCRIPTION: &str =
    r#"{"openapi": "3.1.0", "info": {"title": "empty", "version": "0"}, "paths": {}}"#;

pub fn run() -> Result<()> {
    let workdir = paths::work_dir("openapi")?;
    let mut described = Vec::new();
    for (index, (condition, defines)) in COMBINATIONS.iter().enumerate() {
        let mut defines: Vec<String> = defines.iter().map(|d| (*d).to_owned()).collect();
        defines.push(format!("description={DESCRIPTION}"));
        let dir = generate::service(SERVICE, &workdir.join(index.to_string()), &defines)?;
        // The service's typed client (client/, a dev-dependency) is generated from openapi.json when the test
        // builds: an empty description there first, so an out-of-date one cannot stop the build that replaces it.
        std::fs::write(dir.join("openapi.json"), EMPTY_DESCRIPTION)
            .context("seeding openapi.json")?;
        write_description(&dir)?;
        let spec = std::fs::read_to_string(dir.join("openapi.json"))
            .with_context(|| format!("reading {}/openapi.json", dir.display()))?;
        described.push((*condition, templated(&spec)?));
    }
    let template = liquid_choice(&described);
    let target = paths::repo_root().join("template").join("openapi.json");
    std::fs::write(&target, template).with_context(|| format!("writing {}", target.display()))?;
    println!("wrote {}", target.display());
    Ok(())
}

/// Runs the service's checked-in-description test in its writing mode.
fn write_description(dir: &Path) -> Result<()> {
    let args = ["nextest", "run", "--locked", "--test", "api", "checked_in"];
    let status = cargo(&args)
        .current_dir(dir)
        .env("UPDATE_OPENAPI", "1")
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed in {}", args.join(" "), dir.display());
    }
    Ok(())
}

/// `spec` with the probe's name and description as placeholders; refuses a description with Liquid in it.
fn templated(spec: &str) -> Result<String> {
    if spec.contains("{{") || spec.contains("{%") {
        bail!("the description contains Liquid syntax, which rendering would change");
    }
    if !spec.contains(SERVICE) {
        bail!("the description does not name the service {SERVICE}");
    }
    Ok(spec
        .replace(SERVICE, "{{project-name}}")
        .replace(DESCRIPTION, ESCAPED_DESCRIPTION))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_and_description_become_placeholders() {
        let spec = format!(r#"{{"info":{{"title":"{SERVICE}","description":"{DESCRIPTION}"}}}}"#);
        assert_eq!(
            templated(&spec).expect("templated"),
            format!(
                r#"{{"info":{{"title":"{{{{project-name}}}}","description":"{ESCAPED_DESCRIPTION}"}}}}"#
            )
        );
        assert!(templated(r#"{"info":{"title":"other"}}"#).is_err());
        assert!(templated(&format!(r#"{{"x":"{{{{ {SERVICE} }}}}"}}"#)).is_err());
    }
}
