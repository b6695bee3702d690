import { DELIVERY_METRICS } from '../../contracts';
import { CfnTemplate } from '../assembly/CloudAssembly';
import { metricCombinations } from './metricDimensions';
import { CostContext, PricedLine, PricedPart, pricedLine } from './pricedLine';
import { resourcesOfType } from './templateQueries';

/** CloudWatch bills an alarm on a period below this many seconds as high resolution. */
const HIGH_RESOLUTION_BELOW_SECONDS = 60;
/** An anomaly detection alarm is billed as this many metrics per metric it watches (the metric and its band's two). */
const ANOMALY_DETECTION_METRICS = 3;

/**
 * CloudWatch's fixed monthly costs: alarms (billed per metric they watch: one for a metric alarm, each metric of a
 * metric-math expression, three per metric with anomaly detection; high resolution below a 60 s period; composite
 * alarms per alarm), dashboards, and custom metrics: the service's catalog (each combination of dimension values a
 * metric of its own), the delivery metrics `record-deploy` publishes for prod, and the metrics of log metric filters.
 */
export function cloudWatchCosts(ctx: CostContext): PricedPart {
  const { stacks, prices } = ctx;
  const lines: PricedLine[] = [];
  const notes: string[] = [];
  const standard: string[] = [];
  const highResolution: string[] = [];
  let standardMetrics = 0;
  let highResolutionMetrics = 0;
  for (const alarm of resourcesOfType(stacks, 'AWS::CloudWatch::Alarm')) {
    const { metrics, period } = alarmMetrics(alarm.resource.Properties ?? {});
    if (period !== undefined && period < HIGH_RESOLUTION_BELOW_SECONDS) {
      highResolution.push(alarm.path);
      highResolutionMetrics += metrics;
    } else {
      standard.push(alarm.path);
      standardMetrics += metrics;
    }
  }
  const cw = (id: string, priceKey: string, description: string, quantity: number, resources: readonly string[]) => {
    if (quantity > 0) lines.push(pricedLine(prices, priceKey, { id, service: 'CloudWatch', description, quantity, resources }));
  };
  cw('cloudwatch.alarms.standard', 'cloudwatchAlarm', `Alarms, standard resolution (${standard.length} alarms)`, standardMetrics, standard);
  cw('cloudwatch.alarms.highResolution', 'cloudwatchHighResolutionAlarm', `Alarms, high resolution (${highResolution.length} alarms)`, highResolutionMetrics, highResolution);
  const composite = resourcesOfType(stacks, 'AWS::CloudWatch::CompositeAlarm').map((r) => r.path);
  cw('cloudwatch.alarms.composite', 'cloudwatchCompositeAlarm', 'Composite alarms', composite.length, composite);
  const dashboards = resourcesOfType(stacks, 'AWS::CloudWatch::Dashboard').map((r) => r.path);
  cw('cloudwatch.dashboards', 'cloudwatchDashboard', 'Dashboards', dashboards.length, dashboards);

  // The service's code and record-deploy publish metrics only where the service runs: not for a base without stacks.
  const runs = resourcesOfType(stacks, 'AWS::Lambda::Function').length > 0;
  if (runs && ctx.catalog) {
    const perMetric = ctx.catalog.metrics.map((m) => ({ name: m.name, count: metricCombinations(m.dimensions) }));
    cw('cloudwatch.metrics.service', 'cloudwatchMetric', `Custom metrics of ${ctx.catalog.namespace} (metrics/catalog.json)`,
      perMetric.reduce((n, m) => n + m.count, 0), perMetric.map((m) => (m.count > 1 ? `${m.name} x${m.count}` : m.name)));
  } else if (runs) {
    notes.push('No metric catalog was given: the service\'s custom metrics are not priced.');
  }
  if (runs && ctx.prod) {
    const delivery = Object.values(DELIVERY_METRICS).map((m) => m.name);
    cw('cloudwatch.metrics.delivery', 'cloudwatchMetric', 'Delivery metrics (record-deploy)', delivery.length, delivery);
  }
  const filters = resourcesOfType(stacks, 'AWS::Logs::MetricFilter');
  const filterMetrics = filters.reduce((n, f) => n + ((f.resource.Properties?.MetricTransformations as unknown[] | undefined)?.length ?? 1), 0);
  if (filters.some((f) => (f.resource.Properties?.MetricTransformations as CfnTemplate[] | undefined)?.some((t) => t.Dimensions))) {
    notes.push('A log metric filter has dimensions: each of its metrics is priced once, whatever values the dimensions take.');
  }
  cw('cloudwatch.metrics.logs', 'cloudwatchMetric', 'Metrics of log metric filters', filterMetrics, filters.map((f) => f.path));
  return { lines, notes };
}

/** How many metrics an alarm is billed for, and its period (the shortest of its metrics'). */
function alarmMetrics(props: CfnTemplate): { metrics: number; period?: number } {
  if (!Array.isArray(props.Metrics)) return { metrics: 1, period: numberOr(props.Period) };
  const stats = (props.Metrics as CfnTemplate[]).filter((m) => m.MetricStat);
  const periods = stats.map((m) => numberOr(m.MetricStat.Period)).filter((p): p is number => p !== undefined);
  // An expression without MetricStat entries (SEARCH, a Metrics Insights query) still watches at least one metric.
  const watched = Math.max(stats.length, 1);
  const metrics = props.ThresholdMetricId !== undefined ? watched * ANOMALY_DETECTION_METRICS : watched;
  return { metrics, period: periods.length > 0 ? Math.min(...periods) : undefined };
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : undefined;
}
