import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_METRICS, logMetricsNamespace } from './catalog/LogMetricCatalog';

/** Props of {@link LogMetricFilters}. */
export interface LogMetricFiltersProps {
  /** The function's log group (JSON logging format). */
  readonly logGroup: logs.ILogGroup;
  /** The function's name: the namespace of the metrics is `ServerlessAxum/Logs/<functionName>`. */
  readonly functionName: string;
}

/**
 * Publishes the LOG_METRICS from the function's log records with metric filters. With the JSON log format the
 * platform's end-of-invocation report is a `{"type": "platform.report", "record": {"metrics": {...}}}` record, so the
 * filters are JSON patterns on `$.type` that take the value from its `record.metrics` member.
 */
export class LogMetricFilters extends Construct {
  constructor(scope: Construct, id: string, props: LogMetricFiltersProps) {
    super(scope, id);
    for (const metric of LOG_METRICS) {
      new logs.MetricFilter(this, metric.name, {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.stringValue('$.type', '=', metric.recordType),
        metricNamespace: logMetricsNamespace(props.functionName),
        metricName: metric.name,
        metricValue: metric.valuePath,
        unit: metric.unit,
      });
    }
  }
}
