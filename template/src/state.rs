//! What handlers share: the settings and the ports the service's routes use, built once in `main` and cloned
//! (cheaply) into each request.

use std::sync::Arc;

use serverless_axum_kit::Settings;

use crate::config::Config;
{%- if example_api %}
use crate::files::Files;
{%- endif %}

/// The state every route of the service sees.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The platform's settings (the service's name and version, limits).
    pub settings: Arc<Settings>,
{%- if example_api %}
    /// The Files API over the store the configuration names.
    pub files: Files,
{%- endif %}
}

impl AppState {
    /// The state over the ports `config` names. Nothing is contacted yet (an S3 client is made on first use).
    pub fn new(settings: Settings, config: &Config) -> Self {
{%- if example_api %}
        let files = Files::from_config(&config.files);
{%- else %}
        let Config {} = config;
{%- endif %}
        Self {
            settings: Arc::new(settings),
{%- if example_api %}
            files,
{%- endif %}
        }
    }

    /// The state over the default ports (what a laptop gets with no variables set): what tests use.
    pub fn with_defaults(settings: Settings) -> Self {
        let config = Config::from_lookup(&settings, |_| None);
        Self::new(settings, &config)
    }
}
