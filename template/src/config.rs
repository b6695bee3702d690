//! The service's own settings, read once in `main` after the platform's ([`serverless_axum_kit::Settings`]) and
//! passed down. Add the service's variables here.

use serverless_axum_kit::Settings;
{%- if example_api %}

use crate::files::config::FilesConfig;
{%- endif %}

/// Everything the service itself reads from its environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
{%- if example_api %}
    /// Where the Files API keeps files (`FILES_BUCKET`, `FILES_PREFIX`, `FILES_DIR`).
    pub files: FilesConfig,
{% endif -%}
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env(settings: &Settings) -> Self {
        Self::from_lookup(settings, |name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(settings: &Settings, lookup: impl Fn(&str) -> Option<String>) -> Self {
{%- if example_api %}
        Self {
            files: FilesConfig::from_lookup(settings, lookup),
        }
{%- else %}
        let _ = (settings, lookup);
        Self {}
{%- endif %}
    }
}
