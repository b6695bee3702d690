import { readFileSync } from 'fs';
import { DELIVERY_METRICS, DELIVERY_NAMESPACE, METRIC_DIMENSIONS } from '@serverless-axum/cdk';
import { FLEET_DASHBOARD, LOADER } from './fixtures';

const fleet = () => JSON.parse(readFileSync(FLEET_DASHBOARD, 'utf8'));

describe('dashboards/fleet.json', () => {
  const spec = LOADER.loadDashboard(FLEET_DASHBOARD);

  it('is named by the conventions and discovers services with SEARCH only', () => {
    expect(spec.name).toBe('platform-account');
    const searches = spec.widgets.filter((w) => w.type === 'search').map((w) => (w.type === 'search' ? w.expression : ''));
    for (const needle of ['{AWS/ApiGateway,ApiName,Stage} MetricName="Count"', 'MetricName="5XXError"', `MetricName="Latency"', 'p90'`,
      '{AWS/Lambda,FunctionName} MetricName="Errors"', '{AWS/Lambda,FunctionName} MetricName="Throttles"']) {
      expect(searches.some((s) => s.includes(needle))).toBe(true);
    }
    // No widget pins a single API or function: that would stop new services from showing up.
    const metricWidgets = spec.widgets.filter((w) => w.type === 'metric');
    for (const w of metricWidgets) {
      for (const m of w.type === 'metric' ? w.metrics : []) expect(Object.keys(m.dimensions ?? {})).toEqual([]);
    }
  });
});

describe('the CDK library\'s loader on the fleet dashboard', () => {
  const parseDashboardSpec = (raw: unknown) => LOADER.parseDashboard(raw, 'dashboard');
  const withWidget = (widget: unknown) => ({ name: 'x', widgets: [widget] });

  it('fails on an unknown field', () => {
    const raw = fleet();
    raw.widgets[1].colour = 'red';
    expect(() => parseDashboardSpec(raw)).toThrow(/unknown field "colour"/);
    expect(() => parseDashboardSpec({ ...fleet(), theme: 'dark' })).toThrow(/unknown field "theme"/);
  });

  it('fails on an unknown placeholder, and on a known one with no value at account scope', () => {
    expect(() => parseDashboardSpec(withWidget({ type: 'text', markdown: '${team}' }))).toThrow(/unknown placeholder \$\{team\}/);
    expect(() => parseDashboardSpec(withWidget({ type: 'logs', title: 't', logGroups: ['/aws/lambda/${functionName}'], query: 'fields @message' })))
      .toThrow(/\$\{functionName\} has no value/);
  });

  it('fails on metrics outside the catalog or with the wrong dimensions', () => {
    const metric = (m: object) => withWidget({ type: 'metric', title: 't', metrics: [{ namespace: 'AWS/Lambda', stat: 'Sum', period: 60, ...m }] });
    expect(() => parseDashboardSpec(metric({ metric: 'Coldness' }))).toThrow(/AWS\/Lambda\/Coldness is not in the metric catalog/);
    expect(() => parseDashboardSpec(metric({ metric: 'Errors', dimensions: { ApiName: 'a' } }))).toThrow(/AWS\/Lambda\/Errors is published with dimensions .*, not \[ApiName\]/);
    const search = (expression: string) => withWidget({ type: 'search', title: 't', expression });
    expect(() => parseDashboardSpec(search(`SEARCH('{ServerlessAxum,Service,Environment} MetricName="Fun"', 'Sum', 60)`))).toThrow(/ServerlessAxum\/Fun/);
    expect(() => parseDashboardSpec(search(`SEARCH('{AWS/SQS,QueueName} x', 'Sum', 60)`))).toThrow(/unknown namespace "AWS\/SQS"/);
    expect(() => parseDashboardSpec(search(`SEARCH('Errors', 'Sum', 60)`))).toThrow(/must name its/);
    expect(() => parseDashboardSpec(search(`SEARCH('{AWS/Lambda,FunctionName} Errors', 'Sum', 45)`))).toThrow(/period 45/);
  });

  it('fails on an unknown widget type and bad layout', () => {
    expect(() => parseDashboardSpec(withWidget({ type: 'alarm', title: 't' }))).toThrow(/type: expected one of metric, search, logs, text, got "alarm"/);
    expect(() => parseDashboardSpec(withWidget({ type: 'text', markdown: 'm', width: 25 }))).toThrow(/width/);
  });
});

describe('the delivery (DORA) row of the fleet dashboard', () => {
  const spec = LOADER.loadDashboard(FLEET_DASHBOARD);
  const searches = spec.widgets.flatMap((w) => (w.type === 'search' ? [w.expression] : []));
  const schema = `{${[DELIVERY_NAMESPACE, ...METRIC_DIMENSIONS].join(',')}}`;
  const search = (expression: string) => () => LOADER.parseDashboard({ name: 'x', widgets: [{ type: 'search', title: 't', expression }] }, 'dashboard');

  it('finds every service\'s four keys by SEARCH over the delivery namespace and the Service/Environment dimensions', () => {
    const daily = (metric: string, stat: string) => `SEARCH('${schema} MetricName="${metric}"', '${stat}', 86400)`;
    const { deployments, failedDeployments, leadTime, timeToRestore } = DELIVERY_METRICS;
    expect(searches.filter((s) => s.includes(DELIVERY_NAMESPACE))).toEqual([
      daily(deployments.name, 'Sum'), daily(failedDeployments.name, 'Sum'), daily(leadTime.name, 'Average'), daily(timeToRestore.name, 'Average'),
    ]);
    expect(spec.widgets.some((w) => w.type === 'text' && w.title === 'Delivery (DORA)')).toBe(true);
  });

  it('refuses a delivery metric the contracts do not name, and the wrong dimensions or namespace', () => {
    expect(search(`SEARCH('${schema} MetricName="Deploys"', 'Sum', 86400)`)).toThrow(/ServerlessAxum\/Delivery\/Deploys is not in the metric catalog/);
    expect(search(`SEARCH('${schema} MetricName="Errors"', 'Sum', 86400)`)).toThrow(/ServerlessAxum\/Delivery\/Errors is not in the metric catalog/);
    expect(search(`SEARCH('{${DELIVERY_NAMESPACE},Service} MetricName="Deployments"', 'Sum', 86400)`))
      .toThrow(/ServerlessAxum\/Delivery\/Deployments is published with dimensions \[Environment, Service\], not \[Service\]/);
    expect(search(`SEARCH('{${DELIVERY_NAMESPACE},Service,Environment,Region} MetricName="LeadTime"', 'Average', 86400)`)).toThrow(/not \[Environment, Region, Service\]/);
    expect(search(`SEARCH('{ServerlessAxum/Deliveries,Service,Environment} MetricName="Deployments"', 'Sum', 86400)`)).toThrow(/unknown namespace "ServerlessAxum\/Deliveries"/);
  });

  it('takes the schema\'s dimensions as a set, as CloudWatch does: their order does not matter', () => {
    expect(search(`SEARCH('{${DELIVERY_NAMESPACE},Environment,Service} MetricName="TimeToRestore"', 'Maximum', 86400)`)).not.toThrow();
  });
});
