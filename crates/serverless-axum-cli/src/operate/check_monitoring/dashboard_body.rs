//! The metrics a deployed dashboard's body names: every metric widget's `properties.metrics`, in CloudWatch's
//! dashboard body format (`[namespace, name, dimension, value, …, {options}]`, `"."` repeating the entry above at
//! that position; metric-math entries `[{"expression": …}]` name no metric of their own).

use anyhow::{Context, Result};
use serde_json::Value;

use crate::operate::cloud::MetricId;

/// A metric and the title of the widget that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub metric: MetricId,
    pub by: String,
}

pub fn metrics(body: &str, dashboard: &str) -> Result<Vec<Named>> {
    let body: Value = serde_json::from_str(body)
        .with_context(|| format!("dashboard {dashboard}: body is not JSON"))?;
    let mut found = Vec::new();
    for widget in body["widgets"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let properties = &widget["properties"];
        let title = properties["title"].as_str().unwrap_or("untitled widget");
        let mut previous: Vec<String> = Vec::new();
        for entry in properties["metrics"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let Some(parts) = entry.as_array() else {
                continue;
            };
            let mut strings: Vec<String> = Vec::new();
            for (position, part) in parts.iter().enumerate() {
                match part {
                    Value::String(text) if text == "." => {
                        strings.push(previous.get(position).cloned().with_context(|| {
                            format!("dashboard {dashboard}, {title}: \".\" with nothing above")
                        })?)
                    }
                    Value::String(text) => strings.push(text.clone()),
                    // The options object, last.
                    _ => break,
                }
            }
            let [namespace, name, dimensions @ ..] = strings.as_slice() else {
                continue;
            };
            if dimensions.len() % 2 != 0 {
                anyhow::bail!(
                    "dashboard {dashboard}, {title}: a dimension without a value in {entry}"
                );
            }
            let pairs = dimensions
                .chunks(2)
                .map(|pair| (pair[0].clone(), pair[1].clone()))
                .collect();
            found.push(Named {
                metric: MetricId::new(namespace, name, pairs),
                by: format!("dashboard widget \"{title}\""),
            });
            previous = strings;
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_metrics_of_every_metric_widget() {
        let body = r#"{"widgets":[
          {"type":"text","properties":{"markdown":"x"}},
          {"type":"metric","properties":{"title":"API calls","metrics":[
            ["AWS/ApiGateway","Count","ApiName","orders-prod","Stage","prod",{"stat":"Sum"}],
            [".","5XXError",".","orders-prod",".","prod"]]}},
          {"type":"metric","properties":{"title":"Memory","metrics":[
            [{"expression":"100 * m / 256","label":"%"}],
            ["ServerlessAxum/Logs/orders-prod","MaxMemoryUsedMB",{"id":"m","visible":false}]]}},
          {"type":"log","properties":{"query":"fields @message"}}]}"#;
        let named = metrics(body, "orders-prod").expect("parses");
        let shown: Vec<String> = named
            .iter()
            .map(|n| format!("{} ({})", n.metric, n.by))
            .collect();
        assert_eq!(
            shown,
            [
                "AWS/ApiGateway/Count {ApiName=orders-prod, Stage=prod} (dashboard widget \"API calls\")",
                "AWS/ApiGateway/5XXError {ApiName=orders-prod, Stage=prod} (dashboard widget \"API calls\")",
                "ServerlessAxum/Logs/orders-prod/MaxMemoryUsedMB (dashboard widget \"Memory\")",
            ]
        );
    }

    #[test]
    fn refuses_a_dimension_without_a_value() {
        let body = r#"{"widgets":[{"properties":{"title":"t","metrics":[["N","M","Service"]]}}]}"#;
        assert!(metrics(body, "d").is_err());
    }
}
