//! `metrics/catalog.json`, which the CDK app's tests read, lists exactly the metrics the code can emit.

use serverless_axum_kit::telemetry::metrics::catalog_json;

#[test]
fn the_catalog_file_is_what_the_code_can_emit() {
    // This service's folder when the test runs (cargo may reuse a binary built from the same code elsewhere).
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    let path = std::path::Path::new(&dir)
        .join("metrics")
        .join("catalog.json");
    let text = std::fs::read_to_string(path).expect("metrics/catalog.json exists");
    let in_file: serde_json::Value = serde_json::from_str(&text).expect("the catalog is JSON");
    let from_code = catalog_json();
    assert!(
        in_file == from_code,
        "metrics/catalog.json is out of date; it should be:\n{}",
        serde_json::to_string_pretty(&from_code).unwrap_or_default()
    );
}
