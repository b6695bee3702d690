//! EMF records: valid per the specification, limited to the catalog, and complete.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::Value;
use serverless_axum_kit::telemetry::{
    emf::EmfRecorder,
    metrics::{catalog_json, count_request, request_labels, RequestOutcome, CATALOG, NAMESPACE},
};

use serverless_axum_testkit::emf_spec;

fn flushed(recorder: &EmfRecorder) -> Vec<Value> {
    let mut out = Vec::new();
    recorder.flush(&mut out).expect("flushes");
    String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each record is one JSON line"))
        .collect()
}

/// Records `outcome` with the labels the access log gives it.
fn record(outcome: &RequestOutcome<'_>) {
    count_request(outcome, &request_labels(outcome));
}

fn outcome(route: &'static str, status: StatusCode, millis: u64) -> RequestOutcome<'static> {
    RequestOutcome {
        route,
        status,
        latency: Duration::from_millis(millis),
        problem_type: (status.as_u16() >= 400).then_some("not-found"),
        cold_start: false,
        bytes_in: Some(10),
        bytes_out: Some(20),
    }
}

#[test]
fn records_follow_the_specification_and_the_catalog() {
    let recorder = EmfRecorder::new("orders-api", "test");
    ::metrics::with_local_recorder(&recorder, || {
        record(&RequestOutcome {
            cold_start: true,
            ..outcome("/health", StatusCode::OK, 3)
        });
        record(&outcome("/health", StatusCode::OK, 5));
        record(&outcome("/v1/files/{path}", StatusCode::OK, 7));
        record(&outcome("unmatched", StatusCode::NOT_FOUND, 1));
    });
    recorder.note_exemplar(
        request_labels(&outcome("/health", StatusCode::OK, 5)),
        "req-1",
        "1-65a1b2c3-0123456789abcdef01234567",
    );
    let records = flushed(&recorder);
    assert_eq!(
        records.len(),
        3,
        "one record per route and status: {records:#?}"
    );

    let catalog = catalog_json();
    for record in &records {
        for defined in emf_spec::check(record) {
            assert_eq!(defined.namespace, NAMESPACE);
            let entry = catalog["metrics"]
                .as_array()
                .and_then(|metrics| metrics.iter().find(|m| m["name"] == defined.name.as_str()))
                .unwrap_or_else(|| panic!("{} is not in the catalog", defined.name));
            assert_eq!(entry["unit"], defined.unit.as_str());
            assert_eq!(entry["dimensions"], serde_json::json!(defined.dimensions));
        }
        assert_eq!(record["Service"], "orders-api");
        assert_eq!(record["Environment"], "test");
    }

    let health = records
        .iter()
        .find(|r| r["Route"] == "/health")
        .expect("/health");
    assert_eq!(health["Requests"], 2);
    assert_eq!(health["ColdStart"], 1);
    assert_eq!(health["Latency"], serde_json::json!([3.0, 5.0]));
    assert_eq!(health["StatusClass"], "2xx");
    assert_eq!(health["StatusCode"], "200");
    assert_eq!(health["request_id"], "req-1");
    assert_eq!(health["trace_id"], "1-65a1b2c3-0123456789abcdef01234567");
    assert!(
        health.get("BytesIn").is_none(),
        "bytes are counted for the Files API only"
    );

    let files = records
        .iter()
        .find(|r| r["Route"] == "/v1/files/{path}")
        .expect("files");
    assert_eq!(
        (files["BytesIn"].clone(), files["BytesOut"].clone()),
        (10.into(), 20.into())
    );

    let missing = records
        .iter()
        .find(|r| r["Route"] == "unmatched")
        .expect("404");
    assert_eq!(missing["Errors"], 1);
    assert_eq!(missing["ProblemType"], "not-found");
    assert_eq!(missing["StatusClass"], "4xx");

    assert!(flushed(&recorder).is_empty(), "a flush starts afresh");
}

#[test]
fn more_than_a_hundred_values_are_split_across_records() {
    let recorder = EmfRecorder::new("orders-api", "test");
    ::metrics::with_local_recorder(&recorder, || {
        for millis in 0..250 {
            record(&outcome("/health", StatusCode::OK, millis));
        }
    });
    let records = flushed(&recorder);
    assert_eq!(records.len(), 3);
    let mut latencies = 0;
    let mut requests = 0.0;
    for record in &records {
        for defined in emf_spec::check(record) {
            match defined.name.as_str() {
                "Latency" => latencies += defined.values.len(),
                "Requests" => requests += defined.values.iter().sum::<f64>(),
                other => panic!("unexpected {other}"),
            }
        }
    }
    assert_eq!((latencies, requests), (250, 250.0));
}

#[test]
fn metrics_or_labels_outside_the_catalog_are_not_recorded() {
    let recorder = EmfRecorder::new("orders-api", "test");
    ::metrics::with_local_recorder(&recorder, || {
        ::metrics::counter!("Invented").increment(1);
        ::metrics::counter!("Requests", "UserId" => "42").increment(1);
        ::metrics::gauge!("Requests").set(1.0);
    });
    assert!(flushed(&recorder).is_empty());
    assert_eq!(CATALOG.len(), 6);
}
