//! Every operation of the OpenAPI description, driven from the description itself: what it says is public
//! answers without a token; what it guards answers 401 with a Bearer challenge without one, 403 to a token that
//! lacks one of its scopes, and lets a token with them through. A route added later is covered the day it is.

use axum::http::StatusCode;
use serverless_axum_testkit::issuer::TestIssuer;

use crate::support::{call, operations, router, spec};

#[tokio::test]
async fn guarded_operations_refuse_anonymous_callers_and_public_ones_do_not() {
    let issuer = TestIssuer::start().await;
    let router = router(&issuer, &[]);
    let operations = operations(&spec(&router).await);
    assert!(
        operations
            .iter()
            .any(|operation| operation.scopes.is_some()),
        "no guarded operation"
    );

    for operation in &operations {
        let answer = call(&router, operation.request(None)).await;
        let name = format!("{} {}", operation.method, operation.uri);
        match &operation.scopes {
            Some(_) => {
                assert_eq!(
                    answer.status,
                    StatusCode::UNAUTHORIZED,
                    "{name}: {}",
                    answer.body
                );
                assert_eq!(answer.challenge.as_deref(), Some("Bearer"), "{name}");
                if operation.method != axum::http::Method::HEAD {
                    assert_eq!(
                        answer.body["type"], "https://problems.serverless-axum.dev/unauthorized",
                        "{name}"
                    );
                }
            }
            None => assert_ne!(answer.status, StatusCode::UNAUTHORIZED, "{name} is public"),
        }
    }
}

#[tokio::test]
async fn each_guarded_operation_needs_exactly_the_scopes_it_declares() {
    let issuer = TestIssuer::start().await;
    let router = router(&issuer, &[]);
    let operations = operations(&spec(&router).await);
    let declared: Vec<String> = operations
        .iter()
        .flat_map(|op| op.scopes.clone().unwrap_or_default())
        .collect();

    for operation in operations
        .iter()
        .filter(|operation| operation.scopes.is_some())
    {
        let name = format!("{} {}", operation.method, operation.uri);
        let needed = operation.scopes.clone().unwrap_or_default();
        // Every other scope the service knows, but not this operation's.
        let others: Vec<&str> = declared
            .iter()
            .map(String::as_str)
            .filter(|s| !needed.iter().any(|n| n == s))
            .collect();
        let granted: Vec<&str> = needed.iter().map(String::as_str).collect();

        let without = call(&router, operation.request(Some(&issuer.token(&others)))).await;
        let with = call(&router, operation.request(Some(&issuer.token(&granted)))).await;

        if needed.is_empty() {
            assert_ne!(
                without.status,
                StatusCode::FORBIDDEN,
                "{name} needs no scope: {}",
                without.body
            );
        } else {
            assert_eq!(
                without.status,
                StatusCode::FORBIDDEN,
                "{name} without {needed:?}: {}",
                without.body
            );
            let challenge = without.challenge.unwrap_or_default();
            assert!(
                challenge.contains("insufficient_scope"),
                "{name}: {challenge}"
            );
        }
        assert!(
            ![StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&with.status)
                && !with.status.is_server_error(),
            "{name} with {needed:?} answered {}: {}",
            with.status,
            with.body
        );
    }
}

#[tokio::test]
async fn me_answers_with_the_caller_of_the_token() {
    let issuer = TestIssuer::start().await;
    let router = router(&issuer, &[]);
    let operation = operations(&spec(&router).await)
        .into_iter()
        .find(|operation| operation.uri == "/v1/me")
        .expect("GET /v1/me is described");

    let answer = call(&router, operation.request(Some(&issuer.token(&[])))).await;

    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["subject"], "test-client");
    assert_eq!(answer.body["client_id"], "test-client");
}
