//! The golden signals of a service environment over a window: requests, error rate, p50/p99 latency, throttles
//! and cold starts, from the service's own metrics (`metrics/catalog.json`) and Lambda's throttles.

use anyhow::{Context, Result};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::cloud::{MetricId, MetricQuery, Monitoring, Series};
use super::service::ServiceEnv;

/// The service metrics the signals read: entries of the kit's catalog (a test holds the names equal).
pub const REQUESTS: &str = "Requests";
pub const LATENCY: &str = "Latency";
pub const COLD_START: &str = "ColdStart";

/// The values of `Requests`' status-class dimension: HTTP's five classes (RFC 9110, section 15), as the kit writes
/// them.
pub const STATUS_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];
/// The class counted as errors.
const SERVER_ERRORS: &str = "5xx";

/// Lambda's throttles metric (AWS's names).
const LAMBDA_NAMESPACE: &str = "AWS/Lambda";
const THROTTLES: &str = "Throttles";
const FUNCTION_NAME: &str = "FunctionName";

/// A signal's value, or why it could not be read.
pub type Reading = std::result::Result<Option<f64>, String>;

/// The signals over one window. `None`: no datapoint in the window (no traffic).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoldenSignals {
    pub start: Timestamp,
    pub end: Timestamp,
    #[serde(serialize_with = "reading")]
    pub requests: Reading,
    /// 5xx answers per request, 0..=1.
    #[serde(serialize_with = "reading")]
    pub error_rate: Reading,
    #[serde(serialize_with = "reading")]
    pub latency_p50_ms: Reading,
    #[serde(serialize_with = "reading")]
    pub latency_p99_ms: Reading,
    #[serde(serialize_with = "reading")]
    pub throttles: Reading,
    #[serde(serialize_with = "reading")]
    pub cold_starts: Reading,
}

impl GoldenSignals {
    /// Whether every signal could be read.
    pub fn complete(&self) -> bool {
        [
            &self.requests,
            &self.error_rate,
            &self.latency_p50_ms,
            &self.latency_p99_ms,
            &self.throttles,
            &self.cold_starts,
        ]
        .iter()
        .all(|r| r.is_ok())
    }
}

/// JSON: the number, `null` without datapoints, or `{"error": "…"}`.
fn reading<S: serde::Serializer>(
    value: &Reading,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    match value {
        Ok(number) => number.serialize(serializer),
        Err(error) => {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("error", error)?;
            map.end()
        }
    }
}

/// The one-period queries of the window `window` ending at `end`: sums, then percentiles. Percentiles go in a
/// request of their own, so a failure there (moto has none) leaves the others readable.
pub struct SignalQueries {
    pub sums: Vec<MetricQuery>,
    pub percentiles: Vec<MetricQuery>,
}

/// The queries for `env`'s signals over periods of `period`.
pub fn queries(env: &ServiceEnv, period: SignedDuration) -> Result<SignalQueries> {
    let catalog = &env.catalog;
    let base = env.base_dimensions();
    let custom = |id: &str, name: &str, extra: Option<(String, String)>, stat: &str| MetricQuery {
        id: id.to_owned(),
        metric: MetricId::new(
            &catalog.namespace,
            name,
            base.iter().cloned().chain(extra).collect(),
        ),
        stat: stat.to_owned(),
        period,
    };
    catalog.metric(LATENCY)?;
    catalog.metric(COLD_START)?;
    let mut sums = requests_by_class(env, period)?;
    sums.push(custom("cold_starts", COLD_START, None, "Sum"));
    // Throttles are Lambda's (a Fargate service queues instead): not read there, shown as no data.
    if env.compute == "lambda" {
        sums.push(MetricQuery {
            id: "throttles".to_owned(),
            metric: MetricId::new(
                LAMBDA_NAMESPACE,
                THROTTLES,
                vec![(FUNCTION_NAME.to_owned(), env.function.clone())],
            ),
            stat: "Sum".to_owned(),
            period,
        });
    }
    let percentiles = vec![
        custom("latency_p50", LATENCY, None, "p50"),
        custom("latency_p99", LATENCY, None, "p99"),
    ];
    Ok(SignalQueries { sums, percentiles })
}

/// The `Sum` of `Requests` for each status class, over periods of `period` (ids `requests_<class>`).
pub fn requests_by_class(env: &ServiceEnv, period: SignedDuration) -> Result<Vec<MetricQuery>> {
    let class_dimension = status_class_dimension(env)?;
    Ok(STATUS_CLASSES
        .iter()
        .map(|class| MetricQuery {
            id: class_id(class),
            metric: MetricId::new(
                &env.catalog.namespace,
                REQUESTS,
                env.base_dimensions()
                    .into_iter()
                    .chain([(class_dimension.clone(), (*class).to_owned())])
                    .collect(),
            ),
            stat: "Sum".to_owned(),
            period,
        })
        .collect())
}

/// The dimension `Requests` carries besides Service and Environment: its status class.
pub fn status_class_dimension(env: &ServiceEnv) -> Result<String> {
    let base: Vec<String> = env
        .base_dimensions()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let requests = env.catalog.metric(REQUESTS)?;
    let extra: Vec<&String> = requests
        .dimensions
        .iter()
        .filter(|d| !base.contains(d))
        .collect();
    match extra.as_slice() {
        [one] => Ok((*one).clone()),
        _ => anyhow::bail!(
            "metrics/catalog.json: {REQUESTS} should carry one dimension besides {base:?} (its status class), \
             it has {:?}",
            requests.dimensions
        ),
    }
}

fn class_id(class: &str) -> String {
    format!("requests_{class}")
}

/// Reads the signals of the hour (or `window`) that ends at the last whole minute before `now`.
pub async fn read(
    cloud: &impl Monitoring,
    env: &ServiceEnv,
    now: Timestamp,
    window: SignedDuration,
) -> Result<GoldenSignals> {
    let end = whole_minute(now)?;
    let start = end.checked_sub(window).context("window start")?;
    let queries = queries(env, window)?;
    let sums = cloud.metric_data(&queries.sums, start, end).await;
    let percentiles = cloud.metric_data(&queries.percentiles, start, end).await;
    let total = |series: &[Series], id: &str| -> Option<f64> {
        let s = series.iter().find(|s| s.id == id)?;
        (!s.points.is_empty()).then(|| s.sum())
    };
    let (requests, error_rate, throttles, cold_starts) = match &sums {
        Ok(series) => {
            let per_class: Vec<Option<f64>> = STATUS_CLASSES
                .iter()
                .map(|c| total(series, &class_id(c)))
                .collect();
            let requests = per_class.iter().flatten().copied().reduce(|a, b| a + b);
            let errors = total(series, &class_id(SERVER_ERRORS)).unwrap_or(0.0);
            let rate = requests.filter(|r| *r > 0.0).map(|r| errors / r);
            (
                Ok(requests),
                Ok(rate),
                Ok(total(series, "throttles")),
                Ok(total(series, "cold_starts")),
            )
        }
        Err(error) => {
            let error = format!("{error:#}");
            (
                Err(error.clone()),
                Err(error.clone()),
                Err(error.clone()),
                Err(error),
            )
        }
    };
    // One period covers the window: its one datapoint is the percentile over the whole window.
    let (latency_p50_ms, latency_p99_ms) = match &percentiles {
        Ok(series) => (
            Ok(series
                .iter()
                .find(|s| s.id == "latency_p50")
                .and_then(|s| s.points.last().map(|p| p.1))),
            Ok(series
                .iter()
                .find(|s| s.id == "latency_p99")
                .and_then(|s| s.points.last().map(|p| p.1))),
        ),
        Err(error) => {
            let error = format!("{error:#}");
            (Err(error.clone()), Err(error))
        }
    };
    Ok(GoldenSignals {
        start,
        end,
        requests,
        error_rate,
        latency_p50_ms,
        latency_p99_ms,
        throttles,
        cold_starts,
    })
}

/// `time` rounded down to its minute: CloudWatch's standard resolution.
pub fn whole_minute(time: Timestamp) -> Result<Timestamp> {
    let seconds = time.as_second();
    Timestamp::from_second(seconds - seconds.rem_euclid(60)).context("timestamp in range")
}

#[cfg(test)]
mod tests {
    use serverless_axum_kit::telemetry::metrics::{
        spec, status_class, ENVIRONMENT, NAMESPACE, SERVICE,
    };

    use super::*;

    #[test]
    fn the_signals_read_metrics_the_kit_emits() {
        for name in [REQUESTS, LATENCY, COLD_START] {
            assert!(spec(name).is_some(), "{name} is not in the kit's catalog");
        }
        let requests = spec(REQUESTS).expect("Requests");
        assert_eq!(requests.dimensions.len(), 3);
        assert_eq!(&requests.dimensions[..2], [SERVICE, ENVIRONMENT]);
        assert_eq!(NAMESPACE, "ServerlessAxum");
        let crate::operate::contract::Operations {
            metric_dimensions, ..
        } = crate::operate::contract::operations();
        assert_eq!(
            metric_dimensions,
            &[SERVICE.to_owned(), ENVIRONMENT.to_owned()]
        );
    }

    #[test]
    fn the_status_classes_are_the_ones_the_kit_writes() {
        let written: std::collections::BTreeSet<&str> = (100..=599u16)
            .filter_map(|code| http::StatusCode::from_u16(code).ok())
            .map(status_class)
            .collect();
        assert_eq!(written.into_iter().collect::<Vec<_>>(), STATUS_CLASSES);
    }

    #[test]
    fn whole_minutes() {
        let time: Timestamp = "2026-11-29T21:07:42.5Z".parse().expect("a timestamp");
        assert_eq!(
            whole_minute(time).expect("in range").to_string(),
            "2026-11-29T21:07:00Z"
        );
    }
}
