import { AWS_METRIC_TABLE } from '../../src/monitoring/catalog/AwsMetricTable';
import { enabledFeatures, FEATURES } from '../../src/monitoring/spec/Features';
import { MetricSpec, WidgetSpec } from '../../src/monitoring/spec/MonitoringSpec';
import { CONFIG, loader, readSpec } from '../support/specs';

/** What each compute's dashboard and alarms name: the namespaces only it publishes. */
const OWN_NAMESPACES = {
  lambda: ['AWS/Lambda', 'AWS/ApiGateway'],
  fargate: ['AWS/ApplicationELB', 'AWS/ECS'],
} as const;
const FARGATE_ALARMS = ['alb-5xx-rate', 'alb-latency-p90', 'alb-unhealthy-targets', 'ecs-cpu', 'ecs-memory'];
const LAMBDA_ALARMS = ['lambda-errors', 'lambda-throttles', 'lambda-duration', 'lambda-memory', 'api-5xx-rate', 'api-latency-p90'];

function widgetMetrics(widgets: readonly WidgetSpec[]): MetricSpec[] {
  return widgets.flatMap((w) => (w.type === 'metric' ? w.metrics : []));
}

function alarmMetrics(alarm: { metric?: MetricSpec; metrics?: Readonly<Record<string, MetricSpec>> }): MetricSpec[] {
  return [...(alarm.metric ? [alarm.metric] : []), ...Object.values(alarm.metrics ?? {})];
}

describe.each(['lambda', 'fargate'] as const)('monitoring of compute %s', (compute) => {
  const other = compute === 'lambda' ? 'fargate' : 'lambda';
  const features = enabledFeatures({ filesApi: CONFIG.filesApi, compute });
  const dashboard = loader(features).parseDashboard(readSpec('dashboards/service.json'), 'dashboards/service.json');
  const alarms = loader(features).parseAlarms(readSpec('alarms/service.json'), 'alarms/service.json');

  test(`the dashboard names ${OWN_NAMESPACES[compute].join(' and ')} metrics and none of ${other}'s`, () => {
    const namespaces = new Set(widgetMetrics(dashboard.widgets).map((m) => m.namespace));
    for (const ns of OWN_NAMESPACES[compute]) expect(namespaces).toContain(ns);
    for (const ns of OWN_NAMESPACES[other]) expect(namespaces).not.toContain(ns);
    // The service's own metrics are on both.
    expect(namespaces).toContain('ServerlessAxum');
  });

  test('the dashboard has its log query over the compute\'s own log group', () => {
    const logs = dashboard.widgets.filter((w) => w.type === 'logs');
    expect(logs).toHaveLength(1);
    expect(logs[0].type === 'logs' && logs[0].logGroups).toEqual([compute === 'lambda' ? '/aws/lambda/orders-api-prod' : '/ecs/orders-api-prod']);
  });

  test('the alarms are the compute\'s own, and the composite holds exactly them', () => {
    const ids = alarms.alarms.map((a) => a.id);
    expect(ids.sort()).toEqual((compute === 'lambda' ? LAMBDA_ALARMS : FARGATE_ALARMS).slice().sort());
    for (const a of alarms.alarms) {
      for (const m of alarmMetrics(a)) expect({ id: a.id, ns: OWN_NAMESPACES[other].includes(m.namespace as never) }).toEqual({ id: a.id, ns: false });
    }
    expect(alarms.composites.map((c) => [c.id, [...c.anyOf].sort()])).toEqual([['service-unhealthy', ids.sort()]]);
  });
});

describe('per-compute features', () => {
  test('a compute is a feature spec entries may require, and a config turns on exactly its own', () => {
    expect(FEATURES).toEqual(['filesApi', 'lambda', 'fargate']);
    expect([...enabledFeatures({ filesApi: true, compute: 'fargate' })].sort()).toEqual(['fargate', 'filesApi']);
    expect([...enabledFeatures({ filesApi: false, compute: 'lambda' })]).toEqual(['lambda']);
  });

  test('an entry requiring a compute that is not the service\'s is left out, and its placeholders need no value', () => {
    const spec = {
      name: '${dashboardName}',
      widgets: [{ type: 'metric', title: 't', requires: ['fargate'], metrics: [
        { namespace: 'AWS/ECS', metric: 'CPUUtilization', stat: 'Average', period: 60, dimensions: { ClusterName: '${clusterName}', ServiceName: '${ecsServiceName}' } },
      ] }],
    };
    expect(loader(new Set(['lambda'])).parseDashboard(spec, 'd').widgets).toEqual([]);
    expect(loader(new Set(['fargate'])).parseDashboard(spec, 'd').widgets).toHaveLength(1);
  });

  test('the AWS table knows the load balancer\'s and ECS\'s metrics by their documented dimensions', () => {
    expect(AWS_METRIC_TABLE['AWS/ApplicationELB'].dimensionSets).toContainEqual(['LoadBalancer', 'TargetGroup']);
    expect(AWS_METRIC_TABLE['AWS/ApplicationELB'].metrics).toEqual(expect.arrayContaining(['HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'UnHealthyHostCount']));
    expect(AWS_METRIC_TABLE['AWS/ECS'].dimensionSets).toContainEqual(['ClusterName', 'ServiceName']);
  });

  test.each([
    ['an AWS/ECS metric by service name alone', { namespace: 'AWS/ECS', metric: 'CPUUtilization', dimensions: { ServiceName: 's' } }, /AWS\/ECS\/CPUUtilization is published with dimensions .*, not \[ServiceName\]/],
    ['an AWS/ApplicationELB metric that does not exist', { namespace: 'AWS/ApplicationELB', metric: 'HTTPCode_Target_5XX', dimensions: { LoadBalancer: 'l' } }, /HTTPCode_Target_5XX is not in the metric catalog/],
  ])('refuses %s', (_, metric, message) => {
    const spec = { name: 'n', widgets: [{ type: 'metric', title: 't', metrics: [{ stat: 'Sum', period: 60, ...metric }] }] };
    expect(() => loader().parseDashboard(spec, 'd')).toThrow(message);
  });
});
