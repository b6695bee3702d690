import { execFileSync, spawnSync } from 'child_process';
import { Match } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { aws_s3 as s3 } from 'aws-cdk-lib';
import { CIS_METRIC_FILTERS, createPlatformApp, loadPlatformConfig } from '../lib';
import { synthPlatform, testConfig } from './support/synthPlatform';

const synthesized = synthPlatform();
const { template } = synthesized;

describe('platform-account stack', () => {
  it('has a monthly budget notifying the alerts topic at 80 % and 100 %', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 10, Unit: 'USD' } },
      NotificationsWithSubscribers: [80, 100].map((threshold) => ({
        Notification: Match.objectLike({ Threshold: threshold, ThresholdType: 'PERCENTAGE', NotificationType: 'ACTUAL' }),
        Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('AlertsTopic') } }],
      })),
    });
  });

  it('has one encrypted alerts topic with the configured emails, published to SSM', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'platform-alerts', KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/platform/alerts-topic-arn', Value: { Ref: Match.stringLikeRegexp('AlertsTopic') } });
  });

  it('has a multi-region, validated trail into a retained, encrypted bucket and CloudWatch Logs', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true, IsLogging: true,
      CloudWatchLogsLogGroupArn: Match.anyValue(),
    });
    const trailBucketId = template.toJSON().Resources[Object.keys(template.findResources('AWS::CloudTrail::Trail'))[0]].Properties.S3BucketName.Ref;
    const bucket = template.toJSON().Resources[trailBucketId];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.VersioningConfiguration.Status).toBe('Enabled');
    expect(bucket.Properties.LoggingConfiguration).toBeDefined();
  });

  it('has a CIS metric filter and an alarm on the alerts topic for each CIS metric', () => {
    for (const filter of CIS_METRIC_FILTERS) {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: filter.pattern,
        MetricTransformations: [Match.objectLike({ MetricNamespace: 'CloudTrailMetrics', MetricName: filter.metricName })],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'CloudTrailMetrics', MetricName: filter.metricName,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('AlertsTopic') }],
      });
    }
  });

  it('alarms on claimed account concurrency at the configured share of the quota', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'platform-account-lambda-claimed-concurrency',
      Namespace: 'AWS/Lambda', MetricName: 'ClaimedAccountConcurrency', Statistic: 'Maximum', Threshold: 800,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: Match.stringLikeRegexp('AlertsTopic') }],
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });

  it('names API Gateway\'s account logging role, which every service\'s access-logged stage needs', () => {
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    const [roleId] = Object.keys(template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] } },
    }));
    expect(roleId).toBeDefined();
    template.hasResourceProperties('AWS::ApiGateway::Account', { CloudWatchRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } });
  });

  it('has the fleet dashboard named by the conventions', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'platform-account' });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('left no unacknowledged error or warning (the report lists every plugin with a violation)', () => {
    const violations = synthesized.validationReport.pluginReports.flatMap((r) => r.violations.map((v) => [r.pluginName, v]));
    expect(violations).toEqual([]);
  });

  it('is really wired into the app: an unacknowledged finding fails synth', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'platform-nag-'));
    const { app, stack } = createPlatformApp(testConfig(), { outdir });
    new s3.Bucket(stack, 'UnloggedBucket', { enforceSSL: true });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});

/** cfn-lint older than this lacks schema updates aws-cdk-lib already emits (e.g. Tags on AWS::CloudWatch::Dashboard). */
const CFN_LINT_SCHEMA_CURRENT = [1, 58, 0];

function cfnLintVersion(bin: string): number[] {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  return (/(\d+)\.(\d+)\.(\d+)/.exec(out) ?? []).slice(1).map(Number);
}

const olderThan = (a: number[], b: number[]) => a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];

describe('cfn-lint', () => {
  it('finds no errors in the synthesized template', () => {
    const bin = process.env.CFN_LINT ?? 'cfn-lint';
    const version = cfnLintVersion(bin);
    const run = spawnSync(bin, ['--format', 'json', '--', synthesized.templateFile], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    const findings = JSON.parse(run.stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string; Location: { Path: (string | number)[] } }[];
    const resources = template.toJSON().Resources;
    const errors = findings.filter((f) => f.Level === 'Error').filter((f) => {
      // Only on an out-of-date cfn-lint: its schema predates Tags on AWS::CloudWatch::Dashboard.
      const stale = olderThan(version, CFN_LINT_SCHEMA_CURRENT) && f.Rule.Id === 'E3002' && /'Tags' was unexpected/.test(f.Message)
        && resources[String(f.Location.Path[1])]?.Type === 'AWS::CloudWatch::Dashboard';
      return !stale;
    });
    expect(errors).toEqual([]);
  });
});

describe('env-agnostic synth', () => {
  it('synthesizes from the checked-in config with no account or region', () => {
    const { app } = createPlatformApp(loadPlatformConfig(join(__dirname, '..', 'platform.config.json')), { outdir: mkdtempSync(join(tmpdir(), 'platform-agnostic-')) });
    expect(app.synth().getStackByName('platform-account').environment.account).toBe('unknown-account');
  });
});
