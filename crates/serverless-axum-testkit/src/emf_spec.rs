//! The CloudWatch Embedded Metric Format specification, as a checker: what CloudWatch Logs needs to extract
//! metrics from a log line.
//! <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html>

use serde_json::Value;

/// The units CloudWatch accepts (`MetricDatum.Unit`).
const UNITS: &[&str] = &[
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

/// One metric a record defines.
#[derive(Debug, Clone, PartialEq)]
pub struct Defined {
    pub namespace: String,
    pub name: String,
    pub unit: String,
    pub dimensions: Vec<String>,
    pub values: Vec<f64>,
}

/// Checks `record` against the specification and returns the metrics it defines; panics on any violation.
pub fn check(record: &Value) -> Vec<Defined> {
    let root = record.as_object().expect("the record is a JSON object");
    let aws = root["_aws"].as_object().expect("_aws is an object");
    let timestamp = aws["Timestamp"]
        .as_u64()
        .expect("_aws.Timestamp is a number of milliseconds");
    assert!(
        timestamp > 1_600_000_000_000,
        "Timestamp is in milliseconds: {timestamp}"
    );
    let directives = aws["CloudWatchMetrics"]
        .as_array()
        .expect("_aws.CloudWatchMetrics is an array");
    assert!(!directives.is_empty(), "no metric directive: {record}");
    let mut defined = Vec::new();
    for directive in directives {
        let namespace = directive["Namespace"]
            .as_str()
            .expect("Namespace is a string");
        assert!((1..=255).contains(&namespace.len()), "{namespace}");
        let dimension_sets = directive["Dimensions"]
            .as_array()
            .expect("Dimensions is an array");
        for set in dimension_sets {
            let set = set.as_array().expect("a dimension set is an array");
            assert!(set.len() <= 30, "at most 30 dimensions in a set: {record}");
            for dimension in set {
                let dimension = dimension
                    .as_str()
                    .expect("a dimension is named by a string");
                let value = root
                    .get(dimension)
                    .unwrap_or_else(|| panic!("dimension {dimension} is not a member: {record}"));
                let value = value
                    .as_str()
                    .unwrap_or_else(|| panic!("dimension {dimension} is not a string: {record}"));
                assert!((1..=1024).contains(&value.len()), "{dimension}={value:?}");
            }
        }
        let metrics = directive["Metrics"]
            .as_array()
            .expect("Metrics is an array");
        assert!(!metrics.is_empty() && metrics.len() <= 100, "{record}");
        for metric in metrics {
            let name = metric["Name"].as_str().expect("a metric Name is a string");
            assert!((1..=255).contains(&name.len()), "{name}");
            let unit = metric
                .get("Unit")
                .map_or("None", |unit| unit.as_str().expect("Unit is a string"));
            assert!(
                UNITS.contains(&unit),
                "unit {unit:?} of {name} is not a CloudWatch unit"
            );
            let value = root
                .get(name)
                .unwrap_or_else(|| panic!("metric {name} has no value member: {record}"));
            let values: Vec<f64> = match value {
                Value::Number(number) => vec![number.as_f64().expect("a finite number")],
                Value::Array(values) => {
                    assert!(
                        !values.is_empty() && values.len() <= 100,
                        "1..=100 values: {record}"
                    );
                    values
                        .iter()
                        .map(|v| v.as_f64().expect("every value is a number"))
                        .collect()
                }
                other => panic!("metric {name} has a value that is not a number: {other}"),
            };
            let dimensions = dimension_sets
                .first()
                .and_then(Value::as_array)
                .map(|set| {
                    set.iter()
                        .filter_map(|d| d.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            defined.push(Defined {
                namespace: namespace.to_owned(),
                name: name.to_owned(),
                unit: unit.to_owned(),
                dimensions,
                values,
            });
        }
    }
    defined
}
