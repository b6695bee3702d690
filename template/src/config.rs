//! The service's own settings, read once in `main` after the platform's ([`serverless_axum_kit::Settings`]) and
//! passed down. Add the service's variables here.

{% if auth == "jwt" %}use serverless_axum_kit::auth::AuthSettings;
{% endif %}use serverless_axum_kit::{ConfigError, Settings};
{%- if example_api %}

use crate::files::config::FilesConfig;
{%- endif %}

/// Everything the service itself reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
{%- if auth == "none" and example_api == false -%}
}
{%- else %}
{%- if auth == "jwt" %}
    /// Who signs the tokens the service accepts (`AUTH_*`; on a laptop, the dev issuer).
    pub auth: AuthSettings,
{%- endif %}
{%- if example_api %}
    /// Where the Files API keeps files (`FILES_BUCKET`, `FILES_PREFIX`, `FILES_DIR`).
    pub files: FilesConfig,
{%- endif %}
}
{%- endif %}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env(settings: &Settings) -> Result<Self, ConfigError> {
        Self::from_lookup(settings, |name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(
        settings: &Settings,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
{%- if auth == "none" and example_api == false %}
        let _ = (settings, lookup);
{%- endif %}
{%- if auth == "none" and example_api == false %}
        Ok(Self {})
{%- else %}
        Ok(Self {
{%- if auth == "jwt" %}
            auth: AuthSettings::from_lookup(settings, &lookup)?,
{%- endif %}
{%- if example_api %}
            files: FilesConfig::from_lookup(settings, lookup),
{%- endif %}
        })
{%- endif %}
    }
}
