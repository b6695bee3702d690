import { LOG_METRICS_NAMESPACE } from '../../contracts';
import { AWS_METRIC_TABLE } from './AwsMetricTable';
import { CustomMetricCatalog } from './CustomMetricCatalog';
import { LOG_METRICS } from './LogMetricCatalog';

/** One metric a dashboard or alarm may name, with every dimension set it is published under. */
export interface CatalogEntry {
  readonly namespace: string;
  readonly name: string;
  readonly dimensionSets: readonly (readonly string[])[];
  /** Where the entry comes from, for messages (`metrics/catalog.json`, `the AWS metric table`, ...). */
  readonly source: string;
}

/** The AWS metrics of AWS_METRIC_TABLE. */
export function awsMetricEntries(): CatalogEntry[] {
  return Object.entries(AWS_METRIC_TABLE).flatMap(([namespace, table]) =>
    table.metrics.map((name) => ({ namespace, name, dimensionSets: table.dimensionSets, source: 'the AWS metric table' })));
}

/** The metrics a service's code emits (metrics/catalog.json). */
export function customMetricEntries(catalog: CustomMetricCatalog): CatalogEntry[] {
  return catalog.metrics.map((m) => ({ namespace: catalog.namespace, name: m.name, dimensionSets: [m.dimensions], source: 'metrics/catalog.json' }));
}

/** The metrics derived from a function's logs (namespace `ServerlessAxum/Logs/${functionName}`, no dimensions). */
export function logMetricEntries(): CatalogEntry[] {
  return LOG_METRICS.map((m) => ({ namespace: LOG_METRICS_NAMESPACE, name: m.name, dimensionSets: [[]], source: 'LOG_METRICS' }));
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((d) => b.includes(d));
const show = (set: readonly string[]) => `[${[...set].sort().join(', ')}]`;

/**
 * Everything a dashboard or alarm may name. Metrics are matched as written in the file (before placeholder
 * substitution), and a dimension set must match exactly: CloudWatch has no partial match.
 */
export class MetricCatalog {
  /** A service's catalog: the AWS metric table, its custom metrics and the log-derived metrics. */
  static forService(custom: CustomMetricCatalog): MetricCatalog {
    return new MetricCatalog([...awsMetricEntries(), ...customMetricEntries(custom), ...logMetricEntries()]);
  }

  constructor(readonly entries: readonly CatalogEntry[]) {}

  /** The namespaces of the catalog. */
  get namespaces(): string[] {
    return [...new Set(this.entries.map((e) => e.namespace))];
  }

  /** Why `namespace/name` with `dimensions` may not be named, or undefined when it may. */
  problem(namespace: string, name: string, dimensions: readonly string[]): string | undefined {
    const inNamespace = this.entries.filter((e) => e.namespace === namespace);
    if (inNamespace.length === 0) return `unknown namespace "${namespace}" (known: ${this.namespaces.join(', ')})`;
    const entry = inNamespace.find((e) => e.name === name);
    if (!entry) return `${namespace}/${name} is not in the metric catalog (${inNamespace[0].source} lists ${namespace})`;
    if (!entry.dimensionSets.some((set) => sameSet(set, dimensions))) {
      return `${namespace}/${name} is published with dimensions ${entry.dimensionSets.map(show).join(' or ')}, not ${show(dimensions)}`;
    }
    return undefined;
  }

  /** Throws unless `namespace/name` is in the catalog with exactly the dimension set `dimensions`. */
  check(namespace: string, name: string, dimensions: readonly string[], where: string): void {
    const problem = this.problem(namespace, name, dimensions);
    if (problem) throw new Error(`${where}: ${problem}`);
  }
}
