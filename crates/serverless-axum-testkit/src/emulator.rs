//! A Lambda Runtime API emulator on 127.0.0.1: it hands the function one queued event per `next` call and
//! collects what the function answers, as Lambda's own Runtime API does (API version 2018-06-01).

use std::{
    collections::VecDeque,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Router,
};
use tokio::sync::{mpsc, Notify};

/// What the function sent back for one invocation.
#[derive(Debug)]
pub enum Outcome {
    Response { request_id: String, body: Bytes },
    Error { request_id: String, body: Bytes },
    InitError { body: Bytes },
}

/// The trace header every invocation carries unless [`Emulator::invoke_traced`] chooses one.
pub const TRACE_HEADER: &str =
    "Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";

/// An invocation waiting for the function's next `next`: request id, event, trace header.
type Queued = (String, String, String);

#[derive(Clone)]
struct Shared {
    queue: Arc<Mutex<VecDeque<Queued>>>,
    queued: Arc<Notify>,
    outcomes: mpsc::UnboundedSender<Outcome>,
}

/// A running emulator; dropping it stops serving.
pub struct Emulator {
    pub address: SocketAddr,
    shared: Shared,
    outcomes: mpsc::UnboundedReceiver<Outcome>,
    server: tokio::task::JoinHandle<()>,
}

impl Emulator {
    pub async fn start() -> Self {
        let (outcomes_tx, outcomes) = mpsc::unbounded_channel();
        let shared = Shared {
            queue: Arc::default(),
            queued: Arc::default(),
            outcomes: outcomes_tx,
        };
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds the emulator");
        let address = listener.local_addr().expect("an address");
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        Self {
            address,
            shared,
            outcomes,
            server,
        }
    }

    /// Queues `event` as invocation `request_id`, in the trace of [`TRACE_HEADER`].
    pub fn invoke(&self, request_id: &str, event: &str) {
        self.invoke_traced(request_id, event, TRACE_HEADER);
    }

    /// Queues `event` as invocation `request_id` with its own X-Ray trace header (`Root=…;Parent=…;Sampled=…`),
    /// handed over as `Lambda-Runtime-Trace-Id` (the runtime sets `_X_AMZN_TRACE_ID` from it), as Lambda does
    /// for every invocation.
    pub fn invoke_traced(&self, request_id: &str, event: &str, trace_header: &str) {
        if let Ok(mut queue) = self.shared.queue.lock() {
            queue.push_back((
                request_id.to_owned(),
                event.to_owned(),
                trace_header.to_owned(),
            ));
        }
        self.shared.queued.notify_one();
    }

    /// The next thing the function reported, waiting at most `within`.
    pub async fn outcome(&mut self, within: Duration) -> Option<Outcome> {
        tokio::time::timeout(within, self.outcomes.recv())
            .await
            .ok()
            .flatten()
    }

    /// Hands `event` to the function as invocation `request_id` and returns its JSON response (the proxy
    /// integration's `statusCode`/`headers`/`body` object); panics, saying what the function reported instead, on
    /// an error, a failed start or no answer within 30 s.
    pub async fn invoke_json(&mut self, request_id: &str, event: &str) -> serde_json::Value {
        self.invoke(request_id, event);
        match self.outcome(Duration::from_secs(30)).await {
            Some(Outcome::Response {
                request_id: answered,
                body,
            }) => {
                assert_eq!(
                    answered, request_id,
                    "the response answers another invocation"
                );
                serde_json::from_slice(&body).expect("a JSON response")
            }
            Some(Outcome::Error {
                request_id: failed,
                body,
            }) => panic!(
                "the function reported an error for {failed}: {}",
                String::from_utf8_lossy(&body)
            ),
            Some(Outcome::InitError { body }) => panic!(
                "the function failed to start: {}",
                String::from_utf8_lossy(&body)
            ),
            None => panic!("no answer to {request_id} in time"),
        }
    }

    /// The JSON document in the `body` of a proxy-integration response (what [`Emulator::invoke_json`] returns).
    pub fn body_json(response: &serde_json::Value) -> serde_json::Value {
        let body = response["body"].as_str().expect("a text body");
        serde_json::from_str(body).expect("a JSON body")
    }

    /// Starts `binary` as Lambda starts a function, pointed at this emulator: Lambda's environment variables
    /// (function name, memory, version, log group and stream, JSON log format) and nothing else from this process,
    /// stdout discarded; killed when the returned child is dropped.
    pub fn start_function(&self, binary: &std::path::Path) -> tokio::process::Child {
        self.start_function_with(binary, &[])
    }

    /// [`Self::start_function`], with `extra` variables on top of Lambda's (a service's own settings, such as an
    /// issuer's `AUTH_ISSUER`).
    pub fn start_function_with(
        &self,
        binary: &std::path::Path,
        extra: &[(&str, String)],
    ) -> tokio::process::Child {
        tokio::process::Command::new(binary)
            .env_clear()
            .env("AWS_LAMBDA_RUNTIME_API", self.address.to_string())
            .env("AWS_LAMBDA_FUNCTION_NAME", "orders-api-test")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env(
                "AWS_LAMBDA_LOG_STREAM_NAME",
                "2026/11/27/[$LATEST]0123456789abcdef",
            )
            .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/orders-api-test")
            .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
            .env("APP_ENVIRONMENT", "test")
            .envs(extra.iter().map(|(name, value)| (*name, value.as_str())))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("the function's binary starts")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn next(State(shared): State<Shared>) -> Response {
    loop {
        let popped = shared
            .queue
            .lock()
            .ok()
            .and_then(|mut queue| queue.pop_front());
        if let Some((request_id, event, trace_header)) = popped {
            let deadline = SystemTime::now()
                .checked_add(Duration::from_secs(30))
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_millis());
            let mut headers = HeaderMap::new();
            let mut set = |name: &'static str, value: String| {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    headers.insert(name, value);
                }
            };
            set("lambda-runtime-aws-request-id", request_id);
            set("lambda-runtime-deadline-ms", deadline.to_string());
            set(
                "lambda-runtime-invoked-function-arn",
                "arn:aws:lambda:us-west-2:123456789012:function:emulated".to_owned(),
            );
            set("lambda-runtime-trace-id", trace_header);
            set("content-type", "application/json".to_owned());
            return (headers, event).into_response();
        }
        shared.queued.notified().await;
    }
}

async fn response(
    State(shared): State<Shared>,
    Path(request_id): Path<String>,
    body: Bytes,
) -> StatusCode {
    shared
        .outcomes
        .send(Outcome::Response { request_id, body })
        .ok();
    StatusCode::ACCEPTED
}

async fn error(
    State(shared): State<Shared>,
    Path(request_id): Path<String>,
    body: Bytes,
) -> StatusCode {
    shared
        .outcomes
        .send(Outcome::Error { request_id, body })
        .ok();
    StatusCode::ACCEPTED
}

async fn init_error(State(shared): State<Shared>, body: Bytes) -> StatusCode {
    shared.outcomes.send(Outcome::InitError { body }).ok();
    StatusCode::ACCEPTED
}

/// The binary of package `package` (pass `env!("CARGO_PKG_NAME")`) that cargo built beside the running test
/// (`<target>/<profile>/<package name>`), which the tests start as Lambda starts it.
pub fn service_binary(package: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("tests run from <target>/<profile>/deps");
    profile_dir.join(format!("{package}{}", std::env::consts::EXE_SUFFIX))
}
