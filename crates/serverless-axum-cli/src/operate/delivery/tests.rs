//! Delivery metrics on the in-memory account: what one deploy publishes, and the time to restore read back from
//! earlier deploys' metrics.

use jiff::{SignedDuration, Timestamp};

use super::{record, Outcome};
use crate::operate::fake::{orders_prod, Account, FakeCloud};

fn at(text: &str) -> Timestamp {
    text.parse().expect("a timestamp")
}

const THIRTY_DAYS: SignedDuration = SignedDuration::from_hours(24 * 30);

#[tokio::test]
async fn a_passed_deploy_counts_one_deployment_no_failure_and_its_lead_time() {
    let env = orders_prod();
    let cloud = FakeCloud::new(Account::default(), at("2026-11-29T21:00:00Z"));

    let recorded = record(
        &cloud,
        &env,
        Outcome::Success,
        at("2026-11-29T20:15:00Z"),
        at("2026-11-29T21:00:30Z"),
        THIRTY_DAYS,
    )
    .await
    .expect("published");

    let published: Vec<(String, String, f64, String)> = cloud
        .account()
        .data
        .iter()
        .map(|d| {
            (
                d.metric.to_string(),
                d.unit.clone(),
                d.value,
                d.timestamp.to_string(),
            )
        })
        .collect();
    let metric = |name: &str| {
        format!("ServerlessAxum/Delivery/{name} {{Environment=prod, Service=orders-api}}")
    };
    assert_eq!(
        published,
        [
            (
                metric("Deployments"),
                "Count".to_owned(),
                1.0,
                "2026-11-29T21:00:30Z".to_owned()
            ),
            (
                metric("FailedDeployments"),
                "Count".to_owned(),
                0.0,
                "2026-11-29T21:00:30Z".to_owned()
            ),
            (
                metric("LeadTime"),
                "Seconds".to_owned(),
                2730.0,
                "2026-11-29T21:00:30Z".to_owned()
            ),
        ]
    );
    assert_eq!(recorded.failing_since, None);
}

#[tokio::test]
async fn the_time_to_restore_counts_from_the_first_failure_since_the_last_passed_deploy() {
    let env = orders_prod();
    let cloud = FakeCloud::new(Account::default(), at("2026-11-29T21:00:00Z"));
    let commit = at("2026-11-28T09:00:00Z");
    // The first passed deploy after a failure restores too: 2 h 30 min after the 10:00 minute.
    for (outcome, finished, restore) in [
        (Outcome::Failure, "2026-11-28T10:00:20Z", None),
        (Outcome::Success, "2026-11-28T12:30:00Z", Some(9000.0)),
        (Outcome::Failure, "2026-11-29T08:10:40Z", None),
        (Outcome::Failure, "2026-11-29T09:45:00Z", None),
    ] {
        let recorded = record(&cloud, &env, outcome, commit, at(finished), THIRTY_DAYS)
            .await
            .expect("published");
        let time_to_restore = recorded
            .metrics
            .iter()
            .find(|(name, _)| name == "TimeToRestore")
            .map(|(_, v)| *v);
        assert_eq!(time_to_restore, restore, "{outcome:?} at {finished}");
    }

    let restored = record(
        &cloud,
        &env,
        Outcome::Success,
        commit,
        at("2026-11-29T11:10:00Z"),
        THIRTY_DAYS,
    )
    .await
    .expect("published");

    // Minute resolution: the first failure of the streak is the 08:10 minute.
    assert_eq!(restored.failing_since, Some(at("2026-11-29T08:10:00Z")));
    let restore = restored
        .metrics
        .iter()
        .find(|(name, _)| name == "TimeToRestore")
        .map(|(_, v)| *v);
    assert_eq!(restore, Some(3.0 * 3600.0));
    let data = cloud.account().data;
    let failed: f64 = data
        .iter()
        .filter(|d| d.metric.name == "FailedDeployments")
        .map(|d| d.value)
        .sum();
    let deployments: f64 = data
        .iter()
        .filter(|d| d.metric.name == "Deployments")
        .map(|d| d.value)
        .sum();
    assert_eq!((failed, deployments), (3.0, 5.0), "change failure rate 3/5");
}

#[tokio::test]
async fn failures_older_than_the_lookback_are_not_counted() {
    let env = orders_prod();
    let cloud = FakeCloud::new(Account::default(), at("2026-11-29T21:00:00Z"));
    let commit = at("2026-10-01T09:00:00Z");
    record(
        &cloud,
        &env,
        Outcome::Failure,
        commit,
        at("2026-10-01T10:00:00Z"),
        THIRTY_DAYS,
    )
    .await
    .expect("published");

    let restored = record(
        &cloud,
        &env,
        Outcome::Success,
        commit,
        at("2026-11-29T11:10:00Z"),
        THIRTY_DAYS,
    )
    .await
    .expect("published");

    assert_eq!(restored.failing_since, None);
}

#[tokio::test]
async fn a_commit_after_the_deploy_is_refused() {
    let env = orders_prod();
    let cloud = FakeCloud::new(Account::default(), at("2026-11-29T21:00:00Z"));
    let error = record(
        &cloud,
        &env,
        Outcome::Success,
        at("2026-11-29T22:00:00Z"),
        at("2026-11-29T21:00:00Z"),
        THIRTY_DAYS,
    )
    .await
    .expect_err("refused");
    assert!(
        error.to_string().contains("is later than the deploy's end"),
        "{error}"
    );
    assert!(cloud.account().data.is_empty(), "nothing published");
}

#[test]
fn lookbacks_take_days() {
    assert_eq!(super::parse_lookback("30d"), Ok(THIRTY_DAYS));
    assert_eq!(
        super::parse_lookback("12h"),
        Ok(SignedDuration::from_hours(12))
    );
    assert!(super::parse_lookback("0d").is_err());
}
