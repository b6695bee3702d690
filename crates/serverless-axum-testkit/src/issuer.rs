//! `TestIssuer`: an OpenID Connect issuer on 127.0.0.1 for tests, serving its discovery document and its JWKS as
//! Cognito, Auth0 or Okta do, and minting tokens (good ones, and every kind of bad one) with its keys. It counts
//! the JWKS fetches, so tests can prove a service caches keys, and it can rotate its key or go down.
//!
//! ```no_run
//! # async fn example() {
//! use serverless_axum_testkit::issuer::TestIssuer;
//!
//! let issuer = TestIssuer::start().await;
//! // The service under test reads AUTH_ISSUER and AUTH_AUDIENCE from these.
//! let env = issuer.env();
//! let token = issuer.token(&["files:read"]);
//! # }
//! ```

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::{SystemTime, UNIX_EPOCH},
};

use aws_lc_rs::{
    encoding::AsDer,
    rand::SystemRandom,
    rsa::{KeyPair as RsaKeyPair, KeySize},
    signature::{EcdsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING},
};
use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{jwk::Jwk, Algorithm, EncodingKey, Header};
use serde_json::{json, Map, Value};

/// The audience every token of a `TestIssuer` is for (what `AUTH_AUDIENCE` must say).
pub const AUDIENCE: &str = "test-api";

/// A key the issuer signs with.
struct SigningKey {
    kid: String,
    algorithm: Algorithm,
    encoding: EncodingKey,
    jwk: Value,
}

impl SigningKey {
    /// A new RSA-2048 key (RS256, what Cognito, Auth0 and Okta sign with).
    fn rs256(kid: &str) -> Self {
        let pair = RsaKeyPair::generate(KeySize::Rsa2048).expect("an RSA key");
        let pkcs8 = pair.as_der().expect("the key as PKCS#8");
        // jsonwebtoken's aws-lc backend takes RSA keys as PKCS#1: unwrap the PKCS#8 envelope.
        let info = pkcs8::PrivateKeyInfo::try_from(pkcs8.as_ref()).expect("a PKCS#8 document");
        Self::new(
            kid,
            Algorithm::RS256,
            EncodingKey::from_rsa_der(info.private_key),
        )
    }

    /// A new P-256 key (ES256).
    fn es256(kid: &str) -> Self {
        let pkcs8 =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
                .expect("an EC key");
        Self::new(
            kid,
            Algorithm::ES256,
            EncodingKey::from_ec_der(pkcs8.as_ref()),
        )
    }

    fn new(kid: &str, algorithm: Algorithm, encoding: EncodingKey) -> Self {
        let mut jwk = Jwk::from_encoding_key(&encoding, algorithm).expect("a JWK of the key");
        jwk.common.key_id = Some(kid.to_owned());
        jwk.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Signature);
        let jwk = serde_json::to_value(jwk).expect("a JWK serializes");
        Self {
            kid: kid.to_owned(),
            algorithm,
            encoding,
            jwk,
        }
    }

    fn sign(&self, claims: &Map<String, Value>) -> String {
        let mut header = Header::new(self.algorithm);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("the token signs")
    }
}

struct Issued {
    url: String,
    /// Published keys; the last one signs.
    keys: Vec<SigningKey>,
    jwks_fetches: usize,
    down: bool,
}

/// An issuer on 127.0.0.1, stopped when dropped.
pub struct TestIssuer {
    url: String,
    state: Arc<Mutex<Issued>>,
    server: tokio::task::JoinHandle<()>,
}

impl TestIssuer {
    /// Starts an issuer with one RS256 key.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("a port on 127.0.0.1");
        let url = format!(
            "http://{}",
            listener.local_addr().expect("the bound address")
        );
        let state = Arc::new(Mutex::new(Issued {
            url: url.clone(),
            keys: vec![SigningKey::rs256("key-1")],
            jwks_fetches: 0,
            down: false,
        }));
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/keys", get(jwks))
            .with_state(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        Self { url, state, server }
    }

    fn state(&self) -> MutexGuard<'_, Issued> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The issuer's URL (`iss`, and `AUTH_ISSUER`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The variables a service needs to trust this issuer: `AUTH_ISSUER` and `AUTH_AUDIENCE`.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AUTH_ISSUER", self.url.clone()),
            ("AUTH_AUDIENCE", AUDIENCE.to_owned()),
        ]
    }

    /// The claims of a good token granting `scopes`: this issuer, [`AUDIENCE`], valid from now for ten minutes.
    pub fn claims(&self, scopes: &[&str]) -> Map<String, Value> {
        let now = now();
        let claims = json!({
            "iss": self.url,
            "aud": AUDIENCE,
            "sub": "test-client",
            "client_id": "test-client",
            "scope": scopes.join(" "),
            "iat": now,
            "nbf": now,
            "exp": now + 600,
        });
        claims.as_object().cloned().unwrap_or_default()
    }

    /// A good token granting `scopes`.
    pub fn token(&self, scopes: &[&str]) -> String {
        self.sign(&self.claims(scopes))
    }

    /// `claims` signed with the current key.
    pub fn sign(&self, claims: &Map<String, Value>) -> String {
        let state = self.state();
        state.keys.last().expect("a key").sign(claims)
    }

    /// `claims` signed with a new key the issuer does not publish.
    pub fn sign_with_unpublished_key(&self, claims: &Map<String, Value>) -> String {
        SigningKey::es256("unpublished").sign(claims)
    }

    /// `claims` signed with HS256, using `secret` as the key: the algorithm-confusion attack.
    pub fn sign_hs256(&self, claims: &Map<String, Value>, secret: &[u8]) -> String {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("key-1".to_owned());
        let key = EncodingKey::from_secret(secret).expect("an HMAC key");
        jsonwebtoken::encode(&header, claims, &key).expect("signs")
    }

    /// `claims` in a token with `alg: none` and no signature.
    pub fn unsigned(&self, claims: &Map<String, Value>) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT","kid":"key-1"}"#);
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialize"));
        format!("{header}.{body}.")
    }

    /// Publishes a new ES256 key and signs with it from now on (the old keys stay published). Returns its id.
    pub fn rotate(&self) -> String {
        let mut state = self.state();
        let kid = format!("key-{}", state.keys.len() + 1);
        state.keys.push(SigningKey::es256(&kid));
        kid
    }

    /// How many times the JWKS was fetched.
    pub fn jwks_fetches(&self) -> usize {
        self.state().jwks_fetches
    }

    /// While `down`, the issuer answers 503 to everything.
    pub fn set_down(&self, down: bool) {
        self.state().down = down;
    }
}

impl Drop for TestIssuer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

async fn discovery(State(state): State<Arc<Mutex<Issued>>>) -> Result<Json<Value>, StatusCode> {
    let state = state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if state.down {
        return Err(StatusCode::SERVICE_UNAVAILABLE);
    }
    Ok(Json(json!({
        "issuer": state.url,
        "jwks_uri": format!("{}/keys", state.url),
        "token_endpoint": format!("{}/oauth2/token", state.url),
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
    })))
}

async fn jwks(State(state): State<Arc<Mutex<Issued>>>) -> Result<Json<Value>, StatusCode> {
    let mut state = state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if state.down {
        return Err(StatusCode::SERVICE_UNAVAILABLE);
    }
    state.jwks_fetches += 1;
    let keys: Vec<Value> = state.keys.iter().map(|key| key.jwk.clone()).collect();
    Ok(Json(json!({ "keys": keys })))
}
