//! Lambda mode: the same `Router`, fed by `lambda_http` from API Gateway (REST v1 and HTTP v2, any stage),
//! an Application Load Balancer or a Function URL.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use axum::{http::Uri, Router};
use lambda_http::{
    lambda_runtime::{LambdaInvocation, Runtime},
    request::RequestContext,
    tower::Layer,
    Adapter, Request, RequestExt, Service,
};
use tower::ServiceBuilder;

use crate::telemetry::Telemetry;

/// Serves `router` through the Lambda Runtime API until the execution environment is shut down, flushing
/// `telemetry` after every invocation.
pub async fn run(router: Router, telemetry: Telemetry) -> Result<(), lambda_http::Error> {
    let service = ServiceBuilder::new()
        .map_request(strip_stage)
        .service(router);
    Runtime::new(Adapter::from(service))
        .layer(FlushAfterInvocation { telemetry })
        .run()
        .await
}

/// Flushes telemetry once an invocation is answered (its response already posted to the Runtime API) and before
/// the runtime asks for the next event: from then on Lambda may freeze the environment, and metrics or spans
/// still buffered would be lost or arrive late. The caller does not wait for the flush.
#[derive(Clone, Debug)]
pub struct FlushAfterInvocation {
    telemetry: Telemetry,
}

impl<S> Layer<S> for FlushAfterInvocation {
    type Service = FlushAfterInvocationService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        FlushAfterInvocationService {
            inner,
            telemetry: self.telemetry.clone(),
        }
    }
}

/// The service [`FlushAfterInvocation`] wraps around the runtime's.
#[derive(Clone, Debug)]
pub struct FlushAfterInvocationService<S> {
    inner: S,
    telemetry: Telemetry,
}

impl<S> Service<LambdaInvocation> for FlushAfterInvocationService<S>
where
    S: Service<LambdaInvocation, Response = ()>,
    S::Future: 'static,
{
    type Response = ();
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<(), S::Error>>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, invocation: LambdaInvocation) -> Self::Future {
        let answered = self.inner.call(invocation);
        let telemetry = self.telemetry.clone();
        Box::pin(async move {
            let outcome = answered.await;
            telemetry.flush().await;
            outcome
        })
    }
}

/// Routes see the same path behind API Gateway as locally: `/prod/openapi.json` on stage `prod` is served as
/// `/openapi.json`.
///
/// For REST (v1) events `lambda_http` puts the stage in front of the resource path; the event's own `path`
/// (the raw path) never has it. For HTTP (v2) events on a named stage, API Gateway's `rawPath` starts with the
/// stage. In both cases the stage segment is removed here, exactly once.
pub fn strip_stage(mut request: Request) -> Request {
    let (stage, stage_in_raw_path) = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV1(context)) => (context.stage.clone(), false),
        Some(RequestContext::ApiGatewayV2(context)) => (context.stage.clone(), true),
        _ => return request,
    };
    let Some(stage) = stage.filter(|stage| !stage.is_empty() && stage != "$default") else {
        return request;
    };
    let prefix = format!("/{stage}");
    let raw_path = request.raw_http_path();
    let added_by_lambda_http = !stage_in_raw_path && !starts_with_segment(raw_path, &prefix);
    if !(added_by_lambda_http || stage_in_raw_path) {
        return request;
    }
    let uri = request.uri();
    let Some(rest) = uri.path().strip_prefix(&prefix) else {
        return request;
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return request;
    }
    let path = if rest.is_empty() { "/" } else { rest };
    let path_and_query = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    if let Ok(path_and_query) = path_and_query.parse() {
        parts.path_and_query = Some(path_and_query);
        if let Ok(stripped) = Uri::from_parts(parts) {
            *request.uri_mut() = stripped;
        }
    }
    request
}

fn starts_with_segment(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
