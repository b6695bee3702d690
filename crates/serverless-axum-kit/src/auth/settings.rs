//! What authentication reads from the environment, once, at start-up. On a laptop nothing needs setting: with no
//! `AUTH_ISSUER` the service trusts the dev issuer (a key in a local file). Deployed, the CDK stack sets the
//! issuer, and the dev issuer is refused, so it can never be on in prod or a preview.

use std::{path::PathBuf, time::Duration};

use axum::http::Uri;

use crate::{settings::ConfigError, Settings};

use super::dev::DevKey;

/// Where trusted tokens come from.
#[derive(Debug, Clone)]
pub enum Issuer {
    /// An OpenID Connect issuer (Cognito, Auth0, Okta, Entra ID…): its keys come from `jwks_url`, or, when that is
    /// not set, from the `jwks_uri` of its discovery document (`<issuer>/.well-known/openid-configuration`).
    Oidc {
        url: String,
        jwks_url: Option<String>,
    },
    /// The dev issuer: tokens signed by a key kept in a local file, minted by the binary's `dev-token` command.
    Dev(DevKey),
}

/// Authentication settings (`AUTH_*`).
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Who signs the tokens the service accepts (`AUTH_ISSUER`; unset on a laptop: the dev issuer).
    pub issuer: Issuer,
    /// Accepted audiences (`AUTH_AUDIENCE`, comma-separated): a token's `aud`, or, when it has none, its
    /// `client_id` (Cognito's access tokens) must be one of them. The dev issuer's audience is the service name.
    pub audiences: Vec<String>,
    /// What the issuer puts before the service's scope names (`AUTH_SCOPE_PREFIX`; Cognito's custom scopes are
    /// `<resource server>/<name>`). Empty by default.
    pub scope_prefix: String,
    /// Longest wait for the issuer's keys (`AUTH_JWKS_TIMEOUT_MS`, default 2000): well inside the request timeout,
    /// so a slow issuer costs one request a 503, never a gateway timeout.
    pub jwks_timeout: Duration,
    /// Least time between two fetches of the keys (`AUTH_JWKS_MIN_REFRESH_SECS`, default 10): a token with an
    /// unknown key id refreshes them at most this often, however many such tokens arrive.
    pub jwks_min_refresh: Duration,
    /// Clock skew allowed on `exp` and `nbf` (`AUTH_LEEWAY_SECS`, default 30).
    pub leeway: Duration,
    /// How long a token that passed every check is trusted again without checking its signature
    /// (`AUTH_VERIFIED_TTL_SECS`, default 60; 0 checks every request). Never past the token's `exp`. The issuer's
    /// keys are kept until a token with an unknown key id refreshes them, so this adds at most its own length to
    /// how long a withdrawn key is still honoured.
    pub verified_ttl: Duration,
}

/// Default file of the dev issuer's key, relative to the working directory (`cargo run` runs in the service's
/// folder, so the server and `cargo run -- dev-token` share it). `.data/` is git-ignored.
pub const DEV_KEY_FILE: &str = ".data/dev-auth/es256-key.p8";

impl AuthSettings {
    /// Reads the settings from the process environment.
    pub fn from_env(settings: &Settings) -> Result<Self, ConfigError> {
        Self::from_lookup(settings, |name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`. Refuses the dev issuer outside a laptop: on Lambda, or with an
    /// `APP_ENVIRONMENT` other than `local`.
    pub fn from_lookup(
        settings: &Settings,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let set = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let issuer = match set("AUTH_ISSUER") {
            Some(url) => {
                let url = checked_url("AUTH_ISSUER", url.trim())?;
                let jwks_url = set("AUTH_JWKS_URL")
                    .map(|jwks| checked_url("AUTH_JWKS_URL", jwks.trim()))
                    .transpose()?;
                Issuer::Oidc { url, jwks_url }
            }
            None if settings.lambda || settings.environment != "local" => {
                return Err(ConfigError::new(
                    "AUTH_ISSUER",
                    "",
                    format!(
                        "must be set in environment {:?}{}: the dev issuer only runs on a laptop (APP_ENVIRONMENT=local)",
                        settings.environment,
                        if settings.lambda { " on Lambda" } else { "" }
                    ),
                ));
            }
            None => {
                let file = set("AUTH_DEV_KEY_FILE").unwrap_or_else(|| DEV_KEY_FILE.to_owned());
                let key = DevKey::load_or_create(&PathBuf::from(&file)).map_err(|error| {
                    ConfigError::new("AUTH_DEV_KEY_FILE", file, error.to_string())
                })?;
                Issuer::Dev(key)
            }
        };
        let audiences: Vec<String> = match (&issuer, set("AUTH_AUDIENCE")) {
            (_, Some(list)) => list
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
            (Issuer::Dev(_), None) => vec![settings.service.to_owned()],
            (Issuer::Oidc { .. }, None) => Vec::new(),
        };
        if audiences.is_empty() {
            return Err(ConfigError::new(
                "AUTH_AUDIENCE",
                "",
                "must name at least one audience (the API's identifier, or the app client id with Cognito)",
            ));
        }
        let jwks_timeout = Duration::from_millis(number(&set, "AUTH_JWKS_TIMEOUT_MS", 2000)?);
        if jwks_timeout.is_zero() || jwks_timeout >= settings.request_timeout {
            return Err(ConfigError::new(
                "AUTH_JWKS_TIMEOUT_MS",
                jwks_timeout.as_millis().to_string(),
                "must be above 0 and below the request timeout",
            ));
        }
        Ok(Self {
            issuer,
            audiences,
            scope_prefix: set("AUTH_SCOPE_PREFIX").unwrap_or_default(),
            jwks_timeout,
            jwks_min_refresh: Duration::from_secs(number(&set, "AUTH_JWKS_MIN_REFRESH_SECS", 10)?),
            leeway: Duration::from_secs(number(&set, "AUTH_LEEWAY_SECS", 30)?),
            verified_ttl: Duration::from_secs(number(&set, "AUTH_VERIFIED_TTL_SECS", 60)?),
        })
    }

    /// The issuer's identifier, as tokens carry it in `iss`.
    pub fn issuer_id(&self) -> &str {
        match &self.issuer {
            Issuer::Oidc { url, .. } => url,
            Issuer::Dev(_) => super::dev::DEV_ISSUER,
        }
    }
}

fn number(
    set: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
) -> Result<u64, ConfigError> {
    match set(name) {
        None => Ok(default),
        Some(value) => value
            .trim()
            .parse()
            .map_err(|e: std::num::ParseIntError| ConfigError::new(name, value, e.to_string())),
    }
}

/// `https://` anywhere; `http://` only on a loopback host (a test issuer or one on the laptop).
fn checked_url(name: &'static str, value: &str) -> Result<String, ConfigError> {
    let uri: Uri = value
        .parse()
        .map_err(|e: axum::http::uri::InvalidUri| ConfigError::new(name, value, e.to_string()))?;
    let loopback = matches!(
        uri.host(),
        Some("127.0.0.1" | "localhost" | "[::1]" | "::1")
    );
    match uri.scheme_str() {
        Some("https") if uri.host().is_some() => Ok(value.trim_end_matches('/').to_owned()),
        Some("http") if loopback => Ok(value.trim_end_matches('/').to_owned()),
        _ => Err(ConfigError::new(
            name,
            value,
            "must be an https:// URL (http:// only on 127.0.0.1 or localhost)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ServiceInfo;

    const SERVICE: ServiceInfo = ServiceInfo::new("orders-api", "0.1.0");

    fn settings(environment: &str, lambda: bool) -> Settings {
        let mut settings = Settings::for_tests(SERVICE);
        settings.environment = environment.to_owned();
        settings.lambda = lambda;
        settings
    }

    fn read(settings: &Settings, vars: &[(&str, &str)]) -> Result<AuthSettings, ConfigError> {
        AuthSettings::from_lookup(settings, |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn the_dev_issuer_is_refused_in_prod_in_previews_and_on_lambda() {
        for (environment, lambda) in [
            ("prod", false),
            ("pr-42", false),
            ("local", true),
            ("prod", true),
        ] {
            let error = read(&settings(environment, lambda), &[])
                .expect_err("no dev issuer when deployed")
                .to_string();
            assert!(error.contains("AUTH_ISSUER"), "{error}");
        }
    }

    #[test]
    fn a_deployed_service_reads_its_issuer_audiences_and_scope_prefix() {
        let auth = read(
            &settings("prod", true),
            &[
                (
                    "AUTH_ISSUER",
                    "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_abc/",
                ),
                ("AUTH_AUDIENCE", " client-1 , client-2 "),
                ("AUTH_SCOPE_PREFIX", "orders-api/"),
            ],
        )
        .expect("valid settings");
        assert_eq!(
            auth.issuer_id(),
            "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_abc"
        );
        assert_eq!(auth.audiences, ["client-1", "client-2"]);
        assert_eq!(auth.scope_prefix, "orders-api/");
        assert!(matches!(auth.issuer, Issuer::Oidc { jwks_url: None, .. }));
    }

    #[test]
    fn an_issuer_needs_an_audience_and_https_off_loopback() {
        let prod = settings("prod", true);
        let no_audience = read(&prod, &[("AUTH_ISSUER", "https://id.example.com")]);
        assert!(no_audience.is_err_and(|e| e.to_string().contains("AUTH_AUDIENCE")));
        let plain_http = read(
            &prod,
            &[
                ("AUTH_ISSUER", "http://id.example.com"),
                ("AUTH_AUDIENCE", "api"),
            ],
        );
        assert!(plain_http.is_err_and(|e| e.to_string().contains("https")));
        let loopback = read(
            &prod,
            &[
                ("AUTH_ISSUER", "http://127.0.0.1:9000"),
                ("AUTH_AUDIENCE", "api"),
            ],
        );
        assert!(loopback.is_ok());
    }

    #[test]
    fn the_jwks_timeout_stays_inside_the_request_timeout() {
        let error = read(
            &settings("prod", true),
            &[
                ("AUTH_ISSUER", "https://id.example.com"),
                ("AUTH_AUDIENCE", "api"),
                ("AUTH_JWKS_TIMEOUT_MS", "60000"),
            ],
        );
        assert!(error.is_err_and(|e| e.to_string().contains("AUTH_JWKS_TIMEOUT_MS")));
    }

    #[test]
    fn a_laptop_gets_the_dev_issuer_with_the_service_as_audience() {
        let dir = std::env::temp_dir().join(format!("dev-auth-{}", uuid::Uuid::new_v4()));
        let file = dir.join("key.p8");
        let auth = read(
            &settings("local", false),
            &[("AUTH_DEV_KEY_FILE", file.to_str().unwrap_or_default())],
        )
        .expect("the dev issuer");
        assert!(matches!(auth.issuer, Issuer::Dev(_)));
        assert_eq!(auth.audiences, ["orders-api"]);
        assert!(file.is_file());
        std::fs::remove_dir_all(dir).ok();
    }
}
