//! The run's summary, read from the metrics Goose returns, and the verdict against the budget.

use std::fmt::Write as _;

use goose::metrics::{GooseMetrics, GooseRequestMetricTimingData};

/// Requests, failures and latency of one request name, or of all requests together.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    pub requests: usize,
    pub failures: usize,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
}

impl Line {
    fn new(name: String, timings: &GooseRequestMetricTimingData, failures: usize) -> Self {
        let ms = |percent: f32| timings.percentile_us(percent) as f64 / 1000.0;
        Self {
            name,
            requests: timings.counter,
            failures,
            p50_ms: ms(0.50),
            p90_ms: ms(0.90),
            p99_ms: ms(0.99),
        }
    }
}

/// The whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub seconds: usize,
    pub total: Line,
    pub by_request: Vec<Line>,
}

impl Summary {
    pub fn from_metrics(metrics: &GooseMetrics) -> Self {
        let mut all = GooseRequestMetricTimingData::default();
        let mut failures = 0;
        let mut by_request: Vec<Line> = Vec::new();
        for aggregate in metrics.requests.values() {
            merge(&mut all, &aggregate.raw_data);
            failures += aggregate.fail_count;
            by_request.push(Line::new(
                aggregate.path.clone(),
                &aggregate.raw_data,
                aggregate.fail_count,
            ));
        }
        by_request.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            seconds: metrics.duration,
            total: Line::new("all requests".to_owned(), &all, failures),
            by_request,
        }
    }

    pub fn requests_per_second(&self) -> f64 {
        self.total.requests as f64 / self.seconds.max(1) as f64
    }

    pub fn error_rate(&self) -> f64 {
        if self.total.requests == 0 {
            return 0.0;
        }
        self.total.failures as f64 / self.total.requests as f64
    }

    /// Why the run is over budget; empty when it passes. A run without a single request fails too: a load test
    /// that measured nothing must not pass a gate.
    pub fn broken_budgets(&self, max_error_rate: f64, max_p99_ms: f64) -> Vec<String> {
        let mut broken = Vec::new();
        if self.total.requests == 0 {
            broken.push("no request was made".to_owned());
        }
        if self.error_rate() > max_error_rate {
            broken.push(format!(
                "error rate {:.2} % is over the budget of {:.2} %",
                self.error_rate() * 100.0,
                max_error_rate * 100.0
            ));
        }
        if self.total.p99_ms > max_p99_ms {
            broken.push(format!(
                "p99 latency {:.1} ms is over the budget of {max_p99_ms} ms",
                self.total.p99_ms
            ));
        }
        broken
    }

    /// A markdown table: one row per request name, then all requests together.
    pub fn table(&self) -> String {
        let mut text = format!(
            "{} requests in {} s: {:.1} requests/s, {} failed ({:.2} %)\n\n",
            self.total.requests,
            self.seconds,
            self.requests_per_second(),
            self.total.failures,
            self.error_rate() * 100.0
        );
        text.push_str("| request | count | failed | p50 ms | p90 ms | p99 ms |\n");
        text.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for line in self.by_request.iter().chain(std::iter::once(&self.total)) {
            // Writing to a String cannot fail.
            let _ = writeln!(
                text,
                "| {} | {} | {} | {:.1} | {:.1} | {:.1} |",
                line.name, line.requests, line.failures, line.p50_ms, line.p90_ms, line.p99_ms
            );
        }
        text
    }
}

/// Adds `other`'s times to `all` (Goose keeps its own merge private): bucket counts add up, the fastest and
/// slowest widen.
fn merge(all: &mut GooseRequestMetricTimingData, other: &GooseRequestMetricTimingData) {
    if other.counter == 0 {
        return;
    }
    for (&bucket, &count) in other.times_us.iter() {
        let existing = all.times_us.get(&bucket).copied().unwrap_or(0);
        all.times_us.insert(bucket, existing + count);
    }
    if all.counter == 0 || other.minimum_time_us < all.minimum_time_us {
        all.minimum_time_us = other.minimum_time_us;
    }
    all.maximum_time_us = all.maximum_time_us.max(other.maximum_time_us);
    all.total_time_us += other.total_time_us;
    all.counter += other.counter;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(requests: usize, failures: usize, p99_ms: f64) -> Line {
        Line {
            name: "all requests".to_owned(),
            requests,
            failures,
            p50_ms: 1.0,
            p90_ms: 2.0,
            p99_ms,
        }
    }

    fn summary(total: Line) -> Summary {
        Summary {
            seconds: 5,
            total,
            by_request: Vec::new(),
        }
    }

    #[test]
    fn a_run_within_budget_passes() {
        assert!(summary(line(1000, 10, 499.0))
            .broken_budgets(0.01, 500.0)
            .is_empty());
    }

    #[test]
    fn too_many_errors_or_a_slow_p99_fail() {
        let broken = summary(line(1000, 11, 501.0)).broken_budgets(0.01, 500.0);
        assert_eq!(broken.len(), 2, "{broken:?}");
        assert!(broken[0].starts_with("error rate 1.10 %"));
        assert!(broken[1].starts_with("p99 latency 501.0 ms"));
    }

    #[test]
    fn a_run_without_requests_fails() {
        assert_eq!(
            summary(line(0, 0, 0.0)).broken_budgets(0.01, 500.0),
            ["no request was made"]
        );
    }

    #[test]
    fn merged_times_keep_every_count_and_the_extremes() {
        let mut fast = GooseRequestMetricTimingData::default();
        fast.times_us.insert(1000, 3);
        (fast.minimum_time_us, fast.maximum_time_us, fast.counter) = (1000, 1000, 3);
        let mut slow = GooseRequestMetricTimingData::default();
        slow.times_us.insert(1000, 1);
        slow.times_us.insert(90_000, 1);
        (slow.minimum_time_us, slow.maximum_time_us, slow.counter) = (1000, 90_000, 2);
        let mut all = GooseRequestMetricTimingData::default();
        merge(&mut all, &fast);
        merge(&mut all, &slow);
        assert_eq!(all.counter, 5);
        assert_eq!(all.times_us.get(&1000), Some(&4));
        assert_eq!((all.minimum_time_us, all.maximum_time_us), (1000, 90_000));
    }
}
