import { MetricCatalog } from './MetricCatalog';
import { MetricSpec } from './MonitoringSpec';
import { isValidPeriod } from './SearchExpression';
import { SpecReader } from './SpecReader';

const STAT = /^(Sum|Average|Minimum|Maximum|SampleCount|IQM|(p|tm|wm|tc|ts)\d{1,2}(\.\d+)?|p100)$/;

/** Reads a `{ namespace, metric, stat, period, dimensions }` object and checks it against the catalog. */
export function readMetricSpec(reader: SpecReader, catalog: MetricCatalog): MetricSpec {
  const spec: MetricSpec = {
    namespace: reader.string('namespace'),
    metric: reader.string('metric'),
    stat: reader.string('stat'),
    period: reader.integer('period', 1, 86_400),
    dimensions: reader.stringMap('dimensions'),
  };
  if (!STAT.test(spec.stat)) throw new Error(`${reader.where}.stat: unknown statistic "${spec.stat}"`);
  if (!isValidPeriod(spec.period)) throw new Error(`${reader.where}.period: ${spec.period} is not 1, 5, 10, 30 or a multiple of 60`);
  catalog.check(spec.namespace, spec.metric, Object.keys(spec.dimensions ?? {}), reader.where);
  return spec;
}

export const METRIC_FIELDS = ['namespace', 'metric', 'stat', 'period', 'dimensions'] as const;
