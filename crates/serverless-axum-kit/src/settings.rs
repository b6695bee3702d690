//! Settings, read once from the environment at start-up (in the service's `main`) and passed down: nothing else
//! in the kit reads the environment. The service's name and version come from its Cargo.toml
//! ([`crate::service_info!`]); everything else has a default that works on a laptop. On Lambda the CDK stack
//! sets the variables.

use std::{net::IpAddr, num::NonZeroUsize, str::FromStr, time::Duration};

use crate::{service::ServiceInfo, telemetry::TelemetryConfig};

/// Everything the platform reads from the environment.
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
    /// Most threads the async runtime keeps for blocking work: file system calls, DNS look-ups
    /// (`BLOCKING_THREADS`, default 8). Each thread holds a stack and, under load, a malloc arena: tokio's own
    /// default (512) lets a burst of local-disk reads grow the process by megabytes, which a 128 MB function
    /// cannot spare. Extra work waits for a free thread. See [`crate::runtime::tokio_runtime`].
    pub blocking_threads: NonZeroUsize,
    /// How long the local server keeps serving in-flight requests after SIGTERM before it exits anyway
    /// (`SHUTDOWN_TIMEOUT_SECS`, default 25): shorter than the 30 s ECS waits before SIGKILL (`stopTimeout`), so
    /// the process ends on its own terms, its telemetry flushed.
    pub shutdown_timeout: Duration,
    /// Whether the process runs inside Lambda (`AWS_LAMBDA_RUNTIME_API` is set): [`crate::serve`] then serves
    /// the Runtime API instead of binding `host:port`.
    pub lambda: bool,
    /// What telemetry reads (log format and filter, OTLP endpoint, `TELEMETRY=off`).
    pub telemetry: TelemetryConfig,
}

/// A variable was set to something the service cannot use.
#[derive(Debug, thiserror::Error)]
#[error("environment variable {name}={value:?} is invalid: {reason}")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    reason: String,
}

impl ConfigError {
    /// `name` was set to `value`, which is wrong for `reason`. Services use it for their own settings too.
    pub fn new(name: &'static str, value: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            name,
            value: value.into(),
            reason: reason.into(),
        }
    }
}

impl Settings {
    /// Reads the settings of `service` from the process environment. Call it once, in `main`.
    ///
    /// ```no_run
    /// let settings = serverless_axum_kit::Settings::from_env(serverless_axum_kit::service_info!())?;
    /// # Ok::<(), serverless_axum_kit::ConfigError>(())
    /// ```
    pub fn from_env(service: ServiceInfo) -> Result<Self, ConfigError> {
        Self::from_lookup(service, |name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests need not touch the process environment.
    ///
    /// ```
    /// use serverless_axum_kit::{ServiceInfo, Settings};
    ///
    /// let settings = Settings::from_lookup(ServiceInfo::new("orders-api", "0.1.0"), |name| {
    ///     (name == "PORT").then(|| "8080".to_owned())
    /// })?;
    /// assert_eq!(settings.port, 8080);
    /// assert_eq!(settings.environment, "local");
    /// # Ok::<(), serverless_axum_kit::ConfigError>(())
    /// ```
    pub fn from_lookup(
        service: ServiceInfo,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        Ok(Self {
            service: service.name,
            version: service.version,
            environment: lookup("APP_ENVIRONMENT").unwrap_or_else(|| "local".to_owned()),
            host: parsed(&lookup, "HOST", "127.0.0.1")?,
            port: parsed(&lookup, "PORT", "3000")?,
            request_timeout: Duration::from_secs(parsed(&lookup, "REQUEST_TIMEOUT_SECS", "29")?),
            max_body_bytes: parsed(&lookup, "MAX_BODY_BYTES", "4194304")?,
            blocking_threads: parsed(&lookup, "BLOCKING_THREADS", DEFAULT_BLOCKING_THREADS)?,
            shutdown_timeout: Duration::from_secs(parsed(&lookup, "SHUTDOWN_TIMEOUT_SECS", "25")?),
            lambda: lookup("AWS_LAMBDA_RUNTIME_API").is_some(),
            telemetry: TelemetryConfig::from_lookup(service, &lookup),
        })
    }

    /// Settings for tests: defaults, with port 0, outside Lambda.
    ///
    /// ```
    /// let settings = serverless_axum_kit::Settings::for_tests(serverless_axum_kit::service_info!());
    /// assert_eq!(settings.port, 0);
    /// ```
    pub fn for_tests(service: ServiceInfo) -> Self {
        let lookup = |name: &str| (name == "PORT").then(|| "0".to_owned());
        Self {
            service: service.name,
            version: service.version,
            environment: "local".to_owned(),
            host: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            request_timeout: Duration::from_secs(29),
            max_body_bytes: 4 * 1024 * 1024,
            blocking_threads: NonZeroUsize::new(8).unwrap_or(NonZeroUsize::MIN),
            shutdown_timeout: Duration::from_secs(25),
            lambda: false,
            telemetry: TelemetryConfig::from_lookup(service, lookup),
        }
    }
}

/// [`Settings::blocking_threads`] unless `BLOCKING_THREADS` says otherwise.
const DEFAULT_BLOCKING_THREADS: &str = "8";

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
    value
        .trim()
        .parse()
        .map_err(|e: T::Err| ConfigError::new(name, value.clone(), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: ServiceInfo = ServiceInfo::new("orders-api", "0.1.0");

    #[test]
    fn defaults_work_on_a_laptop() {
        let settings = Settings::from_lookup(SERVICE, |_| None).expect("defaults parse");
        assert_eq!(settings.port, 3000);
        assert_eq!(settings.host.to_string(), "127.0.0.1");
        assert_eq!(settings.environment, "local");
        assert_eq!(settings.max_body_bytes, 4 * 1024 * 1024);
        assert!(!settings.lambda);
        assert_eq!(settings.telemetry.service, "orders-api");
    }

    #[test]
    fn the_test_settings_are_the_defaults_on_port_zero() {
        let defaults = Settings::from_lookup(SERVICE, |_| None).expect("defaults parse");
        let for_tests = Settings::for_tests(SERVICE);
        assert_eq!(for_tests.port, 0);
        assert_eq!(for_tests.host, defaults.host);
        assert_eq!(for_tests.request_timeout, defaults.request_timeout);
        assert_eq!(for_tests.max_body_bytes, defaults.max_body_bytes);
        assert_eq!(for_tests.blocking_threads, defaults.blocking_threads);
    }

    #[test]
    fn the_runtime_api_means_lambda() {
        let settings = Settings::from_lookup(SERVICE, |name| {
            (name == "AWS_LAMBDA_RUNTIME_API").then(|| "127.0.0.1:9001".to_owned())
        })
        .expect("parses");
        assert!(settings.lambda);
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        let err = Settings::from_lookup(SERVICE, |name| {
            (name == "PORT").then(|| "eighty".to_owned())
        })
        .expect_err("PORT=eighty is not a port");
        assert!(err.to_string().contains("PORT=\"eighty\""), "{err}");
    }

    #[test]
    fn blocking_threads_default_to_eight_and_refuse_zero() {
        let defaults = Settings::from_lookup(SERVICE, |_| None).expect("defaults parse");
        assert_eq!(defaults.blocking_threads.get(), 8);
        let two = Settings::from_lookup(SERVICE, |name| {
            (name == "BLOCKING_THREADS").then(|| "2".to_owned())
        })
        .expect("parses");
        assert_eq!(two.blocking_threads.get(), 2);
        let err = Settings::from_lookup(SERVICE, |name| {
            (name == "BLOCKING_THREADS").then(|| "0".to_owned())
        })
        .expect_err("no blocking threads at all would hang the first file read");
        assert!(err.to_string().contains("BLOCKING_THREADS"), "{err}");
    }
}
