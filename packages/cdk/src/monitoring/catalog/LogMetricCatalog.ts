import { Unit } from 'aws-cdk-lib/aws-cloudwatch';
import { LOG_METRICS_NAMESPACE } from '../../contracts';

/**
 * Metrics the CDK app derives from log records with metric filters (they are not emitted by the code, so they are
 * not in `metrics/catalog.json`). A metric filter cannot attach a constant dimension, so each function gets its own
 * namespace, `ServerlessAxum/Logs/<function name>`, and the metrics carry no dimensions.
 */
export interface LogMetric {
  readonly name: string;
  /** CloudWatch unit of the published value. */
  readonly unit: Unit;
  /** The record the filter matches: Lambda's JSON `platform.report` (logging format JSON). */
  readonly recordType: 'platform.report';
  /** JSON path of the value inside the record. */
  readonly valuePath: string;
}

export const LOG_METRICS: readonly LogMetric[] = [
  { name: 'MaxMemoryUsedMB', unit: Unit.MEGABYTES, recordType: 'platform.report', valuePath: '$.record.metrics.maxMemoryUsedMB' },
];

/** The namespace for one function. */
export function logMetricsNamespace(functionName: string): string {
  return LOG_METRICS_NAMESPACE.replace('${functionName}', functionName);
}
