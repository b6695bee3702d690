//! The metrics this service may emit: names, units, dimensions and properties, in one catalog that
//! `metrics/catalog.json` mirrors (a test keeps them equal) and that dashboards and alarms are checked against.
//!
//! Every metric is recorded once per request through the `metrics` facade, with the same labels, so that all
//! of a request's metrics land in one EMF record. Labels named in a metric's `dimensions` become CloudWatch
//! dimensions; the others travel as properties, searchable in Logs Insights at no metric cost.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{json, Value};

/// The CloudWatch namespace of every metric.
pub const NAMESPACE: &str = "ServerlessAxum";

/// Dimensions every metric carries, set once per process.
pub const SERVICE: &str = "Service";
pub const ENVIRONMENT: &str = "Environment";

/// Labels of a request's metrics.
pub const STATUS_CLASS: &str = "StatusClass";
pub const ROUTE: &str = "Route";
pub const STATUS_CODE: &str = "StatusCode";
pub const PROBLEM_TYPE: &str = "ProblemType";

/// Routes whose request and response bodies are counted by `BytesIn`/`BytesOut`.
pub const FILES_ROUTES: &str = "/v1/files";

/// A CloudWatch unit (the subset this service uses; all are in EMF's allowed set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Milliseconds,
    Bytes,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Count => "Count",
            Self::Milliseconds => "Milliseconds",
            Self::Bytes => "Bytes",
        }
    }
}

/// One metric the service may emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricSpec {
    pub name: &'static str,
    pub unit: Unit,
    /// The one dimension set it is published with (each distinct value combination is a custom metric).
    pub dimensions: &'static [&'static str],
    /// Labels written as EMF properties.
    pub properties: &'static [&'static str],
}

const REQUEST_PROPERTIES: &[&str] = &[ROUTE, STATUS_CODE, STATUS_CLASS, PROBLEM_TYPE];
const REQUESTS_PROPERTIES: &[&str] = &[ROUTE, STATUS_CODE, PROBLEM_TYPE];
const BASE: &[&str] = &[SERVICE, ENVIRONMENT];

/// Everything the code can emit. Custom metrics per service: ColdStart 1, Requests 4 (one per status class),
/// Latency 1, Errors 1, BytesIn 1, BytesOut 1 = 9, inside CloudWatch's 10 free ones.
pub const CATALOG: &[MetricSpec] = &[
    MetricSpec {
        name: "ColdStart",
        unit: Unit::Count,
        dimensions: BASE,
        properties: REQUEST_PROPERTIES,
    },
    MetricSpec {
        name: "Requests",
        unit: Unit::Count,
        dimensions: &[SERVICE, ENVIRONMENT, STATUS_CLASS],
        properties: REQUESTS_PROPERTIES,
    },
    MetricSpec {
        name: "Latency",
        unit: Unit::Milliseconds,
        dimensions: BASE,
        properties: REQUEST_PROPERTIES,
    },
    MetricSpec {
        name: "Errors",
        unit: Unit::Count,
        dimensions: BASE,
        properties: REQUEST_PROPERTIES,
    },
    MetricSpec {
        name: "BytesIn",
        unit: Unit::Bytes,
        dimensions: BASE,
        properties: REQUEST_PROPERTIES,
    },
    MetricSpec {
        name: "BytesOut",
        unit: Unit::Bytes,
        dimensions: BASE,
        properties: REQUEST_PROPERTIES,
    },
];

/// The catalog entry named `name`.
pub fn spec(name: &str) -> Option<&'static MetricSpec> {
    CATALOG.iter().find(|spec| spec.name == name)
}

/// The catalog as `metrics/catalog.json` holds it.
pub fn catalog_json() -> Value {
    let metrics: Vec<Value> = CATALOG
        .iter()
        .map(|spec| {
            json!({
                "name": spec.name,
                "unit": spec.unit.as_str(),
                "dimensions": spec.dimensions,
                "properties": spec.properties,
            })
        })
        .collect();
    json!({ "namespace": NAMESPACE, "metrics": metrics })
}

/// What one answered request contributes to the metrics.
#[derive(Debug, Clone)]
pub struct RequestOutcome<'a> {
    pub route: &'a str,
    pub status: StatusCode,
    pub latency: Duration,
    /// The problem type's slug when the answer was a problem (4xx/5xx).
    pub problem_type: Option<&'a str>,
    pub cold_start: bool,
    pub bytes_in: Option<u64>,
    pub bytes_out: Option<u64>,
}

/// `2xx` for 200..=299 and so on.
pub fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// `duration` in milliseconds, to the microsecond.
pub fn milliseconds(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// Records `outcome` under `labels` through the `metrics` facade.
pub fn count_request(outcome: &RequestOutcome<'_>, labels: &[metrics::Label]) {
    metrics::counter!("Requests", labels.to_vec()).increment(1);
    metrics::histogram!("Latency", labels.to_vec()).record(milliseconds(outcome.latency));
    if outcome.cold_start {
        metrics::counter!("ColdStart", labels.to_vec()).increment(1);
    }
    if outcome.problem_type.is_some() {
        metrics::counter!("Errors", labels.to_vec()).increment(1);
    }
    if outcome.route.starts_with(FILES_ROUTES) {
        if let Some(bytes) = outcome.bytes_in {
            metrics::counter!("BytesIn", labels.to_vec()).increment(bytes);
        }
        if let Some(bytes) = outcome.bytes_out {
            metrics::counter!("BytesOut", labels.to_vec()).increment(bytes);
        }
    }
}

/// The labels all of a request's metrics share.
pub fn request_labels(outcome: &RequestOutcome<'_>) -> Vec<metrics::Label> {
    let mut labels = vec![
        metrics::Label::new(STATUS_CLASS, status_class(outcome.status)),
        metrics::Label::new(ROUTE, outcome.route.to_owned()),
        metrics::Label::new(STATUS_CODE, outcome.status.as_u16().to_string()),
    ];
    if let Some(problem_type) = outcome.problem_type {
        labels.push(metrics::Label::new(PROBLEM_TYPE, problem_type.to_owned()));
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_stays_within_the_free_tier() {
        // Only StatusClass varies per service among the dimensions, with four values a finished request can have.
        let custom_metrics: usize = CATALOG
            .iter()
            .map(|spec| {
                if spec.dimensions.contains(&STATUS_CLASS) {
                    4
                } else {
                    1
                }
            })
            .sum();
        assert!(custom_metrics <= 10, "{custom_metrics} custom metrics");
        for spec in CATALOG {
            assert_eq!(&spec.dimensions[..2], BASE, "{}", spec.name);
            assert!(spec.dimensions.len() <= 30);
            for property in spec.properties {
                assert!(!spec.dimensions.contains(property), "{}", spec.name);
            }
        }
    }

    #[test]
    fn status_classes() {
        assert_eq!(status_class(StatusCode::OK), "2xx");
        assert_eq!(status_class(StatusCode::PERMANENT_REDIRECT), "3xx");
        assert_eq!(status_class(StatusCode::NOT_FOUND), "4xx");
        assert_eq!(status_class(StatusCode::GATEWAY_TIMEOUT), "5xx");
    }
}
