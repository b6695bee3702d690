//! Behind API Gateway: a real REST API (v1) event after the Cognito authorizer, through `lambda_http` and the
//! same stage handling as in Lambda. The service takes the authorizer's claims and checks issuer, client and
//! scopes again; it never needs the issuer's keys for it.

use axum::http::StatusCode;
use serde_json::Value;
use serverless_axum_kit::runtime::lambda::strip_stage;
use serverless_axum_testkit::issuer::TestIssuer;

use crate::support::{call, router};

const COGNITO_ME: &str = include_str!("events/rest-v1-cognito-me.json");
const POOL: &str = "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_aBcDeFgHi";
const CLIENT: &str = "4r7lq0gq3b2d1e8f9a6c5b4d3e";

async fn answer(issuer: &TestIssuer, vars: &[(&str, &str)], event: &str) -> (StatusCode, Value) {
    let request = lambda_http::request::from_str(event).expect("lambda_http parses the event");
    let request = strip_stage(request).map(axum::body::Body::new);
    let answer = call(&router(issuer, vars), request).await;
    (answer.status, answer.body)
}

#[tokio::test]
async fn the_cognito_authorizers_claims_identify_the_caller() {
    let issuer = TestIssuer::start().await;
    let deployed = [
        ("AUTH_ISSUER", POOL),
        ("AUTH_AUDIENCE", CLIENT),
        ("AUTH_SCOPE_PREFIX", "orders-api/"),
    ];

    let (status, body) = answer(&issuer, &deployed, COGNITO_ME).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["subject"], CLIENT);
    assert_eq!(
        body["scopes"],
        serde_json::json!(["files:read", "files:write"])
    );
    assert_eq!(
        issuer.jwks_fetches(),
        0,
        "the gateway verified the token: no keys fetched"
    );
}

#[tokio::test]
async fn claims_from_another_pool_or_client_are_refused() {
    let issuer = TestIssuer::start().await;
    let other_pool = [
        (
            "AUTH_ISSUER",
            "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Other",
        ),
        ("AUTH_AUDIENCE", CLIENT),
    ];
    let other_client = [("AUTH_ISSUER", POOL), ("AUTH_AUDIENCE", "another-client")];

    let (pool_status, _) = answer(&issuer, &other_pool, COGNITO_ME).await;
    let (client_status, body) = answer(&issuer, &other_client, COGNITO_ME).await;

    assert_eq!(pool_status, StatusCode::UNAUTHORIZED);
    assert_eq!(client_status, StatusCode::UNAUTHORIZED);
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("audience")),
        "{body}"
    );
}
