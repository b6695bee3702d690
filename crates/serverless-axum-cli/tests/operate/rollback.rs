//! `rollback` against moto.

use crate::support::{stdout, Deployed};

#[tokio::test]
async fn rollback_moves_live_to_the_previous_version_and_back_with_to() {
    let deployed = Deployed::with_two_versions("orders-api").await;

    let back = deployed.run(&["rollback"]);
    assert_eq!(back.status.code(), Some(0));
    assert!(stdout(&back).starts_with(
        "rollback: rolled back: alias live of orders-api-prod now serves version 1 (was 2)"
    ));
    assert_eq!(deployed.live_version().await, "1");

    let forward = deployed.run(&["rollback", "--to", "2"]);
    assert_eq!(forward.status.code(), Some(0));
    assert_eq!(deployed.live_version().await, "2");
}

#[tokio::test]
async fn a_first_deploy_has_nothing_to_roll_back_to() {
    let deployed = Deployed::new("orders-api").await;

    let output = deployed.run(&["rollback"]);

    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "rollback: no rollback: orders-api-prod has no version before 1\n"
    );
    assert_eq!(deployed.live_version().await, "1");
}
