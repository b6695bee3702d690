//! `status` against moto.

use std::time::Duration;

use serde_json::Value;

use crate::support::{stdout, Deployed};

#[tokio::test]
async fn status_reads_alarms_the_live_alias_and_the_signals() {
    let deployed = Deployed::new("orders-api").await;
    deployed
        .set_alarm(
            "api-5xx-rate",
            aws_sdk_cloudwatch::types::StateValue::Alarm,
            "5XX above 5 %",
        )
        .await;
    // Status reads the last hour up to the last whole minute: traffic of two minutes ago.
    let ago = Duration::from_secs(120);
    deployed.serve_earlier("2xx", 40.0, ago).await;
    deployed.serve_earlier("5xx", 10.0, ago).await;
    let service = [("Service", "orders-api"), ("Environment", "prod")];
    deployed
        .put_earlier("ServerlessAxum", "ColdStart", &service, 2.0, ago)
        .await;
    deployed
        .put_earlier("ServerlessAxum", "Latency", &service, 12.5, ago)
        .await;
    deployed
        .put_earlier(
            "AWS/Lambda",
            "Throttles",
            &[("FunctionName", "orders-api-prod")],
            0.0,
            ago,
        )
        .await;

    let output = deployed.run(&["status", "--format", "json"]);

    let status: Value = serde_json::from_str(&stdout(&output)).expect("JSON on stdout");
    assert_eq!(status["release"]["version"], deployed.version.as_str());
    assert_eq!(status["release"]["function"], "orders-api-prod");
    let alarms = status["alarms"].as_array().expect("alarms");
    assert_eq!(
        alarms.len(),
        deployed.alarms.len(),
        "every alarm of the template"
    );
    for alarm in alarms {
        let expected = if alarm["id"] == "api-5xx-rate" {
            "ALARM"
        } else {
            "OK"
        };
        assert_eq!(alarm["state"], expected, "{alarm}");
    }
    let signals = &status["signals"];
    assert_eq!(signals["requests"], 50.0);
    assert_eq!(signals["errorRate"], 0.2);
    assert_eq!(signals["coldStarts"], 2.0);
    assert_eq!(signals["throttles"], 0.0);
    // moto answers GetMetricData with a percentile statistic with a 500: status says so and exits 1 (incomplete).
    assert!(
        signals["latencyP99Ms"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("GetMetricData")),
        "{signals}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[tokio::test]
async fn the_table_fits_a_terminal() {
    let deployed = Deployed::new("orders-api").await;
    deployed
        .serve_earlier("2xx", 1.0, Duration::from_secs(120))
        .await;

    let output = deployed.run(&["status"]);

    let text = stdout(&output);
    assert!(
        text.starts_with("orders-api · prod · eu-west-1 · "),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "live alias of orders-api-prod: version {}\n",
            deployed.version
        )),
        "{text}"
    );
    assert!(text.contains("  requests          1\n"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

#[tokio::test]
async fn an_unknown_environment_is_refused() {
    let deployed = Deployed::new("orders-api").await;
    let output = deployed.run(&["status", "--env", "staging"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("environment \"staging\": expected \"prod\" or a preview"));
}
