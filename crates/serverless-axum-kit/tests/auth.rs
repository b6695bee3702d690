//! The auth module against a real issuer on 127.0.0.1 (the testkit's `TestIssuer`: discovery, JWKS, rotation):
//! every refusal a client can cause, key caching and rotation, an issuer that is down, and the claims API
//! Gateway's authorizers pass in Lambda events, all through the kit's own middleware.

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
    Json, Router,
};
use http_body_util::BodyExt;
use serde_json::{json, Map, Value};
use serverless_axum_kit::{
    auth::{Auth, AuthSettings, Claims, RequireScope, Scope},
    layers,
    runtime::lambda::strip_stage,
    service_info, Access, Settings,
};
use serverless_axum_testkit::{events, issuer::TestIssuer};
use tower::{ServiceBuilder, ServiceExt};
use utoipa_axum::{router::OpenApiRouter, routes};

struct Admin;
impl Scope for Admin {
    const NAME: &'static str = "things:admin";
}

/// Lists things: needs `things:read`; answers with the caller it saw.
#[utoipa::path(get, path = "/things", responses((status = 200, description = "The caller")))]
async fn list_things(claims: Claims) -> Json<Value> {
    Json(json!({ "subject": claims.subject, "scopes": claims.scopes }))
}

/// Makes a thing: needs `things:write`.
#[utoipa::path(post, path = "/things", responses((status = 201, description = "Made")))]
async fn make_thing() -> StatusCode {
    StatusCode::CREATED
}

/// Needs `things:read` from the guard and `things:admin` from the handler.
#[utoipa::path(delete, path = "/things", responses((status = 204, description = "Gone")))]
async fn purge_things(_: RequireScope<Admin>) -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Any valid token.
#[utoipa::path(get, path = "/whoami", responses((status = 200, description = "The caller")))]
async fn whoami(claims: Claims) -> String {
    claims.subject
}

/// Public.
#[utoipa::path(get, path = "/health", responses((status = 200, description = "OK")))]
async fn health() -> &'static str {
    "ok"
}

struct App {
    router: Router,
    spec: Value,
    issuer: TestIssuer,
}

async fn app(extra: &[(&str, &str)]) -> App {
    let issuer = TestIssuer::start().await;
    let settings = Settings::for_tests(service_info!());
    // `extra` first: it overrides the issuer's own variables.
    let mut vars: Vec<(&str, String)> = extra
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned()))
        .collect();
    vars.extend(issuer.env());
    let auth = Auth::new(
        AuthSettings::from_lookup(&settings, |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        })
        .expect("valid auth settings"),
    );
    let (router, spec) = OpenApiRouter::new()
        .merge(auth.require(
            "things:read",
            OpenApiRouter::new().routes(routes!(list_things)),
        ))
        .merge(auth.require(
            "things:write",
            OpenApiRouter::new().routes(routes!(make_thing)),
        ))
        .merge(auth.require(
            "things:read",
            OpenApiRouter::new().routes(routes!(purge_things)),
        ))
        .merge(auth.authenticated(OpenApiRouter::new().routes(routes!(whoami))))
        .routes(routes!(health))
        .split_for_parts();
    let spec = serde_json::to_value(&spec).expect("the spec serializes");
    App {
        router: layers(&settings).apply(router),
        spec,
        issuer,
    }
}

struct Answer {
    status: StatusCode,
    challenge: Option<String>,
    retry_after: Option<String>,
    body: Value,
}

async fn call(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let header = |name: header::HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let challenge = header(header::WWW_AUTHENTICATE);
    let retry_after = header(header::RETRY_AFTER);
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        challenge,
        retry_after,
        body,
    }
}

fn get(path: &str, authorization: Option<&str>) -> Request<Body> {
    request(Method::GET, path, authorization)
}

fn request(method: Method, path: &str, authorization: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    request.body(Body::empty()).expect("a request")
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

#[tokio::test]
async fn a_good_token_reaches_the_handler_with_its_claims() {
    let app = app(&[]).await;

    let answer = call(
        &app.router,
        get(
            "/things",
            Some(&bearer(&app.issuer.token(&["things:read"]))),
        ),
    )
    .await;

    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["subject"], "test-client");
    assert_eq!(answer.body["scopes"], json!(["things:read"]));
    let public = call(&app.router, get("/health", None)).await;
    assert_eq!(public.status, StatusCode::OK);
}

#[tokio::test]
async fn every_bad_token_is_a_401_problem_with_a_bearer_challenge() {
    let app = app(&[]).await;
    let issuer = &app.issuer;
    let with = |edit: &dyn Fn(&mut Map<String, Value>)| {
        let mut claims = issuer.claims(&["things:read"]);
        edit(&mut claims);
        claims
    };
    let good = issuer.token(&["things:read"]);
    // The good token's header and signature around another token's claims (one more scope).
    let wider = issuer.token(&["things:read", "things:write"]);
    let part =
        |token: &str, index: usize| token.split('.').nth(index).unwrap_or_default().to_owned();
    let tampered = format!("{}.{}.{}", part(&good, 0), part(&wider, 1), part(&good, 2));
    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("missing", None, "needs a bearer token"),
        (
            "another scheme",
            Some("Basic dXNlcjpwYXNz".to_owned()),
            "needs a bearer token",
        ),
        ("empty", Some("Bearer ".to_owned()), "not a well-formed JWT"),
        (
            "not a JWT",
            Some(bearer("not-a-jwt")),
            "not a well-formed JWT",
        ),
        (
            "expired",
            Some(bearer(&issuer.sign(&with(&|c| {
                c.insert("exp".into(), json!(now() - 3600));
            })))),
            "expired",
        ),
        (
            "not yet valid",
            Some(bearer(&issuer.sign(&with(&|c| {
                c.insert("nbf".into(), json!(now() + 3600));
            })))),
            "not valid yet",
        ),
        (
            "unknown key",
            Some(bearer(&issuer.sign_with_unpublished_key(&with(&|_| {})))),
            "key this service does not know",
        ),
        (
            "alg none",
            Some(bearer(&issuer.unsigned(&with(&|_| {})))),
            "not a well-formed JWT",
        ),
        (
            "HS256",
            Some(bearer(
                &issuer.sign_hs256(&with(&|_| {}), b"public key bytes"),
            )),
            "not accepted",
        ),
        (
            "wrong issuer",
            Some(bearer(&issuer.sign(&with(&|c| {
                c.insert("iss".into(), json!("https://evil.example.com"));
            })))),
            "another issuer",
        ),
        (
            "wrong audience",
            Some(bearer(&issuer.sign(&with(&|c| {
                c.insert("aud".into(), json!("another-api"));
            })))),
            "another audience",
        ),
        (
            "no exp",
            Some(bearer(&issuer.sign(&with(&|c| {
                c.remove("exp");
            })))),
            "no exp claim",
        ),
        ("tampered signature", Some(bearer(&tampered)), "signature"),
    ];
    for (case, authorization, detail) in cases {
        let answer = call(&app.router, get("/things", authorization.as_deref())).await;

        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{case}: {}",
            answer.body
        );
        let challenge = answer.challenge.unwrap_or_default();
        assert!(challenge.starts_with("Bearer"), "{case}: {challenge}");
        assert_eq!(
            answer.body["type"], "https://problems.serverless-axum.dev/unauthorized",
            "{case}"
        );
        assert!(
            answer.body["request_id"].is_string(),
            "{case}: {}",
            answer.body
        );
        let text = answer.body["detail"].as_str().unwrap_or_default();
        assert!(
            text.contains(detail),
            "{case}: {text:?} does not say {detail:?}"
        );
        if let Some(token) = authorization
            .as_deref()
            .and_then(|a| a.strip_prefix("Bearer "))
        {
            assert!(
                token.is_empty() || !answer.body.to_string().contains(token),
                "{case}: the token is echoed"
            );
        }
    }
}

#[tokio::test]
async fn an_authenticated_route_takes_any_valid_token_and_no_anonymous_caller() {
    let app = app(&[]).await;

    let scopeless = call(
        &app.router,
        get("/whoami", Some(&bearer(&app.issuer.token(&[])))),
    )
    .await;
    let anonymous = call(&app.router, get("/whoami", None)).await;

    assert_eq!(scopeless.status, StatusCode::OK);
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.spec["paths"]["/whoami"]["get"]["security"],
        json!([{ "bearer": [] }])
    );
}

#[tokio::test]
async fn a_missing_scope_is_a_403_naming_it() {
    let app = app(&[]).await;
    let reader = bearer(&app.issuer.token(&["things:read"]));

    let write = call(&app.router, request(Method::POST, "/things", Some(&reader))).await;
    let purge = call(
        &app.router,
        request(Method::DELETE, "/things", Some(&reader)),
    )
    .await;
    let admin = bearer(&app.issuer.token(&["things:read", "things:admin"]));
    let purged = call(
        &app.router,
        request(Method::DELETE, "/things", Some(&admin)),
    )
    .await;

    assert_eq!(write.status, StatusCode::FORBIDDEN);
    assert_eq!(
        write.challenge.as_deref(),
        Some("Bearer error=\"insufficient_scope\", scope=\"things:write\"")
    );
    assert_eq!(
        write.body["type"],
        "https://problems.serverless-axum.dev/forbidden"
    );
    assert_eq!(purge.status, StatusCode::FORBIDDEN);
    assert!(purge.body["detail"]
        .as_str()
        .is_some_and(|d| d.contains("things:admin")));
    assert_eq!(purged.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn keys_are_fetched_once_and_refreshed_once_per_rotation() {
    let app = app(&[("AUTH_JWKS_MIN_REFRESH_SECS", "1")]).await;
    let first = bearer(&app.issuer.token(&["things:read"]));

    // Twenty concurrent requests on a cold cache: one fetch.
    let calls = (0..20).map(|_| call(&app.router, get("/things", Some(&first))));
    let answers = futures_util::future::join_all(calls).await;
    assert!(answers.iter().all(|answer| answer.status == StatusCode::OK));
    assert_eq!(app.issuer.jwks_fetches(), 1);

    // The issuer rotates (a while after the first fetch): the first token with the new key id refreshes the set,
    // once.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.issuer.rotate();
    let rotated = bearer(&app.issuer.token(&["things:read"]));
    for _ in 0..5 {
        assert_eq!(
            call(&app.router, get("/things", Some(&rotated)))
                .await
                .status,
            StatusCode::OK
        );
    }
    assert_eq!(app.issuer.jwks_fetches(), 2);

    // Made-up key ids right after a refresh cost the issuer nothing more.
    for _ in 0..10 {
        let forged = bearer(
            &app.issuer
                .sign_with_unpublished_key(&app.issuer.claims(&["things:read"])),
        );
        assert_eq!(
            call(&app.router, get("/things", Some(&forged)))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(app.issuer.jwks_fetches(), 2);
}

#[tokio::test]
async fn an_issuer_that_is_down_costs_a_503_with_retry_after_then_recovers() {
    let app = app(&[("AUTH_JWKS_MIN_REFRESH_SECS", "0")]).await;
    let token = bearer(&app.issuer.token(&["things:read"]));

    app.issuer.set_down(true);
    let down = call(&app.router, get("/things", Some(&token))).await;
    app.issuer.set_down(false);
    let up = call(&app.router, get("/things", Some(&token))).await;

    assert_eq!(
        down.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        down.body
    );
    assert_eq!(down.retry_after.as_deref(), Some("5"));
    assert!(
        !down.body.to_string().contains("keys"),
        "the cause stays in the logs: {}",
        down.body
    );
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
}

/// A REST API (v1) event as API Gateway sends it after its Cognito authorizer: the claims are strings, `scope`
/// space-separated and prefixed with the resource server, `exp` a formatted date, no `Authorization` header.
fn rest_v1_with_claims(method: &str, claims: Value) -> String {
    let mut event: Value = serde_json::from_str(events::REST_V1_PROD_OPENAPI).expect("fixture");
    event["httpMethod"] = json!(method);
    event["path"] = json!("/things");
    event["pathParameters"] = json!({ "proxy": "things" });
    event["requestContext"]["httpMethod"] = json!(method);
    event["requestContext"]["path"] = json!("/prod/things");
    event["requestContext"]["authorizer"] = json!({ "claims": claims });
    event.to_string()
}

fn cognito_claims(issuer: &str, scope: &str) -> Value {
    json!({
        "sub": "6f1c2d3e4f5a6b7c8d9e0f1a2b",
        "token_use": "access",
        "scope": scope,
        "auth_time": "1795669500",
        "iss": issuer,
        "exp": "Sun Nov 29 13:00:00 UTC 2026",
        "iat": "Sun Nov 29 12:00:00 UTC 2026",
        "version": "2",
        "jti": "3b7e3c1a-2b10-4f8d-9d55-8a8e4a8c1c2e",
        "client_id": "6f1c2d3e4f5a6b7c8d9e0f1a2b"
    })
}

async fn lambda_call(app: &App, event: &str) -> Answer {
    let request = lambda_http::request::from_str(event).expect("lambda_http parses the event");
    let service = ServiceBuilder::new()
        .map_request(strip_stage)
        .service(app.router.clone());
    let response = service.oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    Answer {
        status,
        challenge: None,
        retry_after: None,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

#[tokio::test]
async fn behind_api_gateway_the_authorizers_claims_are_checked_again() {
    let issuer_url = "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_EXAMPLE";
    let app = app(&[
        ("AUTH_ISSUER", issuer_url),
        ("AUTH_AUDIENCE", "6f1c2d3e4f5a6b7c8d9e0f1a2b"),
        ("AUTH_SCOPE_PREFIX", "orders-api/"),
    ])
    .await;

    let read = lambda_call(
        &app,
        &rest_v1_with_claims("GET", cognito_claims(issuer_url, "orders-api/things:read")),
    )
    .await;
    let write = lambda_call(
        &app,
        &rest_v1_with_claims("POST", cognito_claims(issuer_url, "orders-api/things:read")),
    )
    .await;
    let other_pool = lambda_call(
        &app,
        &rest_v1_with_claims(
            "GET",
            cognito_claims(
                "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_OTHER",
                "orders-api/things:read",
            ),
        ),
    )
    .await;

    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(read.body["scopes"], json!(["things:read"]));
    assert_eq!(write.status, StatusCode::FORBIDDEN);
    assert_eq!(other_pool.status, StatusCode::UNAUTHORIZED);
    // No key was fetched: the gateway had verified the token.
    assert_eq!(app.issuer.jwks_fetches(), 0);
}

#[tokio::test]
async fn http_api_jwt_authorizer_claims_and_scopes_are_read() {
    let app = app(&[]).await;
    let mut event: Value = serde_json::from_str(events::HTTP_V2_DEFAULT_HEALTH).expect("fixture");
    event["rawPath"] = json!("/things");
    event["requestContext"]["http"]["path"] = json!("/things");
    event["requestContext"]["authorizer"] = json!({
        "jwt": {
            "claims": { "iss": app.issuer.url(), "aud": "test-api", "sub": "machine" },
            "scopes": ["things:read"]
        }
    });

    let answer = lambda_call(&app, &event.to_string()).await;

    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["subject"], "machine");
}

#[tokio::test]
async fn the_spec_says_which_scope_each_operation_needs() {
    let app = app(&[]).await;
    let paths = &app.spec["paths"];

    assert_eq!(
        paths["/things"]["get"]["security"],
        json!([{ "bearer": ["things:read"] }])
    );
    assert_eq!(
        paths["/things"]["post"]["security"],
        json!([{ "bearer": ["things:write"] }])
    );
    assert!(paths["/health"]["get"]["security"].is_null());
    let scheme = &app.spec["components"]["securitySchemes"]["bearer"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
    assert_eq!(scheme["bearerFormat"], "JWT");
}
