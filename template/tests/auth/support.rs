//! The service's router trusting a test issuer on 127.0.0.1, and what its OpenAPI description guards.

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use serde_json::Value;
use serverless_axum_kit::{service_info, Settings};
use serverless_axum_testkit::issuer::TestIssuer;
use service::{app::build_router, state::AppState};
use tower::ServiceExt;

/// The service, trusting `issuer` (and, with `extra`, whatever else the test sets).
pub fn router(issuer: &TestIssuer, extra: &[(&str, &str)]) -> Router {
    let mut vars: Vec<(&str, String)> = extra.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    vars.extend(issuer.env());
    let files = tempfile::tempdir().expect("a temporary directory");
    let files_dir = files.keep();
    vars.push(("FILES_DIR", files_dir.to_string_lossy().into_owned()));
    build_router(AppState::with_lookup(
        Settings::for_tests(service_info!()),
        move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, v)| v.clone())
        },
    ))
}

pub struct Answer {
    pub status: StatusCode,
    pub challenge: Option<String>,
    pub body: Value,
}

pub async fn call(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let challenge = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    Answer {
        status,
        challenge,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// One operation of the OpenAPI description.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    /// The path with its parameters filled in.
    pub uri: String,
    /// `None`: public; `Some(scopes)`: a token with these scopes (none: any token).
    pub scopes: Option<Vec<String>>,
}

impl Operation {
    /// A request for this operation, with a body it accepts, and `token` when given.
    pub fn request(&self, token: Option<&str>) -> Request<Body> {
        let mut request = Request::builder()
            .method(self.method.clone())
            .uri(&self.uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match self.method {
            Method::POST => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(r#"{"path":"probe/upload.bin","size":3}"#)
            }
            Method::PUT => {
                request = request.header(header::CONTENT_TYPE, "text/plain");
                Body::from("abc")
            }
            _ => Body::empty(),
        };
        request.body(body).expect("a request")
    }
}

/// Every operation of `spec`, with what it requires.
pub fn operations(spec: &Value) -> Vec<Operation> {
    let mut operations = Vec::new();
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in paths {
        let uri = path.replace("{path}", "probe/file.txt");
        for (method, operation) in item.as_object().cloned().unwrap_or_default() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let scopes = operation["security"].as_array().map(|requirements| {
                requirements
                    .iter()
                    .filter_map(|requirement| requirement["bearer"].as_array())
                    .flatten()
                    .filter_map(|scope| scope.as_str().map(str::to_owned))
                    .collect()
            });
            operations.push(Operation {
                method,
                uri: uri.clone(),
                scopes,
            });
        }
    }
    operations
}

/// The OpenAPI description the service serves.
pub async fn spec(router: &Router) -> Value {
    let answer = call(
        router,
        Request::get("/openapi.json")
            .body(Body::empty())
            .expect("a request"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.body
}
