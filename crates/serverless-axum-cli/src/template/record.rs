//! `.serverless-axum.toml`: which template made a service (repository and tag), with which answers, and which
//! of its files the template owns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use super::source::TemplateSource;

/// The record's file name, at the root of every generated service.
pub const RECORD_FILE: &str = ".serverless-axum.toml";

/// The answer that is cargo-generate's `--name`, not a `--define`.
const NAME: &str = "project-name";

#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub template: TemplateRef,
    pub answers: Answers,
    #[serde(default)]
    pub owned: Owned,
}

/// The platform repository and the tag its template was taken from.
#[derive(Debug, Clone, Deserialize)]
pub struct TemplateRef {
    pub repository: String,
    pub version: String,
}

/// Globs of the files the template owns (`*` within a folder, `**` across folders).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Owned {
    #[serde(default)]
    pub files: Vec<String>,
}

/// Every answer given at generation: strings or booleans, by placeholder name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<String, toml::Value>);

impl Record {
    /// Reads `<service>/.serverless-axum.toml`; the error says when the folder is not a generated service.
    pub fn load(service: &Path) -> Result<Self> {
        let file = service.join(RECORD_FILE);
        let text = std::fs::read_to_string(&file).with_context(|| {
            format!(
                "reading {} (run this in the root of a service generated from the serverless-axum template)",
                file.display()
            )
        })?;
        Self::parse(&text).with_context(|| format!("reading {}", file.display()))
    }

    pub fn parse(text: &str) -> Result<Self> {
        let record: Self = toml::from_str(text)?;
        record.answers.name()?;
        Ok(record)
    }

    /// Where the recorded version of the template is: the local platform checkout the service was generated
    /// against when it records one (`platform_path`: the harness, the demo, a platform developer's service), else
    /// the recorded tag of the recorded repository.
    pub fn recorded_source(&self) -> TemplateSource {
        match self.answers.0.get("platform_path") {
            Some(toml::Value::String(path)) if !path.is_empty() => {
                TemplateSource::Local(PathBuf::from(path))
            }
            _ => TemplateSource::Git {
                repository: self.template.repository.clone(),
                tag: self.template.version.clone(),
            },
        }
    }

    /// The matcher of `[owned].files`.
    pub fn owned_matcher(&self) -> Result<GlobSet> {
        let mut set = GlobSetBuilder::new();
        for pattern in &self.owned.files {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .with_context(|| format!("[owned].files: invalid glob `{pattern}`"))?;
            set.add(glob);
        }
        Ok(set.build()?)
    }
}

impl Answers {
    /// The service's name (`project-name`).
    pub fn name(&self) -> Result<&str> {
        match self.0.get(NAME) {
            Some(toml::Value::String(name)) => Ok(name),
            _ => bail!("[answers] has no `{NAME}` string"),
        }
    }

    /// Every answer but the name, as cargo-generate's `key=value` defines.
    pub fn defines(&self) -> Result<Vec<String>> {
        self.0
            .iter()
            .filter(|(key, _)| key.as_str() != NAME)
            .map(|(key, value)| match value {
                toml::Value::String(text) => Ok(format!("{key}={text}")),
                toml::Value::Boolean(flag) => Ok(format!("{key}={flag}")),
                other => bail!("[answers].{key}: a string or a boolean, not {other}"),
            })
            .collect()
    }

    /// The same answers with one string answer set.
    pub fn with(&self, key: &str, value: &str) -> Self {
        let mut answers = self.clone();
        answers
            .0
            .insert(key.to_owned(), toml::Value::String(value.to_owned()));
        answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"
[template]
repository = "https://github.com/acme/serverless-axum"
version = "v0.1.0"
[answers]
project-name = "orders-api"
description = "A \"quoted\" API"
platform_version = "v0.1.0"
platform_path = ""
example_api = true
[owned]
files = [".github/workflows/*.yml", "src/main.rs", "gitops/src/**"]
"#;

    #[test]
    fn the_recorded_version_is_the_recorded_checkout_when_there_is_one_else_the_tag() {
        let tagged = Record::parse(RECORD).expect("a record");
        assert_eq!(
            tagged.recorded_source(),
            TemplateSource::Git {
                repository: tagged.template.repository.clone(),
                tag: tagged.template.version.clone(),
            }
        );
        let local = Record::parse(
            &RECORD.replace("platform_path = \"\"", "platform_path = \"/src/platform\""),
        )
        .expect("a record");
        assert_eq!(
            local.recorded_source(),
            TemplateSource::Local(PathBuf::from("/src/platform"))
        );
    }

    #[test]
    fn answers_become_defines_and_the_name_is_apart() {
        let record = Record::parse(RECORD).expect("a valid record");
        assert_eq!(record.answers.name().expect("a name"), "orders-api");
        assert_eq!(
            record.answers.defines().expect("defines"),
            [
                "description=A \"quoted\" API",
                "example_api=true",
                "platform_path=",
                "platform_version=v0.1.0",
            ]
        );
        let bumped = record.answers.with("platform_version", "v0.2.0");
        assert!(bumped
            .defines()
            .expect("defines")
            .contains(&"platform_version=v0.2.0".to_owned()));
    }

    #[test]
    fn owned_globs_keep_a_single_star_within_a_folder() {
        let owned = Record::parse(RECORD)
            .expect("a valid record")
            .owned_matcher()
            .expect("valid globs");
        assert!(owned.is_match(".github/workflows/ci.yml"));
        assert!(!owned.is_match(".github/workflows/nested/ci.yml"));
        assert!(owned.is_match("src/main.rs"));
        assert!(!owned.is_match("src/routes/main.rs"));
        assert!(owned.is_match("gitops/src/a/b/c.ts"));
        assert!(!owned.is_match("gitops/package.json"));
    }

    #[test]
    fn a_record_without_a_name_is_refused() {
        let text = RECORD.replace("project-name = \"orders-api\"\n", "");
        assert!(Record::parse(&text).is_err());
    }
}
