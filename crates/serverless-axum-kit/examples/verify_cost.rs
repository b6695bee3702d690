//! What checking one bearer token costs once the issuer's keys are cached: `Auth::verify` in a loop on one
//! thread, for an RS256 token (Cognito, Auth0, Okta) and an ES256 one, against the testkit's issuer on
//! 127.0.0.1. Prints one JSON object; `cargo xtask bench-auth` runs it (`--release`) and reports it.
//!
//! ```sh
//! cargo run --release -p serverless-axum-kit --features auth --example verify_cost -- 5000
//! ```

use std::time::Instant;

use serverless_axum_kit::{
    auth::{Auth, AuthSettings},
    service_info, Settings,
};
use serverless_axum_testkit::issuer::TestIssuer;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: u32 = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(5000);
    let issuer = TestIssuer::start().await;
    // Refreshes allowed at once: the ES256 key is published right after the RS256 rounds.
    let mut env = issuer.env();
    env.push(("AUTH_JWKS_MIN_REFRESH_SECS", "0".to_owned()));
    let settings = Settings::for_tests(service_info!());
    let auth = Auth::new(AuthSettings::from_lookup(&settings, |name| {
        env.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
    })?);

    let rs256 = issuer.token(&["files:read"]);
    let rs256_us = cost(&auth, &rs256, rounds).await?;
    issuer.rotate();
    let es256 = issuer.token(&["files:read"]);
    let es256_us = cost(&auth, &es256, rounds).await?;
    println!(
        "{}",
        serde_json::json!({ "rounds": rounds, "rs256_us": rs256_us, "es256_us": es256_us, "jwks_fetches": issuer.jwks_fetches() })
    );
    Ok(())
}

/// Microseconds per `verify` of `token`, after one call that fetches (or refreshes) the keys.
async fn cost(auth: &Auth, token: &str, rounds: u32) -> Result<f64, Box<dyn std::error::Error>> {
    auth.verify(token).await?;
    let started = Instant::now();
    for _ in 0..rounds {
        auth.verify(token).await?;
    }
    Ok(started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds))
}
