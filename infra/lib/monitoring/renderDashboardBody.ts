import { DashboardSpec, MetricSpec, WidgetSpec } from './MonitoringSpec';

/** A CloudWatch dashboard body (see "Dashboard Body Structure and Syntax"). */
export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: 'auto' | 'inherit';
  readonly widgets: Record<string, unknown>[];
}

const GRID = 24;

function metricRow(m: MetricSpec): unknown[] {
  const dims = Object.entries(m.dimensions ?? {}).flat();
  return [m.namespace, m.metric, ...dims, { stat: m.stat, period: m.period }];
}

function size(w: WidgetSpec): { width: number; height: number } {
  return w.type === 'text'
    ? { width: w.width ?? GRID, height: w.height ?? 2 }
    : { width: w.width ?? 12, height: w.height ?? 6 };
}

function properties(w: WidgetSpec, region: string): Record<string, unknown> {
  switch (w.type) {
    case 'metric':
      return { title: w.title, region, view: 'timeSeries', stacked: false, metrics: w.metrics.map(metricRow) };
    case 'search':
      return { title: w.title, region, view: 'timeSeries', stacked: false, metrics: [[{ expression: w.expression, id: 'e1' }]] };
    case 'logs': {
      const sources = w.logGroups.map((g) => `SOURCE '${g}'`).join(' | ');
      return { title: w.title, region, view: 'table', query: `${sources} | ${w.query}` };
    }
    case 'text':
      return { markdown: w.title ? `# ${w.title}\n\n${w.markdown}` : w.markdown };
  }
}

/** Lays widgets out left to right on the 24-column grid and renders the dashboard body. */
export function renderDashboardBody(spec: DashboardSpec, region: string): DashboardBody {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  const widgets = spec.widgets.map((w) => {
    const { width, height } = size(w);
    if (x + width > GRID) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { type: w.type === 'search' ? 'metric' : w.type === 'logs' ? 'log' : w.type, x, y, width, height, properties: properties(w, region) };
    x += width;
    rowHeight = Math.max(rowHeight, height);
    return placed;
  });
  return { start: '-PT6H', periodOverride: 'auto', widgets };
}
