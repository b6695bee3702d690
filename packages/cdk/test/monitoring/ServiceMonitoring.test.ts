import { Match } from 'aws-cdk-lib/assertions';
import { enabledFeatures } from '../../src/monitoring/spec/Features';
import { CONFIG, loader, PROD, readSpec } from '../support/specs';
import { dashboardBody, synthCached, synthService } from '../support/synth';

describe('prod monitoring', () => {
  const t = synthCached('prod').appTemplate;
  const spec = loader(enabledFeatures(CONFIG)).parseAlarms(readSpec('alarms/service.json'), 'alarms/service.json');
  const alarmIds = spec.alarms.map((a) => a.id);
  const runbookBase = `https://github.com/${CONFIG.repository}/blob/main/`;

  test('the alarms spec holds the alarms the conventions ask for', () => {
    expect(alarmIds).toEqual(expect.arrayContaining(['lambda-errors', 'lambda-throttles', 'lambda-duration', 'lambda-memory', 'api-5xx-rate', 'api-latency-p90']));
  });

  test('one alarm per spec entry, named <service>-<env>-<id>, each description linking its runbook', () => {
    t.resourceCountIs('AWS::CloudWatch::Alarm', alarmIds.length);
    for (const id of alarmIds) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: PROD.alarmName(id),
        AlarmDescription: Match.stringLikeRegexp(`Runbook: ${escape(runbookBase)}docs/runbooks/${id}\\.md$`),
      });
    }
  });

  test('the composite "service unhealthy" alarm fires on any of them', () => {
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: PROD.alarmName('service-unhealthy'),
      AlarmRule: Match.anyValue(),
      AlarmDescription: Match.stringLikeRegexp(`Runbook: ${escape(runbookBase)}docs/runbooks/service-unhealthy\\.md$`),
    });
    const rule = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))[0].Properties.AlarmRule);
    expect(rule.match(/ALARM\(/g)).toHaveLength(alarmIds.length);
  });

  test('every alarm notifies the topic whose ARN SSM /platform/alerts-topic-arn holds, resolved at deploy time', () => {
    const parameters = t.toJSON().Parameters as Record<string, { Type: string; Default: string }>;
    const ssm = Object.entries(parameters).find(([, p]) => p.Default === '/platform/alerts-topic-arn');
    expect(ssm?.[1].Type).toBe('AWS::SSM::Parameter::Value<String>');
    for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
      t.allResourcesProperties(type, { AlarmActions: [{ Ref: ssm![0] }], OKActions: [{ Ref: ssm![0] }] });
    }
  });

  test('duration and memory alarm on their share of the configured timeout and memory', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: PROD.alarmName('lambda-duration'),
      Threshold: 80,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: `100 * duration / ${CONFIG.timeoutSeconds * 1000}` })]),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: PROD.alarmName('lambda-memory'),
      Threshold: 90,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: `100 * memory / ${CONFIG.memoryMb}` }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: { MetricName: 'MaxMemoryUsedMB', Namespace: `ServerlessAxum/Logs/${PROD.functionName}` } }) }),
      ]),
    });
  });

  test('max memory used comes from the JSON platform.report record', () => {
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.type = "platform.report" }',
      LogGroupName: { Ref: Match.stringLikeRegexp('^ServiceLogGroup') },
      MetricTransformations: [{
        MetricNamespace: `ServerlessAxum/Logs/${PROD.functionName}`, MetricName: 'MaxMemoryUsedMB',
        MetricValue: '$.record.metrics.maxMemoryUsedMB', Unit: 'Megabytes',
      }],
    });
  });

  test('the dashboard is named by convention and shows the rendered widgets', () => {
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: PROD.dashboardName });
    const body = JSON.stringify(dashboardBody(t));
    expect(body).toContain(`SOURCE '${PROD.functionLogGroupName}'`);
    expect(body).not.toMatch(/\$\{(service|env|functionName|apiName|stage|memoryMb|timeoutMs)\}/);
  });

  test('the ERROR lines widget queries the flat top-level fields of the service\'s JSON log lines', () => {
    const widget = dashboardBody(t).widgets.find((w: { type: string }) => w.type === 'log');
    const query: string = widget.properties.query;
    expect(query).toMatch(/\| filter level = 'ERROR'/);
    const fields = /\| fields (.*?)\n/.exec(query)![1].split(',').map((f) => f.trim());
    expect(fields).toEqual(expect.arrayContaining(['@timestamp', 'level', 'message', 'target', 'request_id', 'trace_id', 'span_id']));
    for (const f of fields) expect(f).toMatch(/^(@timestamp|timestamp|level|message|target|service|version|environment|request_id|trace_id|span_id)$/);
    expect(query).not.toMatch(/fields\.|requestId|errorMessage|coalesce/);
  });
});

/** `(text)` as a literal inside a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('-c alertsTopicArn= replaces the SSM parameter', () => {
  const arn = 'arn:aws:sns:us-west-2:123456789012:alerts';
  const t = synthService('prod', { alertsTopicArn: arn }).appTemplate;
  t.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [arn] });
  expect(JSON.stringify(t.toJSON().Parameters ?? {})).not.toContain('/platform/alerts-topic-arn');
});
