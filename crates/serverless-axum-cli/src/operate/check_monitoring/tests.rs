//! The live monitoring check on the in-memory account.

use jiff::Timestamp;

use super::{check, Found};
use crate::operate::cloud::{Alarm, AlarmState, Datum, MetricId};
use crate::operate::fake::{orders_prod, Account, FakeCloud};
use crate::operate::service::ServiceEnv;
use crate::outcome::Printed;

fn now() -> Timestamp {
    "2026-11-29T21:00:00Z".parse().expect("a timestamp")
}

fn datum(metric: &MetricId) -> Datum {
    Datum {
        metric: metric.clone(),
        value: 1.0,
        unit: "Count".to_owned(),
        timestamp: now(),
    }
}

fn requests(env: &ServiceEnv, class: &str) -> MetricId {
    let mut dimensions = env.base_dimensions();
    dimensions.push(("StatusClass".to_owned(), class.to_owned()));
    MetricId::new("ServerlessAxum", "Requests", dimensions)
}

fn errors(function: &str) -> MetricId {
    MetricId::new(
        "AWS/Lambda",
        "Errors",
        vec![("FunctionName".to_owned(), function.to_owned())],
    )
}

/// A deployed dashboard with a requests-by-class widget and a typo, and the alarms of the service.
fn account(env: &ServiceEnv) -> Account {
    let body = serde_json::json!({ "widgets": [
        { "type": "metric", "properties": { "title": "Requests by status class", "metrics": [
            ["ServerlessAxum", "Requests", "Service", "orders-api", "Environment", "prod", "StatusClass", "2xx", { "stat": "Sum" }],
            ["ServerlessAxum", "Requests", "Service", "orders-api", "Environment", "prod", "StatusClass", "5xx", { "stat": "Sum" }] ] } },
        { "type": "metric", "properties": { "title": "Cold starts", "metrics": [
            ["ServerlessAxum", "ColdStarts", "Service", "orders-api", "Environment", "prod"] ] } } ] });
    Account {
        dashboard: Some((env.dashboard.clone(), body.to_string())),
        alarms: env
            .alarms
            .iter()
            .map(|a| Alarm {
                name: a.name.clone(),
                state: AlarmState::Ok,
                reason: String::new(),
                since: None,
                metrics: if a.composite {
                    Vec::new()
                } else {
                    vec![errors(&env.function)]
                },
            })
            .collect(),
        data: vec![datum(&requests(env, "2xx")), datum(&errors(&env.function))],
        ..Account::default()
    }
}

#[tokio::test]
async fn present_not_seen_yet_and_missing_metrics_are_told_apart() {
    let env = orders_prod();
    let cloud = FakeCloud::new(account(&env), now());

    let report = check(&cloud, &env).await.expect("checked");

    let found: Vec<(String, Found)> = report
        .metrics
        .iter()
        .map(|m| (m.metric.clone(), m.found))
        .collect();
    assert_eq!(
        found,
        [
            (
                "AWS/Lambda/Errors {FunctionName=orders-api-prod}".to_owned(),
                Found::Present
            ),
            (
                "ServerlessAxum/ColdStarts {Environment=prod, Service=orders-api}".to_owned(),
                Found::Missing
            ),
            (
                "ServerlessAxum/Requests {Environment=prod, Service=orders-api, StatusClass=2xx}"
                    .to_owned(),
                Found::Present
            ),
            (
                "ServerlessAxum/Requests {Environment=prod, Service=orders-api, StatusClass=5xx}"
                    .to_owned(),
                Found::NotSeenYet
            ),
        ]
    );
    assert_eq!(
        report.metrics[1].named_by,
        ["dashboard widget \"Cold starts\""]
    );
    assert_eq!(
        report.metrics[0].named_by.len(),
        4,
        "each metric alarm names it: {:?}",
        report.metrics[0].named_by
    );
    assert!(!report.passed(), "a missing metric fails the check");
}

#[tokio::test]
async fn every_metric_present_passes() {
    let env = orders_prod();
    let mut account = account(&env);
    let dashboard = account
        .dashboard
        .take()
        .map(|(name, body)| (name, body.replace("ColdStarts", "ColdStart")));
    account.dashboard = dashboard;
    account.data.push(datum(&MetricId::new(
        "ServerlessAxum",
        "ColdStart",
        env.base_dimensions(),
    )));
    let cloud = FakeCloud::new(account, now());

    let report = check(&cloud, &env).await.expect("checked");

    assert!(report.passed(), "{}", report.text());
    assert!(
        report
            .text()
            .ends_with("4 metrics: 3 present, 1 not seen yet, 0 missing; 0 other problems\n"),
        "{}",
        report.text()
    );
}

#[tokio::test]
async fn an_undeployed_dashboard_or_alarm_is_a_problem() {
    let env = orders_prod();
    let mut account = account(&env);
    account.dashboard = None;
    account.alarms.retain(|a| !a.name.ends_with("api-5xx-rate"));
    let cloud = FakeCloud::new(account, now());

    let report = check(&cloud, &env).await.expect("checked");

    assert_eq!(
        report.problems,
        [
            "dashboard orders-api-prod does not exist",
            "alarm orders-api-prod-api-5xx-rate does not exist"
        ]
    );
    assert!(!report.passed());
}
