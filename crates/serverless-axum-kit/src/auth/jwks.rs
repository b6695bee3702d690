//! The issuer's signing keys (its JWKS), fetched on the first token that needs them and kept. A token signed by a
//! key not in the set refreshes it (the issuer rotated its keys), but at most once per `min_refresh`, and one
//! refresh at a time however many requests wait on it: a stream of tokens with made-up key ids costs the issuer
//! one fetch every `min_refresh` (10 s by default), not one per request.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use jsonwebtoken::{jwk::Jwk, Algorithm, DecodingKey};
use serde::Deserialize;
use serde_json::Value;

use super::{error::AuthError, fetch::JsonFetcher};

/// After a failed first fetch (no keys at all), how soon the next request may try again.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// One verification key of the set.
#[derive(Clone)]
pub(crate) struct VerifyingKey {
    pub(crate) key: DecodingKey,
    /// The algorithm the JWK pins (`alg`), when it does.
    pub(crate) algorithm: Option<Algorithm>,
}

/// The keys of one issuer.
pub(crate) struct Jwks {
    issuer: String,
    fetcher: JsonFetcher,
    timeout: Duration,
    min_refresh: Duration,
    keys: RwLock<Arc<HashMap<String, VerifyingKey>>>,
    refresh: tokio::sync::Mutex<Refresh>,
}

struct Refresh {
    last_attempt: Option<Instant>,
    /// `AUTH_JWKS_URL`, or the discovery document's `jwks_uri` once read.
    jwks_url: Option<String>,
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    jwks_uri: String,
}

#[derive(Deserialize)]
struct KeySet {
    keys: Vec<Value>,
}

impl Jwks {
    pub(crate) fn new(
        issuer: &str,
        jwks_url: Option<String>,
        timeout: Duration,
        min_refresh: Duration,
    ) -> Self {
        Self {
            issuer: issuer.to_owned(),
            fetcher: JsonFetcher::default(),
            timeout,
            min_refresh,
            keys: RwLock::new(Arc::new(HashMap::new())),
            refresh: tokio::sync::Mutex::new(Refresh {
                last_attempt: None,
                jwks_url,
            }),
        }
    }

    fn snapshot(&self) -> Arc<HashMap<String, VerifyingKey>> {
        match self.keys.read() {
            Ok(keys) => keys.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The key `kid`: `Ok(None)` when the issuer does not have it (even after a refresh, or while refreshes are
    /// held back); `Err` only when no key could ever be fetched.
    pub(crate) async fn key(&self, kid: &str) -> Result<Option<VerifyingKey>, AuthError> {
        if let Some(key) = self.snapshot().get(kid) {
            return Ok(Some(key.clone()));
        }
        let mut refresh = self.refresh.lock().await;
        // Another request may have refreshed the set while this one waited for the lock.
        let keys = self.snapshot();
        if let Some(key) = keys.get(kid) {
            return Ok(Some(key.clone()));
        }
        let hold_back = if keys.is_empty() {
            RETRY_AFTER_FAILURE.min(self.min_refresh)
        } else {
            self.min_refresh
        };
        if refresh
            .last_attempt
            .is_some_and(|at| at.elapsed() < hold_back)
        {
            return if keys.is_empty() {
                Err(AuthError::IssuerUnavailable(
                    "the last attempt failed; retrying shortly".to_owned(),
                ))
            } else {
                Ok(None)
            };
        }
        refresh.last_attempt = Some(Instant::now());
        let fetched = tokio::time::timeout(self.timeout, self.fetch(&mut refresh))
            .await
            .unwrap_or_else(|_| Err(format!("no answer within {} ms", self.timeout.as_millis())));
        match fetched {
            Ok(fresh) => {
                tracing::info!(keys = fresh.len(), "fetched the issuer's signing keys");
                let found = fresh.get(kid).cloned();
                let fresh = Arc::new(fresh);
                match self.keys.write() {
                    Ok(mut keys) => *keys = fresh,
                    Err(poisoned) => *poisoned.into_inner() = fresh,
                }
                Ok(found)
            }
            Err(error) => {
                tracing::warn!(%error, issuer = %self.issuer, "could not fetch the issuer's signing keys");
                if keys.is_empty() {
                    Err(AuthError::IssuerUnavailable(error))
                } else {
                    Ok(None)
                }
            }
        }
    }

    async fn fetch(&self, refresh: &mut Refresh) -> Result<HashMap<String, VerifyingKey>, String> {
        let url = match &refresh.jwks_url {
            Some(url) => url.clone(),
            None => {
                let discovery_url = format!("{}/.well-known/openid-configuration", self.issuer);
                let discovery: Discovery = self.fetcher.get(&discovery_url).await?;
                if discovery.issuer.trim_end_matches('/') != self.issuer {
                    return Err(format!(
                        "{discovery_url} names issuer {:?}, not {:?}",
                        discovery.issuer, self.issuer
                    ));
                }
                refresh.jwks_url = Some(discovery.jwks_uri.clone());
                discovery.jwks_uri
            }
        };
        let set: KeySet = self.fetcher.get(&url).await?;
        Ok(signing_keys(set.keys))
    }
}

/// The set's signature keys by id. Keys that cannot verify signatures here (encryption keys, unknown types, no
/// `kid`) are skipped rather than failing the whole set: issuers publish more than JWT signing keys.
fn signing_keys(keys: Vec<Value>) -> HashMap<String, VerifyingKey> {
    keys.into_iter()
        .filter_map(|value| serde_json::from_value::<Jwk>(value).ok())
        .filter(|jwk| {
            !matches!(
                jwk.common.public_key_use,
                Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)
            )
        })
        .filter_map(|jwk| {
            let kid = jwk.common.key_id.clone()?;
            let key = DecodingKey::from_jwk(&jwk).ok()?;
            let algorithm = jwk
                .common
                .key_algorithm
                .and_then(|alg| alg.to_string().parse().ok());
            Some((kid, VerifyingKey { key, algorithm }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn encryption_keys_and_keys_without_an_id_are_skipped() {
        let rsa = |kid: Option<&str>, usage: &str| {
            json!({
                "kty": "RSA", "kid": kid, "use": usage, "alg": "RS256", "e": "AQAB",
                "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw"
            })
        };
        let keys = signing_keys(vec![
            rsa(Some("sig"), "sig"),
            rsa(Some("enc"), "enc"),
            rsa(None, "sig"),
            json!({"kty": "unknown", "kid": "odd"}),
        ]);
        assert_eq!(keys.len(), 1);
        assert!(keys
            .get("sig")
            .is_some_and(|key| key.algorithm == Some(Algorithm::RS256)));
    }
}
