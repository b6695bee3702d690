//! A `metrics` recorder that writes CloudWatch Embedded Metric Format (EMF) records: JSON lines on stdout from
//! which CloudWatch Logs extracts the metrics, with no API call and no SDK at run time.
//!
//! Values are gathered between flushes, per metric and label set, and written by [`EmfRecorder::flush`]: one
//! record per label set (so per route and status), with one metric directive per dimension set. Only metrics in
//! the [catalog](super::metrics::CATALOG), with the labels it allows, are recorded: the code cannot emit a
//! metric the dashboards and alarms do not know about. Each record also carries the request id and trace id of
//! the last request it counts (an exemplar; on Lambda, the one request of the invocation).
//!
//! `metrics_cloudwatch_embedded` was considered: it turns every label into a dimension (no properties, so no
//! way to stay inside the free tier), keeps at most 100 histogram values between flushes and logs an error per
//! value beyond, which a busy server reaches in a second.

use std::{
    collections::{BTreeMap, HashMap},
    io,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex, OnceLock,
    },
    time::{SystemTime, UNIX_EPOCH},
};

use tokio::sync::Notify;

use metrics::{
    Counter, Gauge, Histogram, HistogramFn, Key, KeyName, Label, Metadata, Recorder, SharedString,
    Unit,
};
use serde_json::{json, Map, Value};

use super::metrics::{spec, MetricSpec, ENVIRONMENT, NAMESPACE, SERVICE};

/// EMF accepts at most 100 values per metric in one record.
pub const MAX_VALUES_PER_RECORD: usize = 100;

/// Values one histogram gathers before the recorder asks for an early flush ([`EmfRecorder::filled`]): ten
/// records' worth. A busy local server or container answers tens of thousands of requests a second, and between two
/// timed flushes a histogram would gather hundreds of thousands of values (megabytes, and as much again to write
/// them): this bounds memory without writing more records, since the same values go out, only sooner. On Lambda
/// every invocation flushes anyway.
pub const FLUSH_AT_VALUES: usize = 10 * MAX_VALUES_PER_RECORD;

static INSTALLED: OnceLock<Arc<EmfRecorder>> = OnceLock::new();

/// Makes `recorder` the process's `metrics` recorder (the first one installed stays).
pub fn install(recorder: Arc<EmfRecorder>) {
    if INSTALLED.set(Arc::clone(&recorder)).is_ok() {
        drop(metrics::set_global_recorder(recorder));
    }
}

/// Notes the ids of a request whose metrics were recorded with `labels`, on the installed recorder.
pub fn note_exemplar(labels: Vec<Label>, request_id: &str, trace_id: &str) {
    if let Some(recorder) = INSTALLED.get() {
        recorder.note_exemplar(labels, request_id, trace_id);
    }
}

/// The values of one histogram since the last flush, and whom to tell when there are enough to flush early.
#[derive(Debug)]
struct Samples {
    values: Mutex<Vec<f64>>,
    filled: Arc<Notify>,
}

impl HistogramFn for Samples {
    fn record(&self, value: f64) {
        if let Ok(mut values) = self.values.lock() {
            values.push(value);
            if values.len() == FLUSH_AT_VALUES {
                self.filled.notify_one();
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Cell {
    Counter(Arc<AtomicU64>),
    Histogram(Arc<Samples>),
}

#[derive(Debug)]
struct Series {
    spec: &'static MetricSpec,
    cell: Cell,
}

/// The request id and trace id of one request counted by a record.
#[derive(Debug, Clone)]
struct Exemplar {
    request_id: String,
    trace_id: String,
}

/// Gathers metrics and writes them as EMF.
#[derive(Debug)]
pub struct EmfRecorder {
    service: String,
    environment: String,
    series: Mutex<HashMap<Key, Series>>,
    exemplars: Mutex<HashMap<Vec<Label>, Exemplar>>,
    /// Told when a histogram reaches [`FLUSH_AT_VALUES`].
    filled: Arc<Notify>,
}

/// The metrics gathered under one label set.
struct Group {
    labels: Vec<Label>,
    metrics: Vec<(&'static MetricSpec, Datum)>,
}

/// A metric's value in one record.
enum Datum {
    Count(u64),
    Values(Vec<f64>),
}

impl EmfRecorder {
    /// A recorder whose records carry the `Service` and `Environment` dimensions.
    pub fn new(service: &str, environment: &str) -> Self {
        Self {
            service: service.to_owned(),
            environment: environment.to_owned(),
            series: Mutex::default(),
            exemplars: Mutex::default(),
            filled: Arc::default(),
        }
    }

    /// Returns once a histogram has gathered [`FLUSH_AT_VALUES`] values since it was last flushed (at once if one
    /// did while nobody was waiting): server mode then flushes early.
    pub async fn filled(&self) {
        self.filled.notified().await;
    }

    /// Remembers the ids of the latest request counted under `labels`.
    pub fn note_exemplar(&self, labels: Vec<Label>, request_id: &str, trace_id: &str) {
        if let Ok(mut exemplars) = self.exemplars.lock() {
            exemplars.insert(
                labels,
                Exemplar {
                    request_id: request_id.to_owned(),
                    trace_id: trace_id.to_owned(),
                },
            );
        }
    }

    /// Writes everything gathered since the last flush as EMF lines, and starts gathering afresh.
    pub fn flush(&self, mut out: impl io::Write) -> io::Result<()> {
        let mut groups: BTreeMap<Vec<(String, String)>, Group> = BTreeMap::new();
        if let Ok(series) = self.series.lock() {
            for (key, series) in series.iter() {
                let datum = match &series.cell {
                    Cell::Counter(count) => match count.swap(0, Ordering::Relaxed) {
                        0 => continue,
                        count => Datum::Count(count),
                    },
                    Cell::Histogram(samples) => {
                        let values = samples
                            .values
                            .lock()
                            .map(|mut values| std::mem::take(&mut *values))
                            .unwrap_or_default();
                        if values.is_empty() {
                            continue;
                        }
                        Datum::Values(values)
                    }
                };
                let labels: Vec<Label> = key.labels().cloned().collect();
                let sort_key = labels
                    .iter()
                    .map(|label| (label.key().to_owned(), label.value().to_owned()))
                    .collect();
                groups
                    .entry(sort_key)
                    .or_insert_with(|| Group {
                        labels,
                        metrics: Vec::new(),
                    })
                    .metrics
                    .push((series.spec, datum));
            }
        }
        if groups.is_empty() {
            return Ok(());
        }
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_millis());
        let mut exemplars = self
            .exemplars
            .lock()
            .map(|mut exemplars| std::mem::take(&mut *exemplars))
            .unwrap_or_default();
        let mut text = String::new();
        for group in groups.into_values() {
            let exemplar = exemplars.remove(&group.labels);
            for record in self.records(timestamp, &group.labels, exemplar.as_ref(), group.metrics) {
                text.push_str(&record.to_string());
                text.push('\n');
            }
        }
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    /// The records of one label set: counters and the first 100 values of each histogram in the first, further
    /// histogram values in as many more as needed.
    fn records(
        &self,
        timestamp: u128,
        labels: &[Label],
        exemplar: Option<&Exemplar>,
        metrics: Vec<(&MetricSpec, Datum)>,
    ) -> Vec<Value> {
        let mut records = Vec::new();
        let mut chunk = 0;
        loop {
            let mut members = Map::new();
            let mut directives: Vec<(&[&str], Vec<Value>)> = Vec::new();
            for (spec, datum) in &metrics {
                let value = match datum {
                    Datum::Count(count) if chunk == 0 => json!(count),
                    Datum::Count(_) => continue,
                    Datum::Values(values) => {
                        let start = chunk * MAX_VALUES_PER_RECORD;
                        let Some(part) = values.get(start..) else {
                            continue;
                        };
                        match &part[..part.len().min(MAX_VALUES_PER_RECORD)] {
                            [] => continue,
                            [one] => json!(one),
                            many => json!(many),
                        }
                    }
                };
                members.insert(spec.name.to_owned(), value);
                let definition = json!({ "Name": spec.name, "Unit": spec.unit.as_str() });
                match directives
                    .iter_mut()
                    .find(|(dims, _)| *dims == spec.dimensions)
                {
                    Some((_, definitions)) => definitions.push(definition),
                    None => directives.push((spec.dimensions, vec![definition])),
                }
            }
            if directives.is_empty() {
                return records;
            }
            members.insert(SERVICE.to_owned(), json!(self.service));
            members.insert(ENVIRONMENT.to_owned(), json!(self.environment));
            for label in labels {
                members.insert(label.key().to_owned(), json!(label.value()));
            }
            if let Some(exemplar) = exemplar {
                members.insert("request_id".to_owned(), json!(exemplar.request_id));
                members.insert("trace_id".to_owned(), json!(exemplar.trace_id));
            }
            let directives: Vec<Value> = directives
                .into_iter()
                .map(|(dimensions, definitions)| {
                    json!({ "Namespace": NAMESPACE, "Dimensions": [dimensions], "Metrics": definitions })
                })
                .collect();
            members.insert(
                "_aws".to_owned(),
                json!({ "Timestamp": timestamp, "CloudWatchMetrics": directives }),
            );
            records.push(Value::Object(members));
            chunk += 1;
        }
    }

    /// The catalog entry of `key` when it is in the catalog and every label is one the entry allows.
    fn allowed(key: &Key) -> Option<&'static MetricSpec> {
        let spec = spec(key.name())?;
        let allowed = key.labels().all(|label| {
            spec.dimensions.contains(&label.key()) || spec.properties.contains(&label.key())
        });
        if !allowed {
            tracing::debug!(metric = %key, "metric with labels outside the catalog not recorded");
        }
        allowed.then_some(spec)
    }

    fn register(&self, key: &Key, make: impl FnOnce() -> Cell) -> Option<Cell> {
        let spec = Self::allowed(key)?;
        let mut series = self.series.lock().ok()?;
        if let Some(known) = series.get(key) {
            return Some(known.cell.clone());
        }
        let cell = make();
        series.insert(
            key.clone(),
            Series {
                spec,
                cell: cell.clone(),
            },
        );
        Some(cell)
    }
}

impl Recorder for EmfRecorder {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        match self.register(key, || Cell::Counter(Arc::default())) {
            Some(Cell::Counter(count)) => Counter::from_arc(count),
            _ => Counter::noop(),
        }
    }

    /// The catalog has no gauges.
    fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::noop()
    }

    fn register_histogram(&self, key: &Key, _: &Metadata<'_>) -> Histogram {
        let make = || {
            Cell::Histogram(Arc::new(Samples {
                values: Mutex::default(),
                filled: Arc::clone(&self.filled),
            }))
        };
        match self.register(key, make) {
            Some(Cell::Histogram(samples)) => Histogram::from_arc(samples),
            _ => Histogram::noop(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use metrics::{Key, Label, Recorder};

    use super::*;

    fn latency(recorder: &EmfRecorder) -> Histogram {
        let key = Key::from_parts("Latency", vec![Label::new("Route", "GET /health")]);
        recorder.register_histogram(&key, &Metadata::new("test", metrics::Level::INFO, None))
    }

    async fn filled_soon(recorder: &EmfRecorder) -> bool {
        tokio::time::timeout(Duration::from_millis(50), recorder.filled())
            .await
            .is_ok()
    }

    #[tokio::test]
    async fn a_histogram_asks_for_an_early_flush_once_it_holds_ten_records_worth() {
        let recorder = EmfRecorder::new("orders-api", "test");
        let histogram = latency(&recorder);
        for _ in 1..FLUSH_AT_VALUES {
            histogram.record(1.5);
        }
        assert!(!filled_soon(&recorder).await, "one value short");
        histogram.record(1.5);
        assert!(filled_soon(&recorder).await);

        // The flush writes every value, 100 to a record, and the count starts again.
        let mut out = Vec::new();
        recorder.flush(&mut out).expect("flush");
        let records: Vec<Value> = String::from_utf8(out)
            .expect("utf-8")
            .lines()
            .map(|line| serde_json::from_str(line).expect("JSON"))
            .collect();
        assert_eq!(records.len(), FLUSH_AT_VALUES / MAX_VALUES_PER_RECORD);
        let written: usize = records
            .iter()
            .map(|record| record["Latency"].as_array().map_or(1, Vec::len))
            .sum();
        assert_eq!(written, FLUSH_AT_VALUES);
        histogram.record(1.5);
        assert!(
            !filled_soon(&recorder).await,
            "a fresh start after the flush"
        );
    }
}
