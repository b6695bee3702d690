//! Reading files: a missing BASE is no description; anything unreadable or not OpenAPI is an error naming the file.

use std::path::PathBuf;

use super::super::document::{Document, Role};

/// A file of its own under the system's temporary folder, holding `text`.
fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("serverless-axum-api-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("a temporary file");
    path
}

#[test]
fn a_missing_base_is_no_description() {
    let missing = std::env::temp_dir().join("serverless-axum-api-diff-no-such-file.json");
    let loaded =
        Document::load_if_exists(&missing, Role::Base).expect("a missing file is not an error");
    assert!(loaded.is_none());
}

#[test]
fn a_missing_head_is_an_error_naming_it() {
    let missing = std::env::temp_dir().join("serverless-axum-api-diff-no-such-head.json");
    let error = Document::load(&missing, Role::Head)
        .expect_err("HEAD must exist")
        .to_string();
    assert!(error.starts_with("cannot read HEAD `"), "{error}");
    assert!(
        error.contains("serverless-axum-api-diff-no-such-head.json"),
        "{error}"
    );
}

#[test]
fn invalid_json_is_an_error_naming_the_file() {
    let path = file("broken.json", "{ \"openapi\": ");
    let error = Document::load(&path, Role::Head)
        .expect_err("not JSON")
        .to_string();
    assert!(
        error.starts_with(&format!("HEAD `{}` is not valid JSON", path.display())),
        "{error}"
    );
}

#[test]
fn json_that_is_not_openapi_3_is_an_error() {
    let path = file("swagger.json", r#"{ "swagger": "2.0", "paths": {} }"#);
    let error = Document::load(&path, Role::Base)
        .expect_err("not OpenAPI 3")
        .to_string();
    assert!(
        error.contains("is not an OpenAPI 3 description: no `openapi` version"),
        "{error}"
    );
}

#[test]
fn a_ref_pointing_nowhere_is_an_error() {
    let text = r##"{ "openapi": "3.1.0", "paths": { "/a": { "get": { "responses": { "200": {
        "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Gone" } } } } } } } } }"##;
    let path = file("dangling.json", text);
    let error = Document::load(&path, Role::Head)
        .expect_err("a dangling $ref")
        .to_string();
    assert!(
        error.ends_with("has a $ref that points nowhere in it: `#/components/schemas/Gone`"),
        "{error}"
    );
}
