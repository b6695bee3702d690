//! Tokens verified a moment ago. A client sends the same token on every request until it expires (an hour, with
//! Cognito), and checking its signature is most of what a request costs when the service verifies tokens itself
//! (about 55 µs for ES256, 22 µs for RS256). So a token that passed every check is remembered, by its SHA-256
//! digest, for [`super::AuthSettings::verified_ttl`] at most and never past its own `exp`: the same token within
//! that time is the same answer.
//!
//! Kept by hand because what it needs is small and specific (a bound on entries, two expiries per entry, a digest
//! for a key so a token's text is not kept), where a caching crate would add a dependency to the binary for it.
//! What it does not change: refused tokens are never remembered, and scopes are checked on every request.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use aws_lc_rs::digest::{digest, SHA256};

use super::Claims;

/// Most tokens remembered at once: a claims set is a few hundred bytes, so this bounds the cache to about a
/// megabyte however many callers there are.
pub(super) const CAPACITY: usize = 1024;

type Digest = [u8; 32];

/// The cache: one per [`super::Auth`].
#[derive(Debug)]
pub(super) struct VerifiedTokens {
    ttl: Duration,
    leeway: Duration,
    entries: Mutex<HashMap<Digest, Entry>>,
}

#[derive(Debug)]
struct Entry {
    claims: Claims,
    /// The earlier of the token's `exp` (plus the leeway verification allowed) and when it was verified plus the
    /// ttl.
    until: SystemTime,
}

impl VerifiedTokens {
    /// A cache keeping tokens for `ttl` (zero: none are kept), and their `exp` with `leeway` as verification
    /// allowed it.
    pub(super) fn new(ttl: Duration, leeway: Duration) -> Self {
        Self {
            ttl,
            leeway,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The claims of `token` if it was verified within the ttl and has not expired since.
    pub(super) fn get(&self, token: &str, now: SystemTime) -> Option<Claims> {
        if self.ttl.is_zero() {
            return None;
        }
        let key = key(token);
        let mut entries = self.entries.lock().ok()?;
        match entries.get(&key) {
            Some(entry) if now < entry.until => Some(entry.claims.clone()),
            Some(_) => {
                entries.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Remembers that `token` passed every check at `now` with `claims`. When the cache is full, expired entries
    /// go first, then an arbitrary one.
    pub(super) fn insert(&self, token: &str, claims: &Claims, now: SystemTime) {
        if self.ttl.is_zero() {
            return;
        }
        let until =
            expiry(claims, self.leeway).map_or(now + self.ttl, |exp| exp.min(now + self.ttl));
        if until <= now {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= CAPACITY {
            entries.retain(|_, entry| now < entry.until);
        }
        if entries.len() >= CAPACITY {
            if let Some(evicted) = entries.keys().next().copied() {
                entries.remove(&evicted);
            }
        }
        entries.insert(
            key(token),
            Entry {
                claims: claims.clone(),
                until,
            },
        );
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries
            .lock()
            .map(|entries| entries.len())
            .unwrap_or(0)
    }
}

fn key(token: &str) -> Digest {
    let mut key = [0; 32];
    key.copy_from_slice(digest(&SHA256, token.as_bytes()).as_ref());
    key
}

/// `exp` plus `leeway`, when the token has a numeric `exp` (verification requires one).
fn expiry(claims: &Claims, leeway: Duration) -> Option<SystemTime> {
    let exp = claims.raw.get("exp")?.as_f64()?;
    (exp.is_finite() && exp >= 0.0).then(|| UNIX_EPOCH + Duration::from_secs_f64(exp) + leeway)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use super::*;

    fn claims(exp: u64) -> Claims {
        let Value::Object(raw) = json!({ "sub": "alice", "exp": exp }) else {
            unreachable!("an object")
        };
        Claims {
            subject: "alice".to_owned(),
            client_id: None,
            scopes: vec!["files:read".to_owned()],
            raw,
        }
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn a_verified_token_is_remembered_for_the_ttl() {
        let cache = VerifiedTokens::new(Duration::from_secs(60), Duration::ZERO);
        cache.insert("token-a", &claims(10_000), at(1_000));
        assert_eq!(cache.get("token-a", at(1_059)), Some(claims(10_000)));
        assert_eq!(cache.get("token-a", at(1_060)), None, "the ttl is over");
        assert_eq!(cache.len(), 0, "an entry found stale is dropped");
        assert_eq!(cache.get("token-b", at(1_001)), None, "another token");
    }

    #[test]
    fn never_past_the_tokens_own_expiry_and_leeway() {
        let cache = VerifiedTokens::new(Duration::from_secs(60), Duration::from_secs(5));
        cache.insert("token", &claims(1_010), at(1_000));
        assert!(cache.get("token", at(1_014)).is_some());
        assert_eq!(cache.get("token", at(1_015)), None, "exp 1010 + 5 s leeway");
        // Verified inside its leeway, already past exp + leeway: not kept at all.
        cache.insert("late", &claims(990), at(1_000));
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn a_zero_ttl_keeps_nothing() {
        let cache = VerifiedTokens::new(Duration::ZERO, Duration::ZERO);
        cache.insert("token", &claims(10_000), at(1_000));
        assert_eq!(cache.get("token", at(1_000)), None);
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let cache = VerifiedTokens::new(Duration::from_secs(60), Duration::ZERO);
        for n in 0..CAPACITY + 10 {
            cache.insert(&format!("token-{n}"), &claims(10_000), at(1_000));
        }
        assert_eq!(cache.len(), CAPACITY);
        // The newest is always kept.
        let newest = format!("token-{}", CAPACITY + 9);
        assert!(cache.get(&newest, at(1_001)).is_some());
        // Once entries expire, they make room first.
        cache.insert("later", &claims(10_000), at(2_000));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn a_token_without_a_numeric_exp_is_kept_for_the_ttl_only() {
        let cache = VerifiedTokens::new(Duration::from_secs(60), Duration::ZERO);
        let mut no_exp = claims(0);
        no_exp.raw = Map::new();
        cache.insert("token", &no_exp, at(1_000));
        assert!(cache.get("token", at(1_059)).is_some());
        assert!(cache.get("token", at(1_060)).is_none());
    }
}
