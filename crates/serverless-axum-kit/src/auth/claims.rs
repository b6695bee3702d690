//! The verified caller: what handlers see of a token once it passed every check.

use axum::{extract::FromRequestParts, http::request::Parts};
use serde_json::{Map, Value};

use super::error::AuthError;

/// The caller of a request, from a verified token (or from the claims API Gateway's authorizer verified).
/// Handlers take it as an extractor; it is there on every route guarded by [`super::Auth`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// `sub`: who the token is for (a user, or the app client for machine-to-machine tokens).
    pub subject: String,
    /// `client_id` (or `azp`), when the token names the client it was issued to.
    pub client_id: Option<String>,
    /// The scopes the token grants, without the issuer's prefix (`files:read`, not `orders-api/files:read`).
    pub scopes: Vec<String>,
    /// Every claim, as the issuer wrote it.
    pub raw: Map<String, Value>,
}

impl Claims {
    /// The claims of a token whose signature, issuer and times were checked: checks the audience and reads the
    /// scopes, stripping `scope_prefix`.
    pub(crate) fn accept(
        raw: Map<String, Value>,
        audiences: &[String],
        scope_prefix: &str,
    ) -> Result<Self, AuthError> {
        if !audience_matches(&raw, audiences) {
            return Err(AuthError::WrongAudience);
        }
        let text = |name: &str| raw.get(name).and_then(Value::as_str).map(str::to_owned);
        let scopes = granted_scopes(&raw)
            .into_iter()
            .filter_map(|scope| scope.strip_prefix(scope_prefix).map(str::to_owned))
            .collect();
        Ok(Self {
            subject: text("sub").unwrap_or_default(),
            client_id: text("client_id").or_else(|| text("azp")),
            scopes,
            raw,
        })
    }

    /// Whether the token grants `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|granted| granted == scope)
    }
}

/// `aud` (a string or a list) names one of `audiences`; a token without `aud` matches by `client_id`, as API
/// Gateway's JWT authorizers do, because Cognito's access tokens carry the app client there instead. Checked here
/// rather than by jsonwebtoken, whose audience check has no such fallback.
fn audience_matches(raw: &Map<String, Value>, audiences: &[String]) -> bool {
    let accepted = |value: &str| audiences.iter().any(|audience| audience == value);
    match raw.get("aud") {
        Some(Value::String(aud)) => accepted(aud),
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).any(accepted),
        Some(_) => false,
        None => raw
            .get("client_id")
            .and_then(Value::as_str)
            .is_some_and(accepted),
    }
}

/// `scope` (space-separated, RFC 8693/9068), or `scp` (a list or a string: Okta, Entra ID).
fn granted_scopes(raw: &Map<String, Value>) -> Vec<&str> {
    let mut scopes: Vec<&str> = Vec::new();
    for name in ["scope", "scp"] {
        match raw.get(name) {
            Some(Value::String(list)) => scopes.extend(list.split_whitespace()),
            Some(Value::Array(list)) => scopes.extend(list.iter().filter_map(Value::as_str)),
            _ => {}
        }
    }
    scopes
}

impl<S: Send + Sync> FromRequestParts<S> for Claims {
    type Rejection = AuthError;

    /// The claims [`super::Auth`] put on the request; a route it does not guard has none (a 401, as for a
    /// missing token, so a forgotten guard fails closed).
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Claims>()
            .cloned()
            .ok_or(AuthError::Missing)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn raw(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn cognito_access_tokens_match_by_client_id_and_lose_the_scope_prefix() {
        let claims = Claims::accept(
            raw(json!({"sub": "c1", "client_id": "c1", "scope": "orders-api/files:read orders-api/files:write other/x"})),
            &["c1".to_owned()],
            "orders-api/",
        )
        .expect("accepted");
        assert_eq!(claims.scopes, ["files:read", "files:write"]);
        assert!(claims.has_scope("files:read"));
        assert!(!claims.has_scope("x"));
        assert_eq!(claims.client_id.as_deref(), Some("c1"));
    }

    #[test]
    fn aud_lists_and_scp_lists_are_read() {
        let claims = Claims::accept(
            raw(json!({"sub": "u", "aud": ["other", "api://orders"], "scp": ["files:read"]})),
            &["api://orders".to_owned()],
            "",
        )
        .expect("accepted");
        assert_eq!(claims.scopes, ["files:read"]);
    }

    #[test]
    fn another_audience_is_refused_even_with_a_matching_client_id() {
        let refused = Claims::accept(
            raw(json!({"aud": "other", "client_id": "c1"})),
            &["c1".to_owned()],
            "",
        );
        assert_eq!(refused, Err(AuthError::WrongAudience));
        let none = Claims::accept(raw(json!({"sub": "u"})), &["c1".to_owned()], "");
        assert_eq!(none, Err(AuthError::WrongAudience));
    }
}
