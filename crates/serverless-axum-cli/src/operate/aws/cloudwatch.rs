//! [`Monitoring`] on CloudWatch: DescribeAlarms, GetMetricData, PutMetricData, ListMetrics and GetDashboard.

use anyhow::{Context, Result};
use aws_sdk_cloudwatch::operation::get_dashboard::GetDashboardError;
use aws_sdk_cloudwatch::types::{
    AlarmType, Dimension, DimensionFilter, Metric, MetricDataQuery, MetricDatum, MetricStat,
    ScanBy, StandardUnit, StateValue,
};
use jiff::Timestamp;

use super::time::{from_sdk, to_sdk};
use super::Aws;
use crate::operate::cloud::{Alarm, AlarmState, Datum, MetricId, MetricQuery, Monitoring, Series};

/// GetMetricData takes at most 500 queries; PutMetricData at most 1000 datapoints; DescribeAlarms 100 names.
const MAX_QUERIES: usize = 500;
const MAX_DATUMS: usize = 1000;
const MAX_ALARM_NAMES: usize = 100;

impl Monitoring for Aws {
    async fn alarms(&self, names: &[String]) -> Result<Vec<Alarm>> {
        let mut alarms = Vec::new();
        for chunk in names.chunks(MAX_ALARM_NAMES) {
            let mut pages = self
                .cloudwatch
                .describe_alarms()
                .set_alarm_names(Some(chunk.to_vec()))
                .alarm_types(AlarmType::MetricAlarm)
                .alarm_types(AlarmType::CompositeAlarm)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.context("CloudWatch DescribeAlarms")?;
                for alarm in page.metric_alarms() {
                    let mut metrics: Vec<MetricId> = alarm
                        .metrics()
                        .iter()
                        .filter_map(|q| q.metric_stat().and_then(MetricStat::metric))
                        .map(metric_id)
                        .collect();
                    if let (Some(namespace), Some(name)) = (alarm.namespace(), alarm.metric_name())
                    {
                        metrics.push(MetricId::new(
                            namespace,
                            name,
                            dimensions(alarm.dimensions()),
                        ));
                    }
                    alarms.push(Alarm {
                        name: alarm.alarm_name().unwrap_or_default().to_owned(),
                        state: state(alarm.state_value()),
                        reason: alarm.state_reason().unwrap_or_default().to_owned(),
                        since: alarm.state_updated_timestamp().map(from_sdk).transpose()?,
                        metrics,
                    });
                }
                for alarm in page.composite_alarms() {
                    alarms.push(Alarm {
                        name: alarm.alarm_name().unwrap_or_default().to_owned(),
                        state: state(alarm.state_value()),
                        reason: alarm.state_reason().unwrap_or_default().to_owned(),
                        since: alarm.state_updated_timestamp().map(from_sdk).transpose()?,
                        metrics: Vec::new(),
                    });
                }
            }
        }
        Ok(alarms)
    }

    async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<Series>> {
        let mut series: Vec<Series> = queries
            .iter()
            .map(|q| Series {
                id: q.id.clone(),
                points: Vec::new(),
            })
            .collect();
        for chunk in queries.chunks(MAX_QUERIES) {
            let mut pages = self
                .cloudwatch
                .get_metric_data()
                .set_metric_data_queries(Some(chunk.iter().map(sdk_query).collect()))
                .start_time(to_sdk(start))
                .end_time(to_sdk(end))
                .scan_by(ScanBy::TimestampAscending)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.context("CloudWatch GetMetricData")?;
                for result in page.metric_data_results() {
                    let Some(target) = series
                        .iter_mut()
                        .find(|s| Some(s.id.as_str()) == result.id())
                    else {
                        continue;
                    };
                    for (time, value) in result.timestamps().iter().zip(result.values()) {
                        target.points.push((from_sdk(time)?, *value));
                    }
                }
            }
        }
        for s in &mut series {
            s.points.sort_by_key(|(time, _)| *time);
        }
        Ok(series)
    }

    async fn put_metric_data(&self, namespace: &str, data: &[Datum]) -> Result<()> {
        for chunk in data.chunks(MAX_DATUMS) {
            let datums = chunk
                .iter()
                .map(|d| {
                    MetricDatum::builder()
                        .metric_name(&d.metric.name)
                        .set_dimensions(Some(sdk_dimensions(&d.metric.dimensions)))
                        .value(d.value)
                        .unit(StandardUnit::from(d.unit.as_str()))
                        .timestamp(to_sdk(d.timestamp))
                        .build()
                })
                .collect();
            self.cloudwatch
                .put_metric_data()
                .namespace(namespace)
                .set_metric_data(Some(datums))
                .send()
                .await
                .with_context(|| format!("CloudWatch PutMetricData ({namespace})"))?;
        }
        Ok(())
    }

    async fn list_metrics(
        &self,
        namespace: &str,
        name: &str,
        dimensions: &[(String, String)],
    ) -> Result<Vec<MetricId>> {
        let filters = dimensions
            .iter()
            .map(|(name, value)| DimensionFilter::builder().name(name).value(value).build())
            .collect::<Vec<_>>();
        let mut pages = self
            .cloudwatch
            .list_metrics()
            .namespace(namespace)
            .metric_name(name)
            .set_dimensions(Some(filters))
            .into_paginator()
            .send();
        let mut metrics = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.with_context(|| format!("CloudWatch ListMetrics ({namespace}/{name})"))?;
            metrics.extend(page.metrics().iter().map(metric_id));
        }
        Ok(metrics)
    }

    async fn dashboard_body(&self, name: &str) -> Result<Option<String>> {
        match self
            .cloudwatch
            .get_dashboard()
            .dashboard_name(name)
            .send()
            .await
        {
            Ok(output) => Ok(output.dashboard_body().map(str::to_owned)),
            Err(error) => match error.into_service_error() {
                GetDashboardError::DashboardNotFoundError(_) => Ok(None),
                other => Err(other).with_context(|| format!("CloudWatch GetDashboard ({name})")),
            },
        }
    }
}

/// The GetMetricData query of `query`: what CloudWatch receives (a test checks the shape, percentiles included).
pub fn sdk_query(query: &MetricQuery) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace(&query.metric.namespace)
        .metric_name(&query.metric.name)
        .set_dimensions(Some(sdk_dimensions(&query.metric.dimensions)))
        .build();
    let period = i32::try_from(query.period.as_secs()).unwrap_or(i32::MAX);
    MetricDataQuery::builder()
        .id(&query.id)
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(period)
                .stat(&query.stat)
                .build(),
        )
        .return_data(true)
        .build()
}

fn sdk_dimensions(dimensions: &[(String, String)]) -> Vec<Dimension> {
    dimensions
        .iter()
        .map(|(name, value)| Dimension::builder().name(name).value(value).build())
        .collect()
}

fn dimensions(dimensions: &[Dimension]) -> Vec<(String, String)> {
    dimensions
        .iter()
        .map(|d| {
            (
                d.name().unwrap_or_default().to_owned(),
                d.value().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn metric_id(metric: &Metric) -> MetricId {
    MetricId::new(
        metric.namespace().unwrap_or_default(),
        metric.metric_name().unwrap_or_default(),
        dimensions(metric.dimensions()),
    )
}

fn state(value: Option<&StateValue>) -> AlarmState {
    match value {
        Some(StateValue::Ok) => AlarmState::Ok,
        Some(StateValue::Alarm) => AlarmState::Alarm,
        _ => AlarmState::InsufficientData,
    }
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;

    /// moto answers GetMetricData with a percentile statistic with a 500, so this is the request CloudWatch gets for
    /// the latency signals, checked here rather than against the emulator.
    #[test]
    fn a_percentile_query_asks_cloudwatch_for_that_statistic() {
        let query = MetricQuery {
            id: "latency_p99".to_owned(),
            metric: MetricId::new(
                "ServerlessAxum",
                "Latency",
                vec![
                    ("Service".to_owned(), "orders".to_owned()),
                    ("Environment".to_owned(), "prod".to_owned()),
                ],
            ),
            stat: "p99".to_owned(),
            period: SignedDuration::from_hours(1),
        };
        let sdk = sdk_query(&query);
        assert_eq!(sdk.id(), Some("latency_p99"));
        assert_eq!(sdk.return_data(), Some(true));
        let stat = sdk.metric_stat().expect("a metric stat");
        assert_eq!(stat.stat(), Some("p99"));
        assert_eq!(stat.period(), Some(3600));
        let metric = stat.metric().expect("a metric");
        assert_eq!(
            (metric.namespace(), metric.metric_name()),
            (Some("ServerlessAxum"), Some("Latency"))
        );
        let dimensions: Vec<_> = metric
            .dimensions()
            .iter()
            .map(|d| (d.name(), d.value()))
            .collect();
        assert_eq!(
            dimensions,
            [
                (Some("Environment"), Some("prod")),
                (Some("Service"), Some("orders"))
            ]
        );
        assert!(
            sdk.expression().is_none(),
            "a plain statistic, no metric math"
        );
    }
}
