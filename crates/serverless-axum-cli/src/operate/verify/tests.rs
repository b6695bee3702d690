//! The bake gate on the in-memory account: ten-minute bakes that take no time, alarms that fire halfway.

use jiff::{SignedDuration, Timestamp};

use super::{verify, Options, Verdict};
use crate::operate::cloud::{Alarm, AlarmState, AliasState, Clock, Datum, MetricId, StackState};
use crate::operate::fake::{orders_prod, write_service_on, Account, FakeCloud};
use crate::operate::progress::Progress;
use crate::operate::service::ServiceEnv;

const START: &str = "2026-11-29T21:00:10Z";

fn start() -> Timestamp {
    START.parse().expect("a timestamp")
}

fn minutes(n: i64) -> Timestamp {
    start()
        .checked_add(SignedDuration::from_mins(n))
        .expect("in range")
}

fn options() -> Options {
    Options {
        bake: SignedDuration::from_mins(10),
        serving_since: None,
        poll: SignedDuration::from_secs(30),
        shift_timeout: SignedDuration::from_mins(20),
        rollback: false,
        previous_version: None,
    }
}

/// A deploy of version 42 that CloudFormation and CodeDeploy finished, every alarm in OK.
fn released(env: &ServiceEnv) -> Account {
    Account {
        alarms: env
            .alarms
            .iter()
            .map(|a| Alarm {
                name: a.name.clone(),
                state: AlarmState::Ok,
                reason: "fine".to_owned(),
                since: None,
                metrics: Vec::new(),
            })
            .collect(),
        stack: Some((
            env.app_stack.clone(),
            StackState {
                status: "UPDATE_COMPLETE".to_owned(),
                declared_version: Some("42".to_owned()),
            },
        )),
        alias: Some(AliasState {
            version: "42".to_owned(),
            weights: Vec::new(),
        }),
        versions: vec![39, 40, 41, 42],
        ..Account::default()
    }
}

fn request(env: &ServiceEnv, class: &str, at: Timestamp) -> Datum {
    let mut dimensions = env.base_dimensions();
    dimensions.push(("StatusClass".to_owned(), class.to_owned()));
    Datum {
        metric: MetricId::new(&env.catalog.namespace, "Requests", dimensions),
        value: 3.0,
        unit: "Count".to_owned(),
        timestamp: at,
    }
}

async fn run(cloud: &FakeCloud, env: &ServiceEnv, options: &Options) -> (Verdict, Vec<String>) {
    let progress = Progress::recorded();
    let verdict = verify(cloud, cloud, env, options, &progress)
        .await
        .expect("AWS answers");
    (verdict, progress.lines())
}

#[tokio::test]
async fn a_bake_passes_when_alarms_stay_ok_and_requests_arrive() {
    let env = orders_prod();
    let cloud = FakeCloud::new(released(&env), start());
    let request = request(&env, "2xx", minutes(3));
    cloud.at(minutes(3), move |account| account.data.push(request));

    let (verdict, lines) = run(&cloud, &env, &options()).await;

    assert_eq!(
        verdict,
        Verdict::Passed {
            version: Some("42".to_owned())
        }
    );
    assert_eq!(cloud.now(), minutes(10), "the bake lasts --bake");
    assert!(
        lines
            .iter()
            .any(|l| l == "requests arrived: 3 since 21:00 UTC"),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("baking: 10m left · 4/4 paging alarms OK · requests: none yet")),
        "{lines:#?}"
    );
}

#[tokio::test]
async fn a_paging_alarm_that_fires_halfway_fails_the_bake_at_once() {
    let env = orders_prod();
    let cloud = FakeCloud::new(released(&env), start());
    let request = request(&env, "2xx", minutes(1));
    cloud.at(minutes(1), move |account| account.data.push(request));
    let alarm = "orders-api-prod-api-5xx-rate";
    cloud.at(minutes(5), move |account| {
        account.set_alarm(
            alarm,
            AlarmState::Alarm,
            "Threshold Crossed: 3 datapoints were greater than 0.05",
        );
    });

    let (verdict, _) = run(&cloud, &env, &options()).await;

    assert_eq!(
        verdict,
        Verdict::Failed {
            reason: format!("paging alarm {alarm} is ALARM: Threshold Crossed: 3 datapoints were greater than 0.05"),
            rollback: None,
        }
    );
    assert_eq!(
        cloud.now(),
        minutes(5),
        "fails on the first look after the alarm fired, not at the end"
    );
    assert_eq!(
        cloud.account().alias.map(|a| a.version),
        Some("42".to_owned()),
        "no --rollback, no rollback"
    );
}

#[tokio::test]
async fn a_failed_bake_with_rollback_points_live_back_to_the_previous_version() {
    let env = orders_prod();
    let cloud = FakeCloud::new(released(&env), start());
    cloud.at(minutes(2), |account| {
        account.set_alarm("orders-api-prod-lambda-errors", AlarmState::Alarm, "errors")
    });

    let (verdict, _) = run(
        &cloud,
        &env,
        &Options {
            rollback: true,
            ..options()
        },
    )
    .await;

    let Verdict::Failed {
        rollback: Some(rollback),
        ..
    } = verdict
    else {
        panic!("{verdict:?}")
    };
    assert!(
        rollback.starts_with(
            "rolled back: alias live of orders-api-prod now serves version 41 (was 42)"
        ),
        "{rollback}"
    );
    assert_eq!(
        cloud.account().alias,
        Some(AliasState {
            version: "41".to_owned(),
            weights: Vec::new()
        })
    );
}

#[tokio::test]
async fn rollback_goes_to_the_version_deploy_yml_recorded() {
    let env = orders_prod();
    let cloud = FakeCloud::new(released(&env), start());

    let (verdict, _) = run(
        &cloud,
        &env,
        &Options {
            rollback: true,
            previous_version: Some(39),
            ..options()
        },
    )
    .await;

    assert!(
        matches!(verdict, Verdict::Failed { .. }),
        "no request arrived"
    );
    assert_eq!(
        cloud.account().alias.map(|a| a.version),
        Some("39".to_owned())
    );
}

#[tokio::test]
async fn a_deploy_that_published_no_version_has_nothing_to_roll_back() {
    let env = orders_prod();
    let cloud = FakeCloud::new(released(&env), start());

    let (verdict, _) = run(
        &cloud,
        &env,
        &Options {
            rollback: true,
            previous_version: Some(42),
            ..options()
        },
    )
    .await;

    let Verdict::Failed {
        rollback: Some(rollback),
        ..
    } = verdict
    else {
        panic!("{verdict:?}")
    };
    assert!(
        rollback.starts_with("no rollback: version 42 is the one that served before this deploy"),
        "{rollback}"
    );
    assert_eq!(
        cloud.account().alias.map(|a| a.version),
        Some("42".to_owned())
    );
}

#[tokio::test]
async fn a_bake_fails_when_no_request_arrives() {
    let env = orders_prod();
    let cloud = FakeCloud::new(released(&env), start());
    // Traffic before the new version took it all does not count.
    cloud.at(minutes(0), {
        let early = request(
            &env,
            "2xx",
            start()
                .checked_sub(SignedDuration::from_mins(2))
                .expect("in range"),
        );
        move |account| account.data.push(early)
    });

    let (verdict, _) = run(&cloud, &env, &options()).await;

    let Verdict::Failed {
        reason,
        rollback: None,
    } = verdict
    else {
        panic!("{verdict:?}")
    };
    assert!(reason.starts_with("no request reached the new version: orders-api prod has no Requests datapoint since 2026-11-29 21:00 UTC"), "{reason}");
    assert_eq!(cloud.now(), minutes(10), "waits the whole bake for them");
}

#[tokio::test]
async fn requests_count_from_the_minute_the_new_version_took_all_traffic() {
    let env = orders_prod();
    let mut account = released(&env);
    // The smoke tests, after the deploy and before verify: --serving-since covers them.
    account.data.push(request(&env, "4xx", minutes(-3)));
    let cloud = FakeCloud::new(account, start());

    let serving_since = Some(minutes(-4));
    let (verdict, _) = run(
        &cloud,
        &env,
        &Options {
            serving_since,
            ..options()
        },
    )
    .await;

    assert_eq!(
        verdict,
        Verdict::Passed {
            version: Some("42".to_owned())
        }
    );
}

#[tokio::test]
async fn a_ticket_alarm_does_not_fail_the_bake() {
    let env = orders_prod();
    let mut account = released(&env);
    account.set_alarm("orders-api-prod-lambda-memory", AlarmState::Alarm, "memory");
    account.data.push(request(&env, "2xx", start()));
    let cloud = FakeCloud::new(account, start());

    let (verdict, _) = run(&cloud, &env, &options()).await;

    assert_eq!(
        verdict,
        Verdict::Passed {
            version: Some("42".to_owned())
        }
    );
}

#[tokio::test]
async fn new_alarms_may_start_without_data_but_must_reach_ok() {
    let env = orders_prod();
    let mut account = released(&env);
    account.data.push(request(&env, "2xx", start()));
    let name = "orders-api-prod-lambda-errors";
    account.set_alarm(name, AlarmState::InsufficientData, "no data yet");
    let cloud = FakeCloud::new(account.clone(), start());
    cloud.at(minutes(2), move |account| {
        account.set_alarm(name, AlarmState::Ok, "fine")
    });
    assert_eq!(
        run(&cloud, &env, &options()).await.0,
        Verdict::Passed {
            version: Some("42".to_owned())
        }
    );

    let never = FakeCloud::new(account.clone(), start());
    let Verdict::Failed { reason, .. } = run(&never, &env, &options()).await.0 else {
        panic!("passed")
    };
    assert_eq!(reason, format!("paging alarm {name} never reached OK during the bake (INSUFFICIENT_DATA: its metric has no data)"));

    let lost = FakeCloud::new(released(&env), start());
    lost.at(minutes(4), move |account| {
        account.set_alarm(name, AlarmState::InsufficientData, "no data")
    });
    let Verdict::Failed { reason, .. } = run(&lost, &env, &options()).await.0 else {
        panic!("passed")
    };
    assert_eq!(
        reason,
        format!("paging alarm {name} left OK for INSUFFICIENT_DATA: no data")
    );
}

#[tokio::test]
async fn a_canary_still_shifting_is_waited_for_then_baked() {
    let env = orders_prod();
    let mut account = released(&env);
    account.stack = Some((
        env.app_stack.clone(),
        StackState {
            status: "UPDATE_COMPLETE".to_owned(),
            declared_version: Some("43".to_owned()),
        },
    ));
    account.alias = Some(AliasState {
        version: "42".to_owned(),
        weights: vec![("43".to_owned(), 0.1)],
    });
    account.versions.push(43);
    let cloud = FakeCloud::new(account, start());
    cloud.at(minutes(4), |account| {
        account.alias = Some(AliasState {
            version: "43".to_owned(),
            weights: Vec::new(),
        })
    });
    let request = request(&env, "2xx", minutes(6));
    cloud.at(minutes(6), move |account| account.data.push(request));

    let (verdict, lines) = run(&cloud, &env, &options()).await;

    assert_eq!(
        verdict,
        Verdict::Passed {
            version: Some("43".to_owned())
        }
    );
    assert!(
        lines
            .iter()
            .any(|l| l == "waiting for the traffic shift: version 42 and version 43 10 %"),
        "{lines:#?}"
    );
    assert_eq!(
        cloud.now(),
        minutes(14),
        "four minutes of shift, then ten of bake"
    );
}

#[tokio::test]
async fn a_rolled_back_stack_or_a_stray_alias_fails_before_the_bake() {
    let env = orders_prod();
    let mut account = released(&env);
    account.stack = Some((
        env.app_stack.clone(),
        StackState {
            status: "UPDATE_ROLLBACK_COMPLETE".to_owned(),
            declared_version: Some("41".to_owned()),
        },
    ));
    let cloud = FakeCloud::new(account, start());
    let (verdict, _) = run(
        &cloud,
        &env,
        &Options {
            rollback: true,
            ..options()
        },
    )
    .await;
    assert_eq!(
        verdict,
        Verdict::Failed {
            reason: "stack orders-api-prod-app is UPDATE_ROLLBACK_COMPLETE: the deploy (or its canary) did not complete".to_owned(),
            rollback: None,
        }
    );
    assert_eq!(cloud.now(), start(), "no bake");

    let mut stray = released(&env);
    stray.alias = Some(AliasState {
        version: "40".to_owned(),
        weights: Vec::new(),
    });
    let cloud = FakeCloud::new(stray, start());
    let (verdict, _) = run(&cloud, &env, &options()).await;
    assert_eq!(
        verdict,
        Verdict::Failed {
            reason: "alias live serves version 40, the stack declares 42".to_owned(),
            rollback: None
        }
    );
}

#[test]
fn durations_are_friendly_and_positive() {
    assert_eq!(
        super::parse_duration("10m"),
        Ok(SignedDuration::from_mins(10))
    );
    assert_eq!(
        super::parse_duration("1h 30m"),
        Ok(SignedDuration::from_mins(90))
    );
    assert_eq!(
        super::parse_duration("PT45S"),
        Ok(SignedDuration::from_secs(45))
    );
    assert!(super::parse_duration("0s").is_err());
    assert!(super::parse_duration("-5m").is_err());
    assert!(super::parse_duration("ten minutes").is_err());
}

#[tokio::test]
async fn a_fargate_service_bakes_on_its_own_alarms_without_an_alias() {
    let dir = tempfile::tempdir().expect("a folder");
    write_service_on(dir.path(), "orders-api", "eu-west-1", "fargate");
    let env = ServiceEnv::load(dir.path(), "prod", None).expect("loads");
    let ids: Vec<&str> = env.alarms.iter().map(|a| a.id.as_str()).collect();
    assert!(
        ids.contains(&"ecs-cpu") && !ids.contains(&"lambda-throttles"),
        "{ids:?}"
    );
    let mut account = released(&env);
    account.alias = None;
    account.stack = Some((
        env.app_stack.clone(),
        StackState {
            status: "UPDATE_COMPLETE".to_owned(),
            declared_version: None,
        },
    ));
    account.data.push(request(&env, "2xx", start()));
    let cloud = FakeCloud::new(account, start());

    let (verdict, _) = run(
        &cloud,
        &env,
        &Options {
            rollback: true,
            ..options()
        },
    )
    .await;
    assert_eq!(verdict, Verdict::Passed { version: None });

    cloud.at(minutes(12), |account| {
        account.set_alarm("orders-api-prod-ecs-cpu", AlarmState::Alarm, "CPU")
    });
    let (verdict, _) = run(
        &cloud,
        &env,
        &Options {
            rollback: true,
            ..options()
        },
    )
    .await;
    assert_eq!(
        verdict,
        Verdict::Failed {
            reason: "paging alarm orders-api-prod-ecs-cpu is ALARM: CPU".to_owned(),
            rollback: None
        },
        "ECS's circuit breaker rolls back: nothing for verify to move"
    );
}
