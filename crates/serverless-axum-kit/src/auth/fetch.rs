//! GETs a small JSON document (a discovery document, a JWKS) over HTTPS: hyper-util's client on hyper-rustls
//! with the system's roots, as the AWS SDK fetches, bounded in size (the caller bounds the time). Made on first use, so a cold start
//! that never needs the issuer's keys (behind API Gateway's authorizer) never pays for loading roots.

use std::sync::OnceLock;

use axum::body::Bytes;
use http_body_util::{BodyExt, Empty, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::{
    client::legacy::{connect::HttpConnector, Client},
    rt::TokioExecutor,
};
use serde::de::DeserializeOwned;

/// Larger documents are refused: a JWKS holds a handful of keys.
const MAX_BYTES: usize = 256 * 1024;

type HttpsClient = Client<HttpsConnector<HttpConnector>, Empty<Bytes>>;

/// A JSON-over-HTTPS getter.
#[derive(Debug, Default)]
pub(crate) struct JsonFetcher {
    client: OnceLock<Result<HttpsClient, String>>,
}

impl JsonFetcher {
    fn client(&self) -> Result<&HttpsClient, String> {
        self.client
            .get_or_init(|| {
                let connector = hyper_rustls::HttpsConnectorBuilder::new()
                    .with_provider_and_native_roots(rustls::crypto::aws_lc_rs::default_provider())
                    .map_err(|e| format!("no TLS roots: {e}"))?
                    .https_or_http()
                    .enable_http1()
                    .build();
                Ok(Client::builder(TokioExecutor::new()).build(connector))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The JSON document at `url`.
    pub(crate) async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, String> {
        let client = self.client()?;
        let uri: axum::http::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
        let response = client
            .get(uri)
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("GET {url}: HTTP {}", response.status()));
        }
        let body = Limited::new(response.into_body(), MAX_BYTES)
            .collect()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?
            .to_bytes();
        serde_json::from_slice(&body).map_err(|e| format!("GET {url}: not the JSON expected: {e}"))
    }
}
