//! One environment of the service in a folder: its names (from the platform's contract and the service's
//! `infra/service.config.json`), its alarms (`alarms/service.json`) and its metric catalog (`metrics/catalog.json`),
//! read from the same files the service's CDK app reads.

use std::path::Path;

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::contract::{fill, operations};

/// A service environment, as deployed by the service's CDK app.
#[derive(Debug, Clone)]
pub struct ServiceEnv {
    pub service: String,
    pub env: String,
    /// The region the service deploys to (`--region` overrides it).
    pub region: String,
    /// Prod has alarms, a dashboard and, on Lambda, the `live` alias (previews deploy all at once, without them).
    pub prod: bool,
    /// What the app stack runs the binary on: `lambda` or `fargate` (`compute` in service.config.json).
    pub compute: String,
    pub function: String,
    pub api: String,
    pub stage: String,
    pub dashboard: String,
    pub app_stack: String,
    pub live_alias: String,
    /// The environment's alarms (none in a preview).
    pub alarms: Vec<AlarmRef>,
    pub catalog: Catalog,
}

/// One alarm of `alarms/service.json` by its deployed name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlarmRef {
    pub id: String,
    pub name: String,
    /// `page` or `ticket`.
    pub severity: String,
    pub composite: bool,
}

impl AlarmRef {
    /// Whether the alarm wakes someone up: the ones a bake must keep in OK.
    pub fn pages(&self) -> bool {
        self.severity == "page"
    }
}

/// `metrics/catalog.json`: the custom metrics the service's code emits.
#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    pub namespace: String,
    pub metrics: Vec<CatalogMetric>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CatalogMetric {
    pub name: String,
    pub dimensions: Vec<String>,
}

impl Catalog {
    /// The catalog entry `name`; an error names the file when the service does not emit it.
    pub fn metric(&self, name: &str) -> Result<&CatalogMetric> {
        self.metrics
            .iter()
            .find(|m| m.name == name)
            .with_context(|| format!("metrics/catalog.json has no metric {name:?}"))
    }
}

/// The compute a config without `compute` runs on.
const DEFAULT_COMPUTE: &str = "lambda";

#[derive(Debug, Deserialize)]
struct ServiceConfig {
    service: String,
    region: String,
    #[serde(default)]
    compute: Option<String>,
    /// Every other key: the features (`"filesApi": true`) alarms may require.
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

#[derive(Debug, Deserialize)]
struct AlarmsFile {
    #[serde(default)]
    alarms: Vec<AlarmEntry>,
    #[serde(default)]
    composites: Vec<AlarmEntry>,
}

#[derive(Debug, Deserialize)]
struct AlarmEntry {
    id: String,
    severity: String,
    #[serde(default)]
    requires: Vec<String>,
}

impl ServiceEnv {
    /// Reads the service in `dir` for environment `env` (`prod` or `pr-<n>`).
    pub fn load(dir: &Path, env: &str, region: Option<&str>) -> Result<Self> {
        let contract = operations();
        contract.check_environment(env)?;
        let config: ServiceConfig = read_json(&dir.join("infra").join("service.config.json"))?;
        let catalog: Catalog = read_json(&dir.join("metrics").join("catalog.json"))?;
        let prod = env == contract.environments.prod;
        let compute = config
            .compute
            .clone()
            .unwrap_or_else(|| DEFAULT_COMPUTE.to_owned());
        let service = config.service.as_str();
        let names = &contract.names;
        let base = [("service", service), ("env", env)];
        let alarms = if prod {
            let file: AlarmsFile = read_json(&dir.join("alarms").join("service.json"))?;
            // As the CDK library decides: a feature is a config flag that is true, or the compute itself.
            let enabled = |entry: &AlarmEntry| {
                entry.requires.iter().all(|feature| {
                    *feature == compute || config.rest.get(feature) == Some(&Value::Bool(true))
                })
            };
            let mut alarms = Vec::new();
            for (entries, composite) in [(&file.alarms, false), (&file.composites, true)] {
                for entry in entries.iter().filter(|e| enabled(e)) {
                    let values = [
                        ("service", service),
                        ("env", env),
                        ("id", entry.id.as_str()),
                    ];
                    alarms.push(AlarmRef {
                        id: entry.id.clone(),
                        name: fill(&names.alarm, &values)?,
                        severity: entry.severity.clone(),
                        composite,
                    });
                }
            }
            alarms
        } else {
            Vec::new()
        };
        Ok(Self {
            service: config.service.clone(),
            env: env.to_owned(),
            region: region.map_or_else(|| config.region.clone(), str::to_owned),
            prod,
            compute,
            function: fill(&names.function, &base)?,
            api: fill(&names.api, &base)?,
            stage: fill(&names.stage, &base)?,
            dashboard: fill(&names.dashboard, &base)?,
            app_stack: fill(
                &names.stack,
                &[("service", service), ("env", env), ("kind", "app")],
            )?,
            live_alias: contract.live_alias.clone(),
            alarms,
            catalog,
        })
    }

    /// The dimensions every custom metric of this environment carries: `Service` and `Environment`.
    pub fn base_dimensions(&self) -> Vec<(String, String)> {
        let contract = operations();
        vec![
            (
                contract.service_dimension().to_owned(),
                self.service.clone(),
            ),
            (
                contract.environment_dimension().to_owned(),
                self.env.clone(),
            ),
        ]
    }

    /// Whether the environment has the `live` alias: prod on Lambda (ECS rolls a Fargate deployment back itself).
    pub fn has_live_alias(&self) -> bool {
        self.prod && self.compute == DEFAULT_COMPUTE
    }

    /// The alarms a bake keeps in OK.
    pub fn paging_alarms(&self) -> impl Iterator<Item = &AlarmRef> {
        self.alarms.iter().filter(|a| a.pages())
    }
}

fn read_json<T: DeserializeOwned>(file: &Path) -> Result<T> {
    let text = std::fs::read_to_string(file).with_context(|| {
        format!(
            "reading {} (run this in the root of a serverless-axum service, or pass --dir)",
            file.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| format!("reading {}", file.display()))
}
