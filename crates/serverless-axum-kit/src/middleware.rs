//! The middleware every request goes through, outermost first:
//! request id → access log → problem rendering → timeout → panic catching → body limit → routes.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    Router,
};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    limit::RequestBodyLimitLayer,
    request_id::{PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
};

use crate::{
    problem::{Problem, ProblemType, PROBLEM_JSON},
    request_id::{self, MakeServiceRequestId, REQUEST_ID_HEADER},
    settings::Settings,
    telemetry,
};

/// Longest plain-text error body that is passed on to the client as a problem's `detail`.
const MAX_DETAIL_BYTES: usize = 1024;

/// What a 413 for a request to a path adds about sending large bodies another way (`None`: nothing).
pub type LargeBodyHint = fn(&str) -> Option<&'static str>;

/// The middleware stack every service puts around its routes, outermost first: request id, access log and span,
/// problem+json rendering, timeout, panic catching, body limit. Made by [`layers`], applied by
/// [`Layers::apply`].
#[derive(Debug, Clone, Copy)]
pub struct Layers {
    limits: Limits,
    request_timeout: std::time::Duration,
}

/// The middleware stack configured from `settings` (`REQUEST_TIMEOUT_SECS`, `MAX_BODY_BYTES`).
///
/// ```
/// use axum::{routing::get, Router};
/// use serverless_axum_kit::{layers, service_info, Settings};
///
/// let settings = Settings::for_tests(service_info!());
/// let app: Router = layers(&settings).apply(Router::new().route("/", get(|| async { "hi" })));
/// ```
pub fn layers(settings: &Settings) -> Layers {
    Layers {
        limits: Limits {
            max_body_bytes: settings.max_body_bytes,
            large_body_hint: |_| None,
        },
        request_timeout: settings.request_timeout,
    }
}

impl Layers {
    /// Adds `hint` to the detail of the 413 the body limit answers with (e.g. "upload large files through
    /// `POST /v1/uploads`" for the paths of a files API).
    pub fn large_body_hint(mut self, hint: LargeBodyHint) -> Self {
        self.limits.large_body_hint = hint;
        self
    }

    /// Wraps `router` in the stack.
    pub fn apply(self, router: Router) -> Router {
        router.layer(
            ServiceBuilder::new()
                .map_request(request_id::drop_insane_request_id)
                .layer(SetRequestIdLayer::new(
                    REQUEST_ID_HEADER,
                    MakeServiceRequestId,
                ))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
                .layer(axum::middleware::from_fn(telemetry::access_log))
                .layer(middleware::from_fn_with_state(self.limits, render_problems))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::GATEWAY_TIMEOUT,
                    self.request_timeout,
                ))
                .layer(CatchPanicLayer::custom(answer_panic))
                .layer(RequestBodyLimitLayer::new(self.limits.max_body_bytes)),
        )
    }
}

/// What `render_problems` needs to explain a refusal.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_body_bytes: usize,
    large_body_hint: LargeBodyHint,
}

/// Gives every 4xx/5xx response a problem+json body carrying the request id: problems that handlers attached
/// (see [`crate::ApiError`]) and the bare refusals of the router and of tower-http's layers alike.
async fn render_problems(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let request_id = request_id::of(&request);
    let method = request.method().clone();
    let path = request.uri().path().to_owned();

    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let mut problem = match parts.extensions.remove::<Problem>() {
        Some(problem) => problem,
        None if is_problem_json(parts.headers.get(header::CONTENT_TYPE)) => {
            return Response::from_parts(parts, body)
        }
        None => {
            let kind = ProblemType::from_status(status);
            let passed_on = if explains_itself(status) {
                plain_text(parts.headers.get(header::CONTENT_TYPE), body).await
            } else {
                None
            };
            let detail = passed_on.unwrap_or_else(|| default_detail(kind, &method, &path, limits));
            Problem::new(kind, detail)
        }
    };
    problem.instance = Some(path);
    problem.request_id = request_id;
    parts.extensions.insert(problem.clone());

    let body = serde_json::to_vec(&problem).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    Response::from_parts(parts, Body::from(body))
}

/// axum's extractor rejections (bad JSON, a wrong content type, an unparsable query or path) answer with these
/// statuses and a plain-text explanation worth passing on. Other refusals get this service's own wording.
fn explains_itself(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::BAD_REQUEST
            | StatusCode::UNSUPPORTED_MEDIA_TYPE
            | StatusCode::UNPROCESSABLE_ENTITY
    )
}

fn is_problem_json(content_type: Option<&HeaderValue>) -> bool {
    content_type
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(PROBLEM_JSON))
}

/// The body of a short `text/plain` refusal (axum's extractor rejections explain themselves this way).
async fn plain_text(content_type: Option<&HeaderValue>, body: Body) -> Option<String> {
    let is_text = content_type
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/plain"));
    if !is_text {
        return None;
    }
    let bytes = axum::body::to_bytes(body, MAX_DETAIL_BYTES).await.ok()?;
    let text = String::from_utf8(bytes.to_vec()).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn default_detail(kind: ProblemType, method: &Method, path: &str, limits: Limits) -> String {
    match kind {
        ProblemType::NotFound => format!("No resource at {path}."),
        ProblemType::MethodNotAllowed => {
            format!(
                "{method} is not allowed on {path}; the Allow header lists the methods that are."
            )
        }
        ProblemType::PayloadTooLarge => {
            let inline = format!(
                "The request body is larger than the {} bytes this API accepts inline.",
                limits.max_body_bytes
            );
            match (limits.large_body_hint)(path) {
                Some(hint) => format!("{inline} {hint}"),
                None => inline,
            }
        }
        ProblemType::Timeout => "The request took longer than this API allows.".to_owned(),
        ProblemType::Internal => {
            "The server failed to answer this request; the request id identifies it in our logs."
                .to_owned()
        }
        other => other.title().to_owned(),
    }
}

/// A handler panicked: log it, answer 500 (rendered as problem+json by `render_problems`), keep serving.
fn answer_panic(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic payload");
    tracing::error!(panic = message, "handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
