//! The commands read a service as the template generates it (its rendered service.config.json, its alarms with their
//! `requires`, its metric catalog), with and without the Files API.

use std::path::Path;

use serde_json::Value;

use crate::support::{repo_root, serverless_axum, stdout};

/// `serverless-axum status <args> --dir <service>` against an empty moto account.
fn status(service: &Path, env: &str) -> (Option<i32>, Value) {
    let endpoint = serverless_axum_testkit::moto::endpoint();
    let output = serverless_axum(
        service,
        &endpoint,
        &["status", "--format", "json", "--env", env],
    )
    .output()
    .expect("runs serverless-axum");
    let json = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(&output)));
    (output.status.code(), json)
}

fn generate(name: &str, answers: &[&str], out: &Path) -> std::path::PathBuf {
    let mut defines = vec![format!("platform_path={}", repo_root().display())];
    defines.extend(answers.iter().map(|a| (*a).to_owned()));
    serverless_axum::template::generate_into(&repo_root(), name, defines, out).expect("generation")
}

#[test]
fn a_generated_service_is_read_by_its_own_files() {
    let out = tempfile::tempdir().expect("a folder");
    let with_files = generate("inventory-api", &[], &out.path().join("with-files"));
    let without = generate(
        "billing-api",
        &["example_api=false", "auth=none"],
        &out.path().join("without"),
    );

    // A preview: no alarms or alias, the signals of an empty account (nothing to read is not a failure).
    let (code, preview) = status(&with_files, "pr-3");
    assert_eq!(code, Some(0), "{preview}");
    assert_eq!(preview["service"], "inventory-api");
    assert_eq!(preview["function"], "inventory-api-pr-3");
    assert!(preview["alarms"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(preview["signals"]["requests"], Value::Null);

    // Prod, not deployed: every alarm of its alarms/service.json that applies to it, none found (exit 1).
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(with_files.join("alarms/service.json")).expect("alarms"),
    )
    .expect("JSON");
    let ids = |kinds: &[&str], files: bool| -> Vec<String> {
        kinds
            .iter()
            .flat_map(|k| spec[*k].as_array().cloned().unwrap_or_default())
            .filter(|a| {
                files
                    || !a["requires"]
                        .as_array()
                        .is_some_and(|r| r.iter().any(|f| f == "filesApi"))
            })
            // Generated with the default compute, Lambda.
            .filter(|a| {
                !a["requires"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|f| f == "fargate"))
            })
            .map(|a| a["id"].as_str().expect("an id").to_owned())
            .collect()
    };
    let alarm_ids = |status: &Value| -> Vec<String> {
        status["alarms"]
            .as_array()
            .expect("alarms")
            .iter()
            .map(|a| a["id"].as_str().expect("id").to_owned())
            .collect()
    };
    for (service, files) in [(&with_files, true), (&without, false)] {
        let (code, prod) = status(service, "prod");
        assert_eq!(code, Some(1), "{prod}");
        assert_eq!(alarm_ids(&prod), ids(&["alarms", "composites"], files));
        assert!(
            prod["alarms"]
                .as_array()
                .expect("alarms")
                .iter()
                .all(|a| a["state"].is_null()),
            "{prod}"
        );
        assert_eq!(prod["region"], "us-west-2", "the default answer");
    }
}
