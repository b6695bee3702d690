//! What handlers share: the settings and the ports the service's routes use, built once in `main` and cloned
//! (cheaply) into each request.

use std::sync::Arc;

{% if auth == "jwt" %}use serverless_axum_kit::{auth::Auth, Settings};{% else %}use serverless_axum_kit::Settings;{% endif %}

use crate::config::Config;
{%- if example_api %}
use crate::files::Files;
{%- endif %}

/// The state every route of the service sees.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The platform's settings (the service's name and version, limits).
    pub settings: Arc<Settings>,
{%- if auth == "jwt" %}
    /// Checks bearer tokens on the routes that need a scope.
    pub auth: Auth,
{%- endif %}
{%- if example_api %}
    /// The Files API over the store the configuration names.
    pub files: Files,
{%- endif %}
}

impl AppState {
    /// The state over the ports `config` names. Nothing is contacted yet (an S3 client is made on first use, the
    /// issuer's keys are fetched for the first token that needs them).
    pub fn new(settings: Settings, config: &Config) -> Self {
{%- if auth == "none" and example_api == false %}
        let Config {} = config;
{%- endif %}
        Self {
            settings: Arc::new(settings),
{%- if auth == "jwt" %}
            auth: Auth::new(config.auth.clone()),
{%- endif %}
{%- if example_api %}
            files: Files::from_config(&config.files),
{%- endif %}
        }
    }

    /// The state over the default ports (what a laptop gets with no variables set): what tests use. Panics if
    /// the defaults cannot be had (the dev issuer's key file cannot be written).
    pub fn with_defaults(settings: Settings) -> Self {
        Self::with_lookup(settings, |_| None)
    }

    /// The state over the configuration `lookup` gives (tests: a test issuer, a temporary files directory).
    /// Panics on a configuration the service would refuse at start-up.
    pub fn with_lookup(settings: Settings, lookup: impl Fn(&str) -> Option<String>) -> Self {
        match Config::from_lookup(&settings, lookup) {
            Ok(config) => Self::new(settings, &config),
            Err(error) => panic!("invalid test configuration: {error}"),
        }
    }
}
