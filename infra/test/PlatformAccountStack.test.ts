import { execFileSync, spawnSync } from 'child_process';
import { Match } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { aws_s3 as s3 } from 'aws-cdk-lib';
import { CIS_METRIC_FILTERS, createPlatformApp, rebuildPlan } from '../lib';
import { singleAccountConfig, synthPlatform, testConfig } from './support/synthPlatform';

const synthesized = synthPlatform();
const { template } = synthesized.of('prod');

describe('platform stacks: one per account and region', () => {
  it('deploys prod and preview stacks into their own accounts, in every fleet region, termination-protected', () => {
    const layout = synthesized.stacks.map(({ stack }) => [stack.stackName, stack.account, stack.region, stack.terminationProtection]);
    expect(layout).toEqual([
      ['platform-prod', '111111111111', 'us-west-2', true], ['platform-prod', '111111111111', 'eu-central-1', true],
      ['platform-preview', '222222222222', 'us-west-2', true], ['platform-preview', '222222222222', 'eu-central-1', true],
    ]);
  });

  it('keeps the preview side out of the prod account and the prod side out of the preview account', () => {
    const roleNames = (kind: 'prod' | 'preview') => synthesized.stacks.filter((s) => s.stack.kind === kind)
      .flatMap((s) => Object.values(s.template.findResources('AWS::IAM::Role')).map((r) => r.Properties.RoleName).filter(Boolean));
    expect(roleNames('prod').sort()).toEqual(['platform-github-deploy', 'platform-github-rebuild']);
    expect(roleNames('preview').sort()).toEqual(['platform-github-preview', 'platform-github-rebuild', 'platform-preview-cfn-exec']);
    expect(Object.keys(synthesized.of('preview').template.findResources('AWS::CloudWatch::Dashboard'))).toEqual([]);
  });

  it('gives the preview account its own budget and a short audit-log retention', () => {
    const preview = synthesized.of('preview').template;
    preview.hasResourceProperties('AWS::Budgets::Budget', { Budget: Match.objectLike({ BudgetLimit: { Amount: 5, Unit: 'USD' } }) });
    preview.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/cloudtrail/platform-account', RetentionInDays: 14 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/cloudtrail/platform-account', RetentionInDays: 365 });
  });

  it('keeps the fixed-name trail log group on update or delete, but not after a failed first create', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/cloudtrail/platform-account' }, DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain',
    });
  });

  it('builds the account-wide parts only in the home region', () => {
    const other = synthesized.of('prod', 'eu-central-1').template;
    other.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    other.resourceCountIs('AWS::CloudTrail::Trail', 0);
    other.resourceCountIs('AWS::Budgets::Budget', 0);
    other.resourceCountIs('AWS::SNS::Topic', 1);
    other.hasResourceProperties('AWS::SSM::Parameter', { Name: '/platform/alerts-topic-arn' });
  });

  it('lets the prod CDK deploy role of each region resolve /platform/* SSM parameters', () => {
    for (const region of synthesized.config.regions) {
      synthesized.of('prod', region).template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^cdk-hnb659fds-deploy-role-$')])] }],
        PolicyDocument: { Statement: [Match.objectLike({ Action: ['ssm:GetParameter', 'ssm:GetParameters'] })] },
      });
    }
  });

  it('plans the rebuild: each account, every region, its qualifiers and stacks', () => {
    expect(rebuildPlan(testConfig())).toEqual({ include: [
      { kind: 'prod', account: '111111111111', homeRegion: 'us-west-2', regions: 'us-west-2 eu-central-1', bootstrap: 'hnb659fds:CDKToolkit', stacks: 'platform-prod-*' },
      { kind: 'preview', account: '222222222222', homeRegion: 'us-west-2', regions: 'us-west-2 eu-central-1', bootstrap: 'previews:CDKToolkit-previews', stacks: 'platform-preview-*' },
    ] });
    expect(rebuildPlan(singleAccountConfig()).include).toEqual([
      { kind: 'single', account: '111111111111', homeRegion: 'us-west-2', regions: 'us-west-2 eu-central-1', bootstrap: 'hnb659fds:CDKToolkit previews:CDKToolkit-previews', stacks: 'platform-account-*' },
    ]);
  });

  it('the plan selects exactly the synthesized stacks of each account', () => {
    for (const target of rebuildPlan(testConfig()).include) {
      const pattern = new RegExp(`^${target.stacks.replace('*', '.*')}$`);
      const selected = synthesized.stacks.filter((s) => pattern.test(s.stack.node.id)).map((s) => s.stack.account);
      expect(selected).toEqual(target.regions.split(' ').map(() => target.account));
    }
  });
});

describe('platform-prod stack (home region)', () => {
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
    new s3.Bucket(stack('preview'), 'UnloggedBucket', { enforceSSL: true });
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
  it('finds no errors in any synthesized template', () => {
    const bin = process.env.CFN_LINT ?? 'cfn-lint';
    const version = cfnLintVersion(bin);
    const files = synthesized.stacks.map((s) => s.templateFile);
    const run = spawnSync(bin, ['--format', 'json', '--', ...files], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    const findings = JSON.parse(run.stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string; Location: { Path: (string | number)[] } }[];
    const resources = Object.assign({}, ...synthesized.stacks.map((s) => s.template.toJSON().Resources));
    const errors = findings.filter((f) => f.Level === 'Error').filter((f) => {
      // Only on an out-of-date cfn-lint: its schema predates Tags on AWS::CloudWatch::Dashboard.
      const stale = olderThan(version, CFN_LINT_SCHEMA_CURRENT) && f.Rule.Id === 'E3002' && /'Tags' was unexpected/.test(f.Message)
        && resources[String(f.Location.Path[1])]?.Type === 'AWS::CloudWatch::Dashboard';
      return !stale;
    });
    expect(errors).toEqual([]);
  });
});

describe('unsafe single-account mode', () => {
  it('puts both sides into one platform-account stack per region', () => {
    const single = synthPlatform(singleAccountConfig());
    expect(single.stacks.map((s) => [s.stack.node.id, s.stack.stackName, s.stack.account])).toEqual([
      ['platform-account-us-west-2', 'platform-account', '111111111111'], ['platform-account-eu-central-1', 'platform-account', '111111111111'],
    ]);
    const names = Object.values(single.of('single').template.findResources('AWS::IAM::Role')).map((r) => r.Properties.RoleName).filter(Boolean).sort();
    expect(names).toEqual(['platform-github-deploy', 'platform-github-preview', 'platform-github-rebuild', 'platform-preview-cfn-exec']);
    expect(single.validationReport.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });
});
