//! The platform's operations contract, `packages/cdk/src/contracts/operations.json`: how the CDK library names a
//! service environment's stacks, function, API, dashboard and alarms, its `live` alias, and the delivery metrics.
//! The CDK library reads the same file (its `contracts` module), so the names this tool looks up are the names the
//! stacks were given, never retyped here.

use std::sync::LazyLock;

use anyhow::{bail, Context, Result};
use regex::Regex;
use serde::Deserialize;

/// The file, compiled in: the tool of a platform release reads the names of the same release.
const OPERATIONS_JSON: &str =
    include_str!("../../../../packages/cdk/src/contracts/operations.json");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operations {
    pub names: NamePatterns,
    pub environments: Environments,
    pub live_alias: String,
    pub metric_dimensions: [String; 2],
    pub delivery: Delivery,
}

/// Name patterns with `{service}`, `{env}`, `{kind}` and `{id}` placeholders.
#[derive(Debug, Deserialize)]
pub struct NamePatterns {
    pub stack: String,
    pub function: String,
    pub api: String,
    pub stage: String,
    pub dashboard: String,
    pub alarm: String,
}

#[derive(Debug, Deserialize)]
pub struct Environments {
    pub prod: String,
    /// A regular expression for `pr-<n>`.
    pub preview: String,
}

/// DORA's four keys as CloudWatch metrics.
#[derive(Debug, Deserialize)]
pub struct Delivery {
    pub namespace: String,
    pub metrics: DeliveryMetrics,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryMetrics {
    pub deployments: DeliveryMetric,
    pub failed_deployments: DeliveryMetric,
    pub lead_time: DeliveryMetric,
    pub time_to_restore: DeliveryMetric,
}

#[derive(Debug, Deserialize)]
pub struct DeliveryMetric {
    pub name: String,
    pub unit: String,
}

/// The contract, parsed once. The file is part of this build; a test proves it parses.
pub fn operations() -> &'static Operations {
    static PARSED: LazyLock<Operations> = LazyLock::new(|| {
        #[allow(clippy::expect_used)]
        // the compiled-in file parses: `tests::the_contract_parses` holds it
        serde_json::from_str(OPERATIONS_JSON).expect("operations.json parses")
    });
    &PARSED
}

impl Operations {
    /// The dimension naming the service (`Service`).
    pub fn service_dimension(&self) -> &str {
        &self.metric_dimensions[0]
    }

    /// The dimension naming the environment (`Environment`).
    pub fn environment_dimension(&self) -> &str {
        &self.metric_dimensions[1]
    }

    /// Whether `env` is an environment the platform deploys: `prod` or a preview, `pr-<n>`.
    pub fn check_environment(&self, env: &str) -> Result<()> {
        static PREVIEW: LazyLock<Option<Regex>> =
            LazyLock::new(|| Regex::new(&operations().environments.preview).ok());
        let preview = PREVIEW
            .as_ref()
            .context("the contract's preview pattern is not a regular expression")?;
        if env == self.environments.prod || preview.is_match(env) {
            Ok(())
        } else {
            bail!(
                "environment {env:?}: expected {:?} or a preview, pr-<number> (pattern {})",
                self.environments.prod,
                self.environments.preview
            )
        }
    }
}

/// `pattern` with each `{name}` replaced by its value; a placeholder without a value is an error.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .with_context(|| format!("name pattern {pattern:?}: unclosed {{"))?;
        let name = &after[..close];
        let value = values
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
            .with_context(|| format!("name pattern {pattern:?}: no value for {{{name}}}"))?;
        out.push_str(value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_parses() {
        let contract: Operations = serde_json::from_str(OPERATIONS_JSON).expect("parses");
        assert_eq!(contract.live_alias, "live");
        assert!(Regex::new(&contract.environments.preview).is_ok());
    }

    #[test]
    fn names_are_the_ones_the_cdk_library_gives() {
        // The same examples as packages/cdk/test/contracts.test.ts.
        let names = &operations().names;
        let prod = [("service", "orders-api"), ("env", "prod")];
        assert_eq!(
            fill(&names.function, &prod).expect("fills"),
            "orders-api-prod"
        );
        assert_eq!(fill(&names.api, &prod).expect("fills"), "orders-api-prod");
        assert_eq!(fill(&names.stage, &prod).expect("fills"), "prod");
        assert_eq!(
            fill(&names.dashboard, &prod).expect("fills"),
            "orders-api-prod"
        );
        let alarm = [
            ("service", "orders-api"),
            ("env", "prod"),
            ("id", "lambda-errors"),
        ];
        assert_eq!(
            fill(&names.alarm, &alarm).expect("fills"),
            "orders-api-prod-lambda-errors"
        );
        let stack = [("service", "orders-api"), ("env", "pr-7"), ("kind", "app")];
        assert_eq!(
            fill(&names.stack, &stack).expect("fills"),
            "orders-api-pr-7-app"
        );
    }

    #[test]
    fn a_placeholder_without_a_value_is_an_error() {
        let error = fill("{service}-{env}", &[("service", "a")]).expect_err("refused");
        assert!(error.to_string().contains("no value for {env}"), "{error}");
        assert!(fill("{service", &[("service", "a")]).is_err());
    }

    #[test]
    fn environments_are_prod_and_previews() {
        let contract = operations();
        for env in ["prod", "pr-1", "pr-1234567"] {
            assert!(contract.check_environment(env).is_ok(), "{env}");
        }
        for env in [
            "",
            "staging",
            "pr-0",
            "pr-01",
            "pr-12345678",
            "prod-1",
            "pr-7 ",
        ] {
            assert!(contract.check_environment(env).is_err(), "{env:?}");
        }
    }
}
