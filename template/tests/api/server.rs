//! The real HTTP server on an ephemeral port: it answers, and at shutdown it lets in-flight requests finish.

use std::time::Duration;

use axum::{routing::get, Router};
use serverless_axum_kit::{layers, runtime::server::Server, service_info, Settings};
use service::{app::build_router, state::AppState};
use tokio::sync::oneshot;

#[tokio::test]
async fn the_server_answers_over_http_on_an_ephemeral_port() {
    let settings = Settings::for_tests(service_info!());
    let server = Server::bind(
        &settings,
        build_router(AppState::with_defaults(settings.clone())),
    )
    .await
    .expect("binds port 0");
    let address = server.local_addr().expect("a bound address");
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async {
        stopped.await.ok();
    }));

    let response = reqwest::get(format!("http://{address}/health"))
        .await
        .expect("the server answers");
    let missing = reqwest::get(format!("http://{address}/missing"))
        .await
        .expect("the server answers");

    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    stop.send(()).ok();
    serving.await.expect("joins").expect("stops cleanly");
}

#[tokio::test]
async fn shutdown_lets_in_flight_requests_finish() {
    let settings = Settings::for_tests(service_info!());
    let slow = Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            "done"
        }),
    );
    let server = Server::bind(&settings, layers(&settings).apply(slow))
        .await
        .expect("binds port 0");
    let address = server.local_addr().expect("a bound address");
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async {
        stopped.await.ok();
    }));

    let in_flight = tokio::spawn(reqwest::get(format!("http://{address}/slow")));
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).ok();

    let response = in_flight
        .await
        .expect("joins")
        .expect("the in-flight request is answered");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("a body"), "done");
    serving.await.expect("joins").expect("stops cleanly");
    assert!(
        reqwest::get(format!("http://{address}/slow"))
            .await
            .is_err(),
        "no new connections after shutdown"
    );
}
