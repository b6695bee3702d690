import * as fs from 'fs';
import * as path from 'path';
import { AWS_METRIC_TABLE } from '../../src/monitoring/catalog/AwsMetricTable';
import { enabledFeatures } from '../../src/monitoring/spec/Features';
import { CONFIG, loader, PROD, readSpec, SERVICE_DIR } from '../support/specs';

/**
 * The monitoring contract: the service's dashboard and alarms name only metrics the code emits (metrics/catalog.json),
 * metrics derived from its logs, or AWS metrics with a dimension set AWS publishes.
 */
describe('monitoring contract', () => {
  test('dashboards/service.json honours it', () => {
    expect(() => loader().parseDashboard(readSpec('dashboards/service.json'), 'dashboards/service.json')).not.toThrow();
  });

  test('alarms/service.json honours it, and every alarm has its runbook', () => {
    const spec = loader().parseAlarms(readSpec('alarms/service.json'), 'alarms/service.json');
    for (const a of [...spec.alarms, ...spec.composites]) expect(fs.existsSync(path.join(SERVICE_DIR, a.runbook))).toBe(true);
  });

  test('every runbook page belongs to an alarm', () => {
    const spec = loader().parseAlarms(readSpec('alarms/service.json'), 'alarms/service.json');
    const ids = [...spec.alarms, ...spec.composites].map((a) => `${a.id}.md`);
    const pages = fs.readdirSync(path.join(SERVICE_DIR, 'docs', 'runbooks')).filter((f) => f !== 'README.md');
    expect(pages.sort()).toEqual(ids.sort());
  });

  test('the dashboard shows what the service needs to be run', () => {
    const spec = loader(enabledFeatures(CONFIG)).parseDashboard(readSpec('dashboards/service.json'), 'd');
    const named = spec.widgets.flatMap((w) => (w.type === 'metric' ? w.metrics.map((m) => `${m.namespace}/${m.metric}/${m.stat}`) : []));
    for (const m of [
      'AWS/ApiGateway/Count/Sum', 'AWS/ApiGateway/4XXError/Average', 'AWS/ApiGateway/5XXError/Average',
      'AWS/ApiGateway/Latency/p50', 'AWS/ApiGateway/Latency/p90', 'AWS/ApiGateway/Latency/p99',
      'AWS/ApiGateway/IntegrationLatency/p50', 'AWS/ApiGateway/IntegrationLatency/p90', 'AWS/ApiGateway/IntegrationLatency/p99',
      'AWS/Lambda/Invocations/Sum', 'AWS/Lambda/Errors/Sum', 'AWS/Lambda/Throttles/Sum', 'AWS/Lambda/Duration/p90',
      'AWS/Lambda/ConcurrentExecutions/Maximum', 'ServerlessAxum/ColdStart/Sum',
      `ServerlessAxum/Logs/${PROD.functionName}/MaxMemoryUsedMB/Maximum`,
    ]) expect(named).toContain(m);
    // The Files API's traffic, exactly when the service has it.
    for (const m of ['ServerlessAxum/BytesIn/Sum', 'ServerlessAxum/BytesOut/Sum']) {
      expect({ m, shown: named.includes(m) }).toEqual({ m, shown: CONFIG.filesApi });
    }
    expect(spec.widgets.some((w) => w.type === 'logs' && /ERROR/.test(w.query) && /request_id/.test(w.query))).toBe(true);
  });

  const dashboardWith = (metric: object) => ({
    name: '${dashboardName}',
    widgets: [{ type: 'metric', title: 't', width: 6, height: 6, metrics: [{ stat: 'Sum', period: 60, ...metric }] }],
  });

  test.each([
    ['a custom metric not in catalog.json', { namespace: 'ServerlessAxum', metric: 'Orders', dimensions: { Service: 'x', Environment: 'y' } }, /ServerlessAxum\/Orders is not in the metric catalog \(metrics\/catalog.json/],
    ['a custom metric with a dimension set it is not published with', { namespace: 'ServerlessAxum', metric: 'Requests', dimensions: { Service: 'x', Environment: 'y' } }, /Requests is published with dimensions \[Environment, Service, StatusClass\], not \[Environment, Service\]/],
    ['an AWS/Lambda metric that does not exist', { namespace: 'AWS/Lambda', metric: 'Error', dimensions: { FunctionName: 'f' } }, /AWS\/Lambda\/Error is not in the metric catalog \(the AWS metric table/],
    ['an AWS/ApiGateway metric under a dimension set AWS does not publish', { namespace: 'AWS/ApiGateway', metric: 'Latency', dimensions: { Stage: 'prod' } }, /AWS\/ApiGateway\/Latency is published with dimensions .*, not \[Stage\]/],
    ['an AWS/Lambda metric by a dimension of another namespace', { namespace: 'AWS/Lambda', metric: 'Errors', dimensions: { ApiName: 'a' } }, /Errors is published with dimensions .*, not \[ApiName\]/],
    ['an unknown namespace', { namespace: 'AWS/DynamoDB', metric: 'ThrottledRequests', dimensions: {} }, /unknown namespace/],
    ['a log metric that is not derived', { namespace: 'ServerlessAxum/Logs/${functionName}', metric: 'InitDuration', dimensions: {} }, /InitDuration is not in the metric catalog \(LOG_METRICS/],
  ])('refuses %s', (_, metric, message) => {
    expect(() => loader().parseDashboard(dashboardWith(metric), 'd')).toThrow(message);
  });

  test('refuses a search widget over a metric that does not exist', () => {
    const spec = { name: 'n', widgets: [{ type: 'search', title: 't', width: 6, height: 6, expression: "SEARCH('{AWS/ApiGateway,ApiName,Stage} MetricName=\"5XXErrors\"', 'Sum', 300)" }] };
    expect(() => loader().parseDashboard(spec, 'd')).toThrow(/expression: AWS\/ApiGateway\/5XXErrors is not in the metric catalog/);
  });

  test('the AWS table lists the metrics the conventions name, by their documented dimensions', () => {
    expect(AWS_METRIC_TABLE['AWS/Lambda'].dimensionSets).toContainEqual(['FunctionName']);
    expect(AWS_METRIC_TABLE['AWS/ApiGateway'].dimensionSets).toContainEqual(['ApiName', 'Stage']);
  });
});
