//! Bearer-token authentication (feature `auth`): [`Auth`] guards groups of routes with a scope ([`Access`]), and
//! handlers read the caller with the [`Claims`] extractor (or ask for one more scope with [`RequireScope`]).
//!
//! Where the claims come from, in order:
//! 1. API Gateway's authorizer, when the request arrived through one (Lambda): already verified; issuer, audience
//!    and scope are checked again here ([`gateway`]).
//! 2. The `Authorization: Bearer` token: verified with jsonwebtoken against the issuer's keys ([`jwks`], fetched on
//!    first need, refreshed on an unknown key id), or against the dev issuer's key on a laptop ([`dev`]).
//!
//! ```ignore
//! let auth = Auth::new(AuthSettings::from_env(&settings)?);
//! let routes = auth.require("files:read", OpenApiRouter::new().routes(routes!(list_files)));
//! ```
//!
//! Refusals are problem+json: 401 with `WWW-Authenticate: Bearer` for a missing or bad token, 403 for a missing
//! scope, 503 only when the issuer's keys cannot be fetched at all ([`AuthError`]).

mod claims;
pub mod dev;
mod dev_token;
mod error;
mod fetch;
mod gateway;
mod jwks;
mod settings;
mod verified;

use std::{marker::PhantomData, sync::Arc, time::SystemTime};

use axum::{
    extract::{FromRequestParts, Request},
    http::{header, request::Parts},
    middleware::Next,
    response::IntoResponse,
};
use jsonwebtoken::{errors::ErrorKind, Algorithm, Validation};
use serde_json::{Map, Value};
use utoipa_axum::router::OpenApiRouter;

pub use claims::Claims;
pub use dev::{DevKey, DEV_ISSUER};
pub use dev_token::dev_token_command;
pub use error::AuthError;
pub use settings::{AuthSettings, Issuer, DEV_KEY_FILE};

use crate::access::{describe_requirement, Access};
use jwks::{Jwks, VerifyingKey};
use verified::VerifiedTokens;

/// Signature algorithms accepted: asymmetric ones only. An HMAC token would be checked with a public key as its
/// secret (the algorithm-confusion attack), and `none` is not a signature.
const ACCEPTED: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// The authenticator: settings and keys, shared by every guarded route (cheap to clone).
#[derive(Clone)]
pub struct Auth {
    inner: Arc<Inner>,
}

struct Inner {
    settings: AuthSettings,
    keys: Keys,
    verified: VerifiedTokens,
}

enum Keys {
    Dev { kid: String, key: VerifyingKey },
    Issuer(Box<Jwks>),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("issuer", &self.inner.settings.issuer_id())
            .finish_non_exhaustive()
    }
}

impl Auth {
    /// The authenticator `settings` describe. Contacts nothing: keys are fetched when a token first needs them.
    pub fn new(settings: AuthSettings) -> Self {
        let keys = match &settings.issuer {
            Issuer::Dev(dev) => Keys::Dev {
                kid: dev.kid.clone(),
                key: VerifyingKey {
                    key: dev.decoding.clone(),
                    algorithm: Some(Algorithm::ES256),
                },
            },
            Issuer::Oidc { url, jwks_url } => Keys::Issuer(Box::new(Jwks::new(
                url,
                jwks_url.clone(),
                settings.jwks_timeout,
                settings.jwks_min_refresh,
            ))),
        };
        let verified = VerifiedTokens::new(settings.verified_ttl, settings.leeway);
        Self {
            inner: Arc::new(Inner {
                settings,
                keys,
                verified,
            }),
        }
    }

    /// The settings this authenticator was made from.
    pub fn settings(&self) -> &AuthSettings {
        &self.inner.settings
    }

    /// Verifies `token`: a JWT with an accepted algorithm, signed by a key of the issuer, from the issuer, for one
    /// of the audiences, within its `nbf`..`exp` (with leeway). A token that passed these checks within
    /// [`AuthSettings::verified_ttl`] is not checked again until then (or its `exp`, if sooner).
    pub async fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        let now = SystemTime::now();
        if let Some(claims) = self.inner.verified.get(token, now) {
            return Ok(claims);
        }
        let claims = self.verify_signed(token).await?;
        self.inner.verified.insert(token, &claims, now);
        Ok(claims)
    }

    /// [`Self::verify`] without the cache: the signature and every claim, every time.
    async fn verify_signed(&self, token: &str) -> Result<Claims, AuthError> {
        let settings = &self.inner.settings;
        let header =
            jsonwebtoken::decode_header(token).map_err(|e| AuthError::Malformed(e.to_string()))?;
        if !ACCEPTED.contains(&header.alg) {
            return Err(AuthError::AlgorithmNotAccepted(format!("{:?}", header.alg)));
        }
        let kid = header
            .kid
            .as_deref()
            .ok_or_else(|| AuthError::Malformed("no kid in its header".to_owned()))?;
        let key = match &self.inner.keys {
            Keys::Dev { kid: dev_kid, key } => (dev_kid == kid).then(|| key.clone()),
            Keys::Issuer(jwks) => jwks.key(kid).await?,
        }
        .ok_or(AuthError::UnknownKey)?;
        if key.algorithm.is_some_and(|pinned| pinned != header.alg) {
            return Err(AuthError::AlgorithmNotAccepted(format!(
                "{:?} (the key is for another)",
                header.alg
            )));
        }
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[settings.issuer_id()]);
        validation.set_required_spec_claims(&["exp", "iss"]);
        validation.validate_aud = false; // checked in Claims::accept, with Cognito's client_id fallback
        validation.validate_nbf = true;
        validation.leeway = settings.leeway.as_secs();
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => AuthError::Expired,
                ErrorKind::ImmatureSignature => AuthError::NotYetValid,
                ErrorKind::InvalidIssuer => AuthError::WrongIssuer,
                ErrorKind::InvalidSignature => AuthError::BadSignature,
                ErrorKind::InvalidAlgorithm => {
                    AuthError::AlgorithmNotAccepted(format!("{:?}", header.alg))
                }
                ErrorKind::MissingRequiredClaim(claim) => {
                    AuthError::Malformed(format!("no {claim} claim"))
                }
                _ => AuthError::Malformed(e.to_string()),
            })?;
        Claims::accept(data.claims, &settings.audiences, &settings.scope_prefix)
    }

    /// The caller of a request: the authorizer's claims when API Gateway sent them, else the bearer token's.
    async fn authenticate(&self, parts: &Parts) -> Result<Claims, AuthError> {
        let settings = &self.inner.settings;
        if let Some(raw) = gateway::authorizer_claims(parts) {
            if raw
                .get("iss")
                .and_then(Value::as_str)
                .map(|iss| iss.trim_end_matches('/'))
                != Some(settings.issuer_id())
            {
                return Err(AuthError::WrongIssuer);
            }
            return Claims::accept(raw, &settings.audiences, &settings.scope_prefix);
        }
        let token = bearer_token(parts)?;
        self.verify(token).await
    }

    /// Lets `request` through to a route that needs a token (with `scope`, when given), with its [`Claims`] in its
    /// extensions.
    async fn admit(
        &self,
        request: Request,
        scope: Option<&'static str>,
    ) -> Result<Request, AuthError> {
        let (mut parts, body) = request.into_parts();
        let claims = self.authenticate(&parts).await?;
        if let Some(scope) = scope.filter(|scope| !claims.has_scope(scope)) {
            return Err(AuthError::MissingScope(scope));
        }
        parts.extensions.insert(claims);
        Ok(Request::from_parts(parts, body))
    }
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case, RFC 7235). Another scheme, or no header,
/// is a missing token.
fn bearer_token(parts: &Parts) -> Result<&str, AuthError> {
    let mut values = parts.headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Err(AuthError::Missing);
    };
    if values.next().is_some() {
        return Err(AuthError::Malformed(
            "more than one Authorization header".to_owned(),
        ));
    }
    let value = value
        .to_str()
        .map_err(|_| AuthError::Malformed("the header is not ASCII".to_owned()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            let token = token.trim();
            if token.is_empty() {
                Err(AuthError::Malformed("the token is empty".to_owned()))
            } else {
                Ok(token)
            }
        }
        _ => Err(AuthError::Missing),
    }
}

impl Auth {
    /// `routes` behind this authenticator: a token, with `scope` when given.
    fn guard<S>(
        &self,
        scope: Option<&'static str>,
        mut routes: OpenApiRouter<S>,
    ) -> OpenApiRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        describe_requirement(routes.get_openapi_mut(), scope);
        let auth = self.clone();
        routes.route_layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                let auth = auth.clone();
                async move {
                    match auth.admit(request, scope).await {
                        Ok(request) => next.run(request).await,
                        Err(refusal) => refusal.into_response(),
                    }
                }
            },
        ))
    }
}

impl Access for Auth {
    fn require<S>(&self, scope: &'static str, routes: OpenApiRouter<S>) -> OpenApiRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        self.guard(Some(scope), routes)
    }

    fn authenticated<S>(&self, routes: OpenApiRouter<S>) -> OpenApiRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        self.guard(None, routes)
    }
}

/// A scope a handler may ask for with [`RequireScope`].
pub trait Scope {
    /// The scope's name, as the service declares it (`files:write`).
    const NAME: &'static str;
}

/// Extractor: the caller's [`Claims`], which must grant `S` on top of the scope guarding the route.
#[derive(Debug, Clone)]
pub struct RequireScope<S: Scope>(pub Claims, PhantomData<S>);

impl<S: Scope, State: Send + Sync> FromRequestParts<State> for RequireScope<S> {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, Self::Rejection> {
        let claims = Claims::from_request_parts(parts, state).await?;
        if claims.has_scope(S::NAME) {
            Ok(Self(claims, PhantomData))
        } else {
            Err(AuthError::MissingScope(S::NAME))
        }
    }
}
