import { AWS_METRIC_TABLE } from './AwsMetricTable';
import { CustomMetricCatalog } from './CustomMetricCatalog';
import { LOG_METRICS, LOG_METRICS_NAMESPACE } from './LogMetricCatalog';

/**
 * Everything a dashboard or alarm may name: the service's custom metrics (catalog.json), the AWS metrics of
 * AWS_METRIC_TABLE and the metrics derived from logs. `check` returns why a metric is not allowed, or undefined.
 */
export class MetricContract {
  constructor(private readonly catalog: CustomMetricCatalog) {}

  /** Checks a metric as written in a spec (before placeholder substitution). */
  check(namespace: string, metric: string, dimensionNames: readonly string[]): string | undefined {
    const dims = [...dimensionNames].sort();
    if (namespace === this.catalog.namespace) {
      const entry = this.catalog.metrics.find((m) => m.name === metric);
      if (!entry) return `custom metric ${namespace}/${metric} is not in metrics/catalog.json`;
      if (!sameSet(dims, entry.dimensions)) {
        return `custom metric ${namespace}/${metric} is published with dimensions [${entry.dimensions.join(', ')}], not [${dims.join(', ')}]`;
      }
      return undefined;
    }
    if (namespace === LOG_METRICS_NAMESPACE) {
      if (!LOG_METRICS.some((m) => m.name === metric)) return `log-derived metric ${metric} is not in LOG_METRICS`;
      if (dims.length > 0) return `log-derived metric ${metric} has no dimensions`;
      return undefined;
    }
    const table = AWS_METRIC_TABLE[namespace];
    if (!table) {
      return `unknown namespace "${namespace}" (allowed: ${[this.catalog.namespace, LOG_METRICS_NAMESPACE, ...Object.keys(AWS_METRIC_TABLE)].join(', ')})`;
    }
    if (!table.metrics.includes(metric)) return `${namespace} has no metric "${metric}"`;
    if (!table.dimensionSets.some((set) => sameSet(dims, set))) {
      return `${namespace} ${metric} is not published with dimensions [${dims.join(', ')}]`;
    }
    return undefined;
  }
}

function sameSet(sortedA: readonly string[], b: readonly string[]): boolean {
  const sortedB = [...b].sort();
  return sortedA.length === sortedB.length && sortedA.every((x, i) => x === sortedB[i]);
}
