//! Settings, read once from the environment at start-up. The service's name and version come from Cargo.toml;
//! everything else has a default that works on a laptop. On Lambda the CDK stack sets the variables.

use std::{net::IpAddr, str::FromStr, time::Duration};

/// Everything the service reads from its environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The service's name, as in Cargo.toml, the CDK stacks and the dashboards.
    pub service: &'static str,
    /// The crate version, reported by `/health` and in every log line.
    pub version: &'static str,
    /// `local`, `prod` or `pr-<n>` (`APP_ENVIRONMENT`).
    pub environment: String,
    /// Address the local server binds to (`HOST`, default 127.0.0.1).
    pub host: IpAddr,
    /// Port the local server binds to (`PORT`, default 3000; 0 picks a free one).
    pub port: u16,
    /// Longest time one request may take before it is answered with 504 (`REQUEST_TIMEOUT_SECS`, default 29,
    /// API Gateway's own integration limit).
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes (`MAX_BODY_BYTES`, default 4 MiB: under the 6 MB a Lambda event
    /// can carry once the body is base64-encoded).
    pub max_body_bytes: usize,
}

/// A variable was set to something the service cannot use.
#[derive(Debug, thiserror::Error)]
#[error("environment variable {name}={value:?} is invalid: {reason}")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    reason: String,
}

impl Settings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Ok(Self {
            service: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            environment: lookup("APP_ENVIRONMENT").unwrap_or_else(|| "local".to_owned()),
            host: parsed(&lookup, "HOST", "127.0.0.1")?,
            port: parsed(&lookup, "PORT", "3000")?,
            request_timeout: Duration::from_secs(parsed(&lookup, "REQUEST_TIMEOUT_SECS", "29")?),
            max_body_bytes: parsed(&lookup, "MAX_BODY_BYTES", "4194304")?,
        })
    }

    /// Settings for tests: defaults, with port 0.
    pub fn for_tests() -> Self {
        Self::from_lookup(|name| (name == "PORT").then(|| "0".to_owned()))
            .expect("the defaults are valid settings")
    }
}

fn parsed<T>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
) -> Result<T, ConfigError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let value = lookup(name).unwrap_or_else(|| default.to_owned());
    value.trim().parse().map_err(|e: T::Err| ConfigError {
        name,
        value: value.clone(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_work_on_a_laptop() {
        let settings = Settings::from_lookup(|_| None).expect("defaults parse");
        assert_eq!(settings.port, 3000);
        assert_eq!(settings.host.to_string(), "127.0.0.1");
        assert_eq!(settings.environment, "local");
        assert_eq!(settings.max_body_bytes, 4 * 1024 * 1024);
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        let err = Settings::from_lookup(|name| (name == "PORT").then(|| "eighty".to_owned()))
            .expect_err("PORT=eighty is not a port");
        assert!(err.to_string().contains("PORT=\"eighty\""), "{err}");
    }
}
