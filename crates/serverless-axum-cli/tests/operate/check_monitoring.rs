//! `check-monitoring` against moto: the deployed dashboard and alarms, their metrics listed.

use crate::support::{stdout, Deployed};

/// A dashboard body as CloudFormation deploys the CDK library's: requests by class, cold starts, Lambda errors.
fn dashboard(service: &str, cold_start_metric: &str) -> String {
    let base = ["Service", service, "Environment", "prod"];
    serde_json::json!({ "widgets": [
        { "type": "text", "properties": { "markdown": "# orders" } },
        { "type": "metric", "properties": { "title": "Requests by status class (service)", "region": "eu-west-1", "metrics": [
            ["ServerlessAxum", "Requests", base[0], base[1], base[2], base[3], "StatusClass", "2xx", { "label": "2xx", "stat": "Sum" }],
            ["ServerlessAxum", "Requests", base[0], base[1], base[2], base[3], "StatusClass", "5xx", { "label": "5xx", "stat": "Sum" }] ] } },
        { "type": "metric", "properties": { "title": "Cold starts", "metrics": [
            ["ServerlessAxum", cold_start_metric, base[0], base[1], base[2], base[3], { "stat": "Sum" }] ] } },
        { "type": "metric", "properties": { "title": "Lambda errors", "metrics": [
            ["AWS/Lambda", "Errors", "FunctionName", format!("{service}-prod"), { "stat": "Sum" }] ] } } ] })
    .to_string()
}

async fn deploy_with_traffic(cold_start_metric: &str) -> Deployed {
    let deployed = Deployed::new("orders-api").await;
    deployed
        .cloudwatch
        .put_dashboard()
        .dashboard_name("orders-api-prod")
        .dashboard_body(dashboard("orders-api", cold_start_metric))
        .send()
        .await
        .expect("PutDashboard");
    deployed.serve("2xx", 3.0).await;
    deployed
        .put(
            "ServerlessAxum",
            "ColdStart",
            &[("Service", "orders-api"), ("Environment", "prod")],
            1.0,
        )
        .await;
    deployed
        .put(
            "AWS/Lambda",
            "Errors",
            &[("FunctionName", "orders-api-prod")],
            0.0,
        )
        .await;
    deployed
}

#[tokio::test]
async fn every_named_metric_is_listed() {
    let deployed = deploy_with_traffic("ColdStart").await;

    let output = deployed.run(&["check-monitoring"]);

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("  not seen yet  ServerlessAxum/Requests {Environment=prod, Service=orders-api, StatusClass=5xx}\n"), "{text}");
    assert!(
        text.ends_with("4 metrics: 3 present, 1 not seen yet, 0 missing; 0 other problems\n"),
        "{text}"
    );
}

#[tokio::test]
async fn a_metric_nothing_emits_fails_the_check() {
    let deployed = deploy_with_traffic("ColdStarts").await;

    let output = deployed.run(&["check-monitoring", "--format", "json"]);

    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let missing: Vec<&serde_json::Value> = report["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .filter(|m| m["found"] == "missing")
        .collect();
    assert_eq!(missing.len(), 1, "{report}");
    assert_eq!(
        missing[0]["metric"],
        "ServerlessAxum/ColdStarts {Environment=prod, Service=orders-api}"
    );
    assert_eq!(
        missing[0]["named_by"][0],
        "dashboard widget \"Cold starts\""
    );
}
