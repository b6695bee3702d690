//! `status` on the in-memory account: the table and the JSON, snapshot-tested.

use jiff::{SignedDuration, Timestamp};

use super::{read, render, Status};
use crate::operate::cloud::{Alarm, AlarmState, AliasState, Datum, MetricId};
use crate::operate::fake::{orders_prod, write_service, Account, FakeCloud};
use crate::operate::service::ServiceEnv;

fn now() -> Timestamp {
    "2026-11-29T21:07:42Z".parse().expect("a timestamp")
}

fn ago(minutes: i64) -> Timestamp {
    now()
        .checked_sub(SignedDuration::from_mins(minutes))
        .expect("in range")
}

fn datum(
    namespace: &str,
    name: &str,
    dimensions: Vec<(String, String)>,
    value: f64,
    at: Timestamp,
) -> Datum {
    Datum {
        metric: MetricId::new(namespace, name, dimensions),
        value,
        unit: "Count".to_owned(),
        timestamp: at,
    }
}

/// An hour of traffic: 95 answers 2xx and 5 answers 5xx, latencies 10 to 200 ms, 3 cold starts, no throttles; the
/// 5xx alarm firing; `live` on version 42.
fn busy_hour(env: &ServiceEnv) -> Account {
    let class = |c: &str| {
        let mut d = env.base_dimensions();
        d.push(("StatusClass".to_owned(), c.to_owned()));
        d
    };
    let mut data = Vec::new();
    for minute in 1..=19 {
        data.push(datum(
            "ServerlessAxum",
            "Requests",
            class("2xx"),
            5.0,
            ago(minute),
        ));
    }
    data.push(datum(
        "ServerlessAxum",
        "Requests",
        class("5xx"),
        5.0,
        ago(7),
    ));
    for (i, latency) in (10..=200).step_by(10).enumerate() {
        data.push(datum(
            "ServerlessAxum",
            "Latency",
            env.base_dimensions(),
            f64::from(latency),
            ago(i as i64 + 1),
        ));
    }
    data.push(datum(
        "ServerlessAxum",
        "ColdStart",
        env.base_dimensions(),
        3.0,
        ago(30),
    ));
    data.push(datum(
        "AWS/Lambda",
        "Throttles",
        vec![("FunctionName".to_owned(), env.function.clone())],
        0.0,
        ago(5),
    ));
    // Outside the hour: not counted.
    data.push(datum(
        "ServerlessAxum",
        "Requests",
        class("2xx"),
        1000.0,
        ago(90),
    ));
    let since = "2026-11-29T18:02:05Z"
        .parse::<Timestamp>()
        .expect("a timestamp");
    Account {
        alarms: env
            .alarms
            .iter()
            .map(|a| {
                let firing = a.id == "api-5xx-rate" || a.id == "service-unhealthy";
                Alarm {
                    name: a.name.clone(),
                    state: if firing { AlarmState::Alarm } else { AlarmState::Ok },
                    reason: if firing {
                        "Threshold Crossed: 3 out of the last 3 datapoints [0.05263 (29/11/26 21:04:00)] were greater \
                         than the threshold (0.05) (minimum 3 datapoints for OK -> ALARM transition)."
                            .to_owned()
                    } else {
                        String::new()
                    },
                    since: Some(if firing { ago(3) } else { since }),
                    metrics: Vec::new(),
                }
            })
            .collect(),
        alias: Some(AliasState { version: "42".to_owned(), weights: Vec::new() }),
        data,
        ..Account::default()
    }
}

async fn status_of(env: &ServiceEnv, account: Account) -> Status {
    let cloud = FakeCloud::new(account, now());
    read(&cloud, &cloud, env).await.expect("read")
}

#[tokio::test]
async fn the_table_shows_alarms_release_and_signals() {
    let env = orders_prod();
    let status = status_of(&env, busy_hour(&env)).await;
    assert!(status.complete());
    insta::assert_snapshot!(render::text(&status));
}

#[tokio::test]
async fn the_json_is_for_machines() {
    let env = orders_prod();
    let status = status_of(&env, busy_hour(&env)).await;
    insta::assert_json_snapshot!(status);
}

#[tokio::test]
async fn an_unreadable_signal_is_said_and_the_rest_shown() {
    let env = orders_prod();
    let mut account = busy_hour(&env);
    account.refused_stats = vec!["p50".to_owned(), "p99".to_owned()];
    account.alias = None;
    let status = status_of(&env, account).await;
    assert!(!status.complete());
    let text = render::text(&status);
    assert!(
        text.contains(
            "  latency p99       unreadable: GetMetricData: statistic p50 is not supported here\n"
        ),
        "{text}"
    );
    assert!(text.contains("  requests          100\n"), "{text}");
    assert!(text.contains("live alias of orders-api-prod: unreadable: Lambda GetAlias (orders-api-prod:live): not found"), "{text}");
}

#[tokio::test]
async fn a_preview_has_signals_only_and_every_line_fits_100_columns() {
    let dir = tempfile::tempdir().expect("a folder");
    let long = "a-service-with-a-rather-long-name-that-the-platform-still-accepts-as-valid";
    write_service(dir.path(), long, "ap-southeast-2");
    let preview = ServiceEnv::load(dir.path(), "pr-1234567", None).expect("loads");
    let status = status_of(&preview, Account::default()).await;
    let text = render::text(&status);
    assert!(
        text.contains("preview: deployed all at once, without alarms, dashboard or live alias"),
        "{text}"
    );
    assert!(text.contains("  requests          no data\n"), "{text}");

    let env = orders_prod();
    let mut account = busy_hour(&env);
    account.alias = Some(AliasState {
        version: "42".to_owned(),
        weights: vec![("43".to_owned(), 0.1)],
    });
    for text in [text, render::text(&status_of(&env, account).await)] {
        for line in text.lines() {
            assert!(
                line.chars().count() <= render::WIDTH,
                "{} columns: {line}",
                line.chars().count()
            );
        }
    }
}
