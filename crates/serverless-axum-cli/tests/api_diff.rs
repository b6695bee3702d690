//! `serverless-axum api-diff` as a program: the built binary on a realistic pair of descriptions (a files API, and
//! the same API with an operation removed, a request field narrowed and an operation added).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

/// A fixture of this checkout (read when the test runs: the binary may have been built in another checkout).
fn fixture(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("tests/fixtures")
    .join(name)
}

fn api_diff(args: &[&str], base: &PathBuf, head: &PathBuf) -> Output {
    Command::new(env!("CARGO_BIN_EXE_serverless-axum"))
        .arg("api-diff")
        .args(args)
        .arg(base)
        .arg(head)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 output")
}

#[test]
fn markdown_lists_each_change_with_its_class_and_exits_0() {
    let output = api_diff(
        &[],
        &fixture("base.openapi.json"),
        &fixture("head.openapi.json"),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = "\
## API changes

**Breaking changes: 3**

API change: breaking

| Class | Location | Change |
| --- | --- | --- |
| **breaking** | `DELETE /v1/files/{path}` | operation removed |
| **breaking** | `POST /v1/uploads` › request body `application/json` › `size` | maximum none → 5368709120 |
| **breaking** | schema `UploadRequest` › `size` | maximum none → 5368709120 |
| compatible | `POST /v1/files/{path}/copy` | operation added |
| compatible | schema `CopyRequest` | schema added |
";
    assert_eq!(stdout(&output), expected);
}

#[test]
fn json_classifies_every_change() {
    let output = api_diff(
        &["--format", "json"],
        &fixture("base.openapi.json"),
        &fixture("head.openapi.json"),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("the report is JSON");
    let change = |location: &str, kind: &str, breaking: bool, detail: &str| json!({ "location": location, "kind": kind, "breaking": breaking, "detail": detail });
    assert_eq!(
        report,
        json!({
            "breaking": true,
            "label": "breaking",
            "changes": [
                change("DELETE /v1/files/{path}", "operation_removed", true, "operation removed"),
                change("POST /v1/files/{path}/copy", "operation_added", false, "operation added"),
                change(
                    "POST /v1/uploads › request body application/json › size",
                    "constraint_changed",
                    true,
                    "maximum none → 5368709120"
                ),
                change("schema CopyRequest", "schema_added", false, "schema added"),
                change("schema UploadRequest › size", "constraint_changed", true, "maximum none → 5368709120"),
            ]
        })
    );
}

#[test]
fn fail_on_breaking_exits_1_only_on_a_breaking_change() {
    let (base, head) = (fixture("base.openapi.json"), fixture("head.openapi.json"));
    let breaking = api_diff(&["--fail-on-breaking"], &base, &head);
    assert_eq!(breaking.status.code(), Some(1), "{}", stderr(&breaking));
    assert!(
        stdout(&breaking).contains("**Breaking changes: 3**"),
        "the report is printed all the same"
    );

    let reverse = api_diff(&["--fail-on-breaking"], &head, &base);
    let text = stdout(&reverse);
    assert_eq!(
        reverse.status.code(),
        Some(1),
        "going back removes the operation added: {text}"
    );
    assert!(
        text.contains("\n| **breaking** | `POST /v1/files/{path}/copy` | operation removed |\n"),
        "{text}"
    );
    assert!(
        text.contains("\n| compatible | `DELETE /v1/files/{path}` | operation added |\n"),
        "{text}"
    );

    let same = api_diff(&["--fail-on-breaking"], &base, &base);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(
        stdout(&same).contains("**Breaking changes: 0**\n\nAPI change: none\n"),
        "{}",
        stdout(&same)
    );
}

#[test]
fn a_missing_head_exits_2_naming_it() {
    let missing = fixture("no-such.openapi.json");
    let output = api_diff(&[], &fixture("base.openapi.json"), &missing);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let message = stderr(&output);
    assert!(
        message.contains(&format!("cannot read HEAD `{}`", missing.display())),
        "{message}"
    );
}

#[test]
fn an_invalid_head_exits_2_naming_it() {
    let not_openapi = fixture("../api_diff.rs");
    let output = api_diff(&[], &fixture("base.openapi.json"), &not_openapi);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not valid JSON"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_missing_base_means_every_operation_is_new() {
    let missing = fixture("no-base.openapi.json");
    let head = fixture("head.openapi.json");
    let output = api_diff(&["--fail-on-breaking"], &missing, &head);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("\nNo base description: every operation is new.\n"),
        "{text}"
    );
    assert!(
        text.contains("\n**Breaking changes: 0**\n\nAPI change: compatible\n"),
        "{text}"
    );
    assert!(
        text.contains("\n| compatible | `POST /v1/files/{path}/copy` | operation added |\n"),
        "{text}"
    );
    assert!(
        stderr(&output).contains("no base description: every operation is new"),
        "{}",
        stderr(&output)
    );

    let json = api_diff(&["--format", "json"], &missing, &head);
    let report: Value = serde_json::from_str(&stdout(&json)).expect("the report is JSON");
    assert_eq!(report["breaking"], json!(false));
    assert_eq!(
        report["note"],
        json!("no base description: every operation is new")
    );
    let added: Vec<&str> = report["changes"]
        .as_array()
        .expect("a list of changes")
        .iter()
        .filter(|change| change["kind"] == "operation_added")
        .filter_map(|change| change["location"].as_str())
        .collect();
    assert_eq!(
        added,
        [
            "GET /health",
            "GET /v1/files",
            "GET /v1/files/{path}",
            "PUT /v1/files/{path}",
            "HEAD /v1/files/{path}",
            "POST /v1/files/{path}/copy",
            "GET /v1/me",
            "POST /v1/uploads",
        ]
    );
}
