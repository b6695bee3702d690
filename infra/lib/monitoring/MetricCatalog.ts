import { readFileSync } from 'fs';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from '../audit/cisMetricFilters';

/** One metric the dashboards and alarms may name, with the dimension sets it is published under. */
export interface CatalogMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensionSets: readonly (readonly string[])[];
}

const LAMBDA = 'AWS/Lambda';
const APIGW = 'AWS/ApiGateway';
const BY_FUNCTION = [[], ['FunctionName']];
const BY_API = [['ApiName'], ['ApiName', 'Stage']];

/** The AWS metrics the platform reads (docs/conventions.md: Lambda by FunctionName, API Gateway by ApiName+Stage). */
export const AWS_METRICS: readonly CatalogMetric[] = [
  ...['Invocations', 'Errors', 'Throttles', 'Duration', 'ConcurrentExecutions'].map((name) => ({ namespace: LAMBDA, name, dimensionSets: BY_FUNCTION })),
  { namespace: LAMBDA, name: 'ClaimedAccountConcurrency', dimensionSets: [[]] },
  ...['Count', '4XXError', '5XXError', 'Latency', 'IntegrationLatency'].map((name) => ({ namespace: APIGW, name, dimensionSets: BY_API })),
];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((d) => b.includes(d));

/** The metrics a definition may name: AWS metrics, the service catalog (metrics/catalog.json), the CIS filters. */
export class MetricCatalog {
  /** The platform catalog: AWS metrics + the template's `metrics/catalog.json` + the trail's CIS metric filters. */
  static forPlatform(serviceCatalogFile: string): MetricCatalog {
    const raw = JSON.parse(readFileSync(serviceCatalogFile, 'utf8')) as {
      namespace: string; metrics: { name: string; dimensions: string[] }[];
    };
    const service = raw.metrics.map((m) => ({ namespace: raw.namespace, name: m.name, dimensionSets: [m.dimensions] }));
    const cis = CIS_METRIC_FILTERS.map((f) => ({ namespace: CIS_METRIC_NAMESPACE, name: f.metricName, dimensionSets: [[]] }));
    return new MetricCatalog([...AWS_METRICS, ...service, ...cis]);
  }

  constructor(readonly metrics: readonly CatalogMetric[]) {}

  hasNamespace(namespace: string): boolean {
    return this.metrics.some((m) => m.namespace === namespace);
  }

  /** Throws unless `namespace/name` is in the catalog with exactly the dimension set `dimensions`. */
  check(namespace: string, name: string, dimensions: readonly string[], where: string): void {
    const metric = this.metrics.find((m) => m.namespace === namespace && m.name === name);
    if (!metric) throw new Error(`${where}: metric ${namespace}/${name} is not in the metric catalog`);
    if (!metric.dimensionSets.some((set) => sameSet(set, dimensions))) {
      const sets = metric.dimensionSets.map((s) => `{${s.join(',')}}`).join(' or ');
      throw new Error(`${where}: ${namespace}/${name} is published by ${sets}, not {${dimensions.join(',')}}`);
    }
  }
}
