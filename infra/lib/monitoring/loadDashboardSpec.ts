import { readFileSync } from 'fs';
import { MetricCatalog } from './MetricCatalog';
import { DashboardSpec, WidgetSpec } from './MonitoringSpec';
import { PlaceholderValues } from './Placeholders';
import { METRIC_FIELDS, readMetricSpec } from './readMetricSpec';
import { parseSearchExpression, requiredTermValues } from './SearchExpression';
import { SpecReader } from './SpecReader';

const LAYOUT = ['type', 'title', 'width', 'height'] as const;

function checkSearch(expression: string, catalog: MetricCatalog, where: string): void {
  let parsed;
  try {
    parsed = parseSearchExpression(expression);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
  if (!parsed.schema) throw new Error(`${where}: a dashboard SEARCH must name its {Namespace,Dimension,...} schema`);
  const { namespace, dimensions } = parsed.schema;
  if (!catalog.hasNamespace(namespace)) throw new Error(`${where}: namespace ${namespace} is not in the metric catalog`);
  for (const name of requiredTermValues(parsed.query, 'MetricName')) catalog.check(namespace, name, dimensions, where);
}

function readWidget(raw: unknown, where: string, values: PlaceholderValues, catalog: MetricCatalog): WidgetSpec {
  const type = new SpecReader(raw, where, values, [...LAYOUT, 'metrics', 'expression', 'logGroups', 'query', 'markdown']).string('type');
  const layout = (r: SpecReader) => ({ width: r.optionalInteger('width', 1, 24), height: r.optionalInteger('height', 1, 1000) });
  switch (type) {
    case 'metric': {
      const r = new SpecReader(raw, where, values, [...LAYOUT, 'metrics']);
      const metrics = r.array('metrics').map((m, i) => readMetricSpec(new SpecReader(m, `${where}.metrics[${i}]`, values, METRIC_FIELDS), catalog));
      return { type, title: r.string('title'), metrics, ...layout(r) };
    }
    case 'search': {
      const r = new SpecReader(raw, where, values, [...LAYOUT, 'expression']);
      const expression = r.string('expression');
      checkSearch(expression, catalog, `${where}.expression`);
      return { type, title: r.string('title'), expression, ...layout(r) };
    }
    case 'logs': {
      const r = new SpecReader(raw, where, values, [...LAYOUT, 'logGroups', 'query']);
      return { type, title: r.string('title'), logGroups: r.stringArray('logGroups'), query: r.string('query'), ...layout(r) };
    }
    case 'text': {
      const r = new SpecReader(raw, where, values, [...LAYOUT, 'markdown']);
      return { type, title: r.optionalString('title'), markdown: r.string('markdown'), ...layout(r) };
    }
    default:
      throw new Error(`${where}.type: unknown widget type "${type}" (metric, search, logs, text)`);
  }
}

/** Parses a dashboard definition: strict fields, known placeholders, catalog metrics, parseable SEARCHes. */
export function parseDashboardSpec(raw: unknown, values: PlaceholderValues, catalog: MetricCatalog, where = 'dashboard'): DashboardSpec {
  const r = new SpecReader(raw, where, values, ['name', 'widgets']);
  const name = r.string('name');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) throw new Error(`${where}.name: "${name}" is not a valid dashboard name`);
  const widgets = r.array('widgets').map((w, i) => readWidget(w, `${where}.widgets[${i}]`, values, catalog));
  return { name, widgets };
}

/** Reads and parses a dashboard definition file. */
export function loadDashboardSpec(file: string, values: PlaceholderValues, catalog: MetricCatalog): DashboardSpec {
  return parseDashboardSpec(JSON.parse(readFileSync(file, 'utf8')), values, catalog, file);
}
