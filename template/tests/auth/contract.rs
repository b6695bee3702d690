//! The CDK app and the service agree on authentication: `infra/service.config.json`'s `auth` names every scope
//! the OpenAPI description uses (the Cognito resource server grants only those), and its public paths are
//! exactly what the service answers without a token (API Gateway's authorizer skips only them).

use std::collections::BTreeSet;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use serverless_axum_testkit::issuer::TestIssuer;

use crate::support::{call, operations, router, spec};

fn auth_config() -> serde_json::Value {
    // This service's folder when the test runs (cargo may reuse a binary built from the same code elsewhere).
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    let file = std::path::Path::new(&dir)
        .join("infra")
        .join("service.config.json");
    let text = std::fs::read_to_string(file).expect("infra/service.config.json");
    let config: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    config["auth"].clone()
}

#[tokio::test]
async fn every_scope_in_the_description_is_one_the_stacks_create() {
    let issuer = TestIssuer::start().await;
    let router = router(&issuer, &[]);
    let config = auth_config();
    let configured: BTreeSet<String> = config["scopes"]
        .as_object()
        .expect("auth.scopes")
        .keys()
        .cloned()
        .collect();

    let used: BTreeSet<String> = operations(&spec(&router).await)
        .into_iter()
        .flat_map(|operation| operation.scopes.unwrap_or_default())
        .collect();

    assert!(
        used.is_subset(&configured),
        "scopes {used:?} are not all in service.config.json {configured:?}"
    );
}

#[tokio::test]
async fn the_public_paths_are_exactly_what_answers_without_a_token() {
    let issuer = TestIssuer::start().await;
    let router = router(&issuer, &[]);
    let public: Vec<String> = auth_config()["publicPaths"]
        .as_array()
        .expect("auth.publicPaths")
        .iter()
        .filter_map(|path| path.as_str().map(str::to_owned))
        .collect();

    for path in &public {
        let answer = call(
            &router,
            Request::get(path.as_str())
                .body(Body::empty())
                .expect("a request"),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "GET {path} without a token");
    }
    for operation in operations(&spec(&router).await) {
        if operation.scopes.is_none() {
            assert!(
                public.contains(&operation.uri),
                "{} {} is public but not in publicPaths",
                operation.method,
                operation.uri
            );
        }
    }
}
