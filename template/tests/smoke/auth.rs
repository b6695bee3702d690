//! Bearer tokens: refused without one (401, a challenge, problem+json), and the caller known with one.

use service_client::{reqwest::StatusCode, Error};

use crate::support::{header_value, required_token, typed};

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn a_caller_without_a_token_is_refused_with_a_challenge() {
    let refused = typed(None).me().await.expect_err("GET v1/me needs a token");

    let Error::ErrorResponse(problem) = refused else {
        panic!("not a described refusal: {refused:?}");
    };
    assert_eq!(problem.status(), StatusCode::UNAUTHORIZED);
    assert!(header_value(problem.headers(), "www-authenticate")
        .is_some_and(|v| v.starts_with("Bearer")));
    assert_eq!(problem.status, 401);
    assert!(problem
        .request_id
        .as_deref()
        .is_some_and(|id| !id.is_empty()));
}

#[tokio::test]
#[ignore = "needs a running service at BASE_URL"]
async fn a_token_identifies_its_caller_at_v1_me() {
    let token = required_token().await;

    let caller = typed(Some(&token))
        .me()
        .await
        .expect("GET v1/me answers 200");

    assert_eq!(caller.status(), StatusCode::OK);
    assert!(!caller.subject.is_empty(), "{caller:?}");
}
