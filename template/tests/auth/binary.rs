//! The built binary: the dev issuer on a laptop (`dev-token`, then a call with its token), its refusal when
//! deployed, and tokens kept out of every log line.

use std::process::Output;

use serverless_axum_testkit::{binary::Running, emulator::service_binary};
use tokio::process::Command;

fn binary() -> std::path::PathBuf {
    service_binary(env!("CARGO_PKG_NAME"))
}

/// Runs the binary with `args` and exactly `env`.
async fn run(args: &[&str], env: &[(&str, String)]) -> Output {
    Command::new(binary())
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(name, value)| (*name, value.as_str())))
        .output()
        .await
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn a_dev_token_calls_the_local_server_and_never_reaches_its_logs() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let key_file = dir.path().join("dev-key.p8").to_string_lossy().into_owned();
    let laptop = vec![
        ("APP_ENVIRONMENT", "local".to_owned()),
        ("AUTH_DEV_KEY_FILE", key_file),
        (
            "FILES_DIR",
            dir.path().join("files").to_string_lossy().into_owned(),
        ),
        ("RUST_LOG", "debug".to_owned()),
    ];
    let minted = run(&["dev-token", "--scope", "files:read"], &laptop).await;
    assert!(
        minted.status.success(),
        "dev-token failed: {}",
        text(&minted.stderr)
    );
    let token = text(&minted.stdout).trim().to_owned();
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");

    let (service, url) = Running::server(&binary(), &laptop).await;
    let http = reqwest::Client::new();
    let me = http
        .get(format!("{url}/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET /v1/me");
    let status = me.status();
    let caller: serde_json::Value = me.json().await.expect("JSON");
    let forged = format!("{token}x");
    let refused = http
        .get(format!("{url}/v1/me"))
        .bearer_auth(&forged)
        .send()
        .await
        .expect("GET /v1/me");
    let anonymous = http
        .get(format!("{url}/v1/me"))
        .send()
        .await
        .expect("GET /v1/me");
    let lines = service.terminate().await;

    assert_eq!(status, 200, "{caller}");
    assert_eq!(caller["subject"], "dev-user");
    assert_eq!(caller["scopes"], serde_json::json!(["files:read"]));
    assert_eq!(refused.status(), 401);
    assert_eq!(anonymous.status(), 401);
    assert!(!lines.is_empty(), "the server logged");
    let signature = token.rsplit('.').next().unwrap_or_default();
    for line in &lines {
        let line = line.to_string();
        assert!(
            !line.contains(signature),
            "a log line holds the token: {line}"
        );
    }
}

#[tokio::test]
async fn the_dev_issuer_is_refused_when_deployed() {
    for environment in ["prod", "pr-42"] {
        let output = run(&[], &[("APP_ENVIRONMENT", environment.to_owned())]).await;

        assert!(
            !output.status.success(),
            "{environment}: the service started without an issuer"
        );
        let stderr = text(&output.stderr);
        assert!(stderr.contains("AUTH_ISSUER"), "{environment}: {stderr}");
    }
}

#[tokio::test]
async fn dev_token_refuses_to_sign_for_a_real_issuer() {
    let output = run(
        &["dev-token", "--scope", "files:read"],
        &[
            ("APP_ENVIRONMENT", "local".to_owned()),
            ("AUTH_ISSUER", "https://id.example.com".to_owned()),
            ("AUTH_AUDIENCE", "api".to_owned()),
        ],
    )
    .await;

    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "no token printed");
    assert!(
        text(&output.stderr).contains("AUTH_ISSUER is set"),
        "{}",
        text(&output.stderr)
    );
}
