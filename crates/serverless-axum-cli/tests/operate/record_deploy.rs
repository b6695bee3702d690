//! `record-deploy` against moto: the metrics read back with GetMetricData.

use std::time::{Duration, SystemTime};

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};

use crate::support::{stdout, Deployed};

/// The datapoints of `name` in the last hour, a minute at a time.
async fn read_back(deployed: &Deployed, name: &str) -> Vec<f64> {
    let now = SystemTime::now();
    let output = deployed
        .cloudwatch
        .get_metric_data()
        .metric_data_queries(
            MetricDataQuery::builder()
                .id("m")
                .metric_stat(
                    MetricStat::builder()
                        .metric(
                            Metric::builder()
                                .namespace("ServerlessAxum/Delivery")
                                .metric_name(name)
                                // Sorted by name, as moto needs (see `Deployed::put_earlier`).
                                .dimensions(
                                    Dimension::builder()
                                        .name("Environment")
                                        .value("prod")
                                        .build(),
                                )
                                .dimensions(
                                    Dimension::builder()
                                        .name("Service")
                                        .value(&deployed.service)
                                        .build(),
                                )
                                .build(),
                        )
                        .period(60)
                        .stat("Sum")
                        .build(),
                )
                .build(),
        )
        .start_time(DateTime::from(now - Duration::from_secs(3600)))
        .end_time(DateTime::from(now + Duration::from_secs(60)))
        .scan_by(ScanBy::TimestampAscending)
        .send()
        .await
        .expect("GetMetricData");
    output
        .metric_data_results()
        .first()
        .map(|r| r.values().to_vec())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_passed_deploy_is_read_back_from_cloudwatch() {
    let deployed = Deployed::new("orders-api").await;
    let commit = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_mins(45))
        .expect("in range");

    let output = deployed.run(&[
        "record-deploy",
        "--outcome",
        "success",
        "--commit-time",
        &commit.to_string(),
    ]);

    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).starts_with("record-deploy: orders-api prod Success at "),
        "{}",
        stdout(&output)
    );
    assert_eq!(read_back(&deployed, "Deployments").await, [1.0]);
    assert_eq!(read_back(&deployed, "FailedDeployments").await, [0.0]);
    let lead_time = read_back(&deployed, "LeadTime").await;
    assert!(
        lead_time.len() == 1 && (2700.0..2760.0).contains(&lead_time[0]),
        "{lead_time:?}"
    );
    assert!(read_back(&deployed, "TimeToRestore").await.is_empty());
}

#[tokio::test]
async fn a_failed_then_passed_deploy_records_the_time_to_restore() {
    let deployed = Deployed::new("orders-api").await;
    let now = jiff::Timestamp::now();
    let ago = |minutes: i64| {
        now.checked_sub(jiff::SignedDuration::from_mins(minutes))
            .expect("in range")
            .to_string()
    };

    let failed = deployed.run(&[
        "record-deploy",
        "--outcome",
        "failure",
        "--commit-time",
        &ago(50),
        "--finished-at",
        &ago(40),
    ]);
    assert_eq!(failed.status.code(), Some(0));
    let restored = deployed.run(&[
        "record-deploy",
        "--outcome",
        "success",
        "--commit-time",
        &ago(15),
        "--finished-at",
        &ago(0),
        "--format",
        "json",
    ]);

    assert_eq!(restored.status.code(), Some(0));
    let recorded: serde_json::Value = serde_json::from_str(&stdout(&restored)).expect("JSON");
    let time_to_restore = recorded["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .find(|m| m[0] == "TimeToRestore")
        .map(|m| m[1].clone());
    let seconds = time_to_restore
        .and_then(|v| v.as_f64())
        .expect("a time to restore");
    assert!(
        (2400.0..2460.0).contains(&seconds),
        "40 minutes, to the minute: {seconds}"
    );
    assert_eq!(read_back(&deployed, "Deployments").await, [1.0, 1.0]);
    assert_eq!(read_back(&deployed, "FailedDeployments").await, [1.0, 0.0]);
    assert_eq!(read_back(&deployed, "TimeToRestore").await, [seconds]);
}
