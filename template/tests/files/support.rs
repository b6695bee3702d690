//! `FilesApp`: the Files API behind the service's real middleware, over a local directory or over S3 (moto),
//! with helpers to send it requests.

use std::sync::Arc;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_s3::config::{retry::RetryConfig, Credentials, SharedCredentialsProvider};
use axum::{
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use serverless_axum_kit::{layers, service_info, Public, Settings};
use serverless_axum_testkit::moto;
use service::{
    files::{
        self,
        store::{local::LocalStore, s3::S3Store, FileStore},
        Files,
    },
    state::AppState,
};
use tower::ServiceExt;

/// Which adapter a `FilesApp` runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Local,
    S3,
}

/// What came back.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "{} body is not JSON ({error}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts `status`, showing the body when it is another.
    pub fn assert_status(&self, status: StatusCode) -> &Self {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        self
    }

    /// Asserts a problem+json answer with `status` and returns its detail.
    pub fn problem(&self, status: StatusCode) -> String {
        self.assert_status(status);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let problem = self.json();
        assert_eq!(problem["status"], status.as_u16());
        assert!(problem["request_id"].is_string(), "{problem}");
        problem["detail"].as_str().unwrap_or_default().to_owned()
    }
}

/// The Files API over one store, with the service's middleware.
pub struct FilesApp {
    pub backend: Backend,
    pub router: Router,
    /// The local store's root (kept alive for the test's duration), or `None` on S3.
    pub dir: Option<tempfile::TempDir>,
    /// The bucket on S3.
    pub bucket: Option<String>,
}

impl FilesApp {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Local => Self::local(),
            Backend::S3 => Self::s3().await,
        }
    }

    /// Over a new temporary directory.
    pub fn local() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store: Arc<dyn FileStore> = Arc::new(LocalStore::new(dir.path()));
        Self {
            backend: Backend::Local,
            router: router_over(store, &Settings::for_tests(service_info!())),
            dir: Some(dir),
            bucket: None,
        }
    }

    /// Over a new bucket of the test process's moto server, under a key prefix.
    pub async fn s3() -> Self {
        let sdk_config = sdk_config(&moto::endpoint());
        let bucket = format!("files-{}", uuid::Uuid::new_v4().simple());
        files::store::s3::client_for(&sdk_config)
            .create_bucket()
            .bucket(&bucket)
            .send()
            .await
            .expect("moto creates the bucket");
        let store: Arc<dyn FileStore> = Arc::new(S3Store::with_config(
            sdk_config,
            bucket.clone(),
            "tenant-a/",
        ));
        Self {
            backend: Backend::S3,
            router: router_over(store, &Settings::for_tests(service_info!())),
            dir: None,
            bucket: Some(bucket),
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        send(self.router.clone(), request).await
    }

    pub async fn put(&self, path: &str, content_type: &str, body: impl Into<Body>) -> Answer {
        self.put_with(path, content_type, body, &[]).await
    }

    pub async fn put_with(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<Body>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request =
            Request::put(format!("/v1/files/{path}")).header("content-type", content_type);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(body.into()).expect("a request"))
            .await
    }

    pub async fn get(&self, uri: &str) -> Answer {
        self.get_with(uri, &[]).await
    }

    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Answer {
        self.call(Method::GET, uri, headers).await
    }

    pub async fn call(&self, method: Method, uri: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).expect("a request"))
            .await
    }

    /// The ETag of a file just written.
    pub async fn etag_after_put(&self, path: &str, body: &'static [u8]) -> String {
        let answer = self.put(path, "text/plain", body).await;
        assert!(answer.status.is_success(), "{}", answer.status);
        answer.header("etag").expect("an ETag").to_owned()
    }
}

/// The Files routes over `store`, behind the service's middleware stack.
pub fn router_over(store: Arc<dyn FileStore>, settings: &Settings) -> Router {
    let files = Files::new(store, settings.max_body_bytes);
    let (routes, _spec) = files::routes_with(files, &Public).split_for_parts();
    layers(settings)
        .large_body_hint(files::large_body_hint)
        .apply(routes.with_state(AppState::with_defaults(settings.clone())))
}

/// SDK configuration for moto at `endpoint`: fixed dummy credentials and region, nothing read from the
/// environment, nothing sent anywhere but `endpoint`.
pub fn sdk_config(endpoint: &str) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "test", "test", None, None, "tests",
        )))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::standard().with_max_attempts(2))
        .build()
}

pub async fn send(router: Router, request: Request<Body>) -> Answer {
    let response = router
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let (parts, body) = response.into_parts();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: body
            .collect()
            .await
            .expect("a readable body")
            .to_bytes()
            .to_vec(),
    }
}
