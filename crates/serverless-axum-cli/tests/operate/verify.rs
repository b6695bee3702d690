//! `verify` against moto: real bakes of a few seconds, an alarm set to ALARM by the test halfway through.

use std::time::Duration;

use aws_sdk_cloudwatch::types::StateValue;

use crate::support::{stdout, Deployed};

#[tokio::test]
async fn a_bake_passes_when_requests_arrive_and_alarms_stay_ok() {
    let deployed = Deployed::new("orders-api").await;
    deployed.serve("2xx", 5.0).await;

    let output = deployed.run(&["verify", "--bake", "3s", "--poll", "1s"]);

    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains(&format!(
            "alias live: version {}, all traffic",
            deployed.version
        )),
        "{text}"
    );
    assert!(text.contains("requests arrived: 5 since"), "{text}");
    assert!(
        text.ends_with(&format!(
            "verify: orders-api prod (version {}) baked for 3s: passed\n",
            deployed.version
        )),
        "{text}"
    );
}

#[tokio::test]
async fn a_paging_alarm_that_fires_halfway_fails_the_bake() {
    let deployed = Deployed::new("orders-api").await;
    deployed.serve("2xx", 5.0).await;
    let mut command = deployed.command(&["verify", "--bake", "30s", "--poll", "1s"]);
    let bake = tokio::task::spawn_blocking(move || command.output().expect("runs serverless-axum"));
    tokio::time::sleep(Duration::from_secs(3)).await;
    deployed
        .set_alarm(
            "lambda-errors",
            StateValue::Alarm,
            "Threshold Crossed: 2 out of the last 3 datapoints",
        )
        .await;

    let output = bake.await.expect("the bake ends");

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("verify: orders-api prod failed: paging alarm orders-api-prod-lambda-errors is ALARM: Threshold Crossed: 2 out of the last 3 datapoints"),
        "{text}"
    );
    assert_eq!(
        deployed.live_version().await,
        deployed.version,
        "no --rollback: live stays"
    );
}

#[tokio::test]
async fn a_bake_fails_when_no_request_arrives() {
    let deployed = Deployed::new("orders-api").await;

    let output = deployed.run(&["verify", "--bake", "2s", "--poll", "1s"]);

    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("failed: no request reached the new version: orders-api prod has no Requests datapoint since"));
}

#[tokio::test]
async fn a_failed_bake_with_rollback_moves_live_to_the_previous_version() {
    let deployed = Deployed::with_two_versions("orders-api").await;
    assert_eq!(deployed.live_version().await, "2");

    let output = deployed.run(&["verify", "--bake", "2s", "--poll", "1s", "--rollback"]);

    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains(
            "verify: rolled back: alias live of orders-api-prod now serves version 1 (was 2)"
        ),
        "{}",
        stdout(&output)
    );
    assert_eq!(deployed.live_version().await, "1");
}

#[tokio::test]
async fn a_missing_stack_fails_before_any_bake() {
    let deployed = Deployed::new("orders-api").await;
    let config = deployed.dir.path().join("infra/service.config.json");
    let text = std::fs::read_to_string(&config)
        .expect("config")
        .replace("orders-api", "payments-api");
    std::fs::write(&config, text).expect("write");

    let output = deployed.run(&["verify", "--bake", "1m"]);

    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("failed: stack payments-api-prod-app does not exist"),
        "{}",
        stdout(&output)
    );
}
