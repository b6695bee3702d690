/**
 * The prod deploy role's identity policy, as synthesized: deploy.yml deploys through the CDK bootstrap roles and
 * operates prod with this role alone (serverless-axum status, verify --rollback, check-monitoring, record-deploy).
 */
import { DEPLOY_ROLE_NAME } from '../../lib';
import { Principal, Statement, isAllowed, rolesOf, templatesOf } from '../support/iamModel';
import { synthPlatform } from '../support/synthPlatform';

const PROD = '111111111111';
const synthesized = synthPlatform();
const regions = synthesized.config.regions;
const role = rolesOf(templatesOf(synthesized)).find((r) => r.account === PROD && r.name === DEPLOY_ROLE_NAME)!;
const deploy: Principal = { name: DEPLOY_ROLE_NAME, identity: role.identity };
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

const PROD_TAGS = { 'aws:ResourceTag/environment': 'prod', 'aws:ResourceTag/managed-by': 'cdk' };
const each = (build: (region: string) => string) => regions.map(build);
const functionArns = regions.flatMap((r) => [`arn:aws:lambda:${r}:${PROD}:function:*-prod`, `arn:aws:lambda:${r}:${PROD}:function:*-prod:*`]);

describe('the prod deploy role', () => {
  it('holds exactly these statements', () => {
    const shape = (s: Statement) => ({ Sid: s.Sid, Effect: s.Effect, Action: list(s.Action), Resource: list(s.Resource), Condition: s.Condition });
    const bootstrap = regions.flatMap((r) => ['deploy', 'file-publishing', 'image-publishing', 'lookup']
      .map((kind) => `arn:aws:iam::${PROD}:role/cdk-hnb659fds-${kind}-role-${PROD}-${r}`));
    expect(role.identity.map(shape)).toEqual([
      { Sid: 'ReadProdUserPoolClients', Effect: 'Allow', Action: ['cognito-idp:DescribeUserPoolClient'],
        Resource: each((r) => `arn:aws:cognito-idp:${r}:${PROD}:userpool/*`), Condition: { StringEquals: PROD_TAGS } },
      { Sid: 'AssumeCdkBootstrapRoles', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: bootstrap, Condition: undefined },
      { Sid: 'ReadProdAppStacks', Effect: 'Allow', Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResources'],
        Resource: each((r) => `arn:aws:cloudformation:${r}:${PROD}:stack/*-prod-app/*`), Condition: undefined },
      { Sid: 'ReadProdFunctionVersions', Effect: 'Allow', Action: ['lambda:GetAlias', 'lambda:ListVersionsByFunction'],
        Resource: functionArns, Condition: { StringEquals: PROD_TAGS } },
      { Sid: 'RollBackProdLiveAlias', Effect: 'Allow', Action: ['lambda:UpdateAlias'], Resource: functionArns, Condition: { StringEquals: PROD_TAGS } },
      { Sid: 'ReadProdAlarms', Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms'],
        Resource: each((r) => `arn:aws:cloudwatch:${r}:${PROD}:alarm:*-prod-*`), Condition: undefined },
      { Sid: 'ReadProdDashboards', Effect: 'Allow', Action: ['cloudwatch:GetDashboard'],
        Resource: [`arn:aws:cloudwatch::${PROD}:dashboard/*-prod`], Condition: undefined },
      { Sid: 'ReadMetrics', Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'], Resource: ['*'], Condition: undefined },
      { Sid: 'PublishDeliveryMetrics', Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: ['*'],
        Condition: { StringEquals: { 'cloudwatch:namespace': 'ServerlessAxum/Delivery' } } },
    ]);
  });

  it('may point live back to an earlier version of prod\'s service functions, and of nothing else', () => {
    const updaters = role.identity.filter((s) => list(s.Action).some((a) => /^lambda:(UpdateAlias|\*)$/i.test(a)));
    expect(updaters.map((s) => s.Sid)).toEqual(['RollBackProdLiveAlias']);
    for (const region of regions) {
      const fn = (name: string) => `arn:aws:lambda:${region}:${PROD}:function:${name}`;
      expect(isAllowed(deploy, 'lambda:UpdateAlias', fn('orders-api-prod:live'), PROD_TAGS)).toBe(true);
      expect(isAllowed(deploy, 'lambda:UpdateAlias', fn('orders-api-prod'), PROD_TAGS)).toBe(true);
      // The tags must say prod and CDK, both of them.
      expect(isAllowed(deploy, 'lambda:UpdateAlias', fn('orders-api-prod:live'))).toBe(false);
      expect(isAllowed(deploy, 'lambda:UpdateAlias', fn('orders-api-prod:live'), { 'aws:ResourceTag/environment': 'prod' })).toBe(false);
      expect(isAllowed(deploy, 'lambda:UpdateAlias', fn('orders-api-prod:live'), { ...PROD_TAGS, 'aws:ResourceTag/environment': 'pr-7' })).toBe(false);
      // The name must be a prod service function's, whatever its tags say: not a preview's, not a provider function's.
      for (const name of ['orders-api-pr-7:live', 'orders-api-prod-autodelete:live', 'platform-account:live', 'prod:live']) {
        expect([name, isAllowed(deploy, 'lambda:UpdateAlias', fn(name), PROD_TAGS)]).toEqual([name, false]);
      }
      for (const action of ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:CreateAlias', 'lambda:DeleteAlias',
        'lambda:PublishVersion', 'lambda:InvokeFunction', 'lambda:AddPermission', 'lambda:DeleteFunction']) {
        expect([action, isAllowed(deploy, action, fn('orders-api-prod:live'), PROD_TAGS)]).toEqual([action, false]);
      }
    }
  });

  it('may publish delivery metrics and no other metric', () => {
    const writers = role.identity.filter((s) => list(s.Action).some((a) => /^cloudwatch:(Put|\*)/i.test(a)));
    expect(writers.map((s) => s.Sid)).toEqual(['PublishDeliveryMetrics']);
    expect(isAllowed(deploy, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'ServerlessAxum/Delivery' })).toBe(true);
    for (const namespace of ['ServerlessAxum', 'ServerlessAxum/Delivery2', 'ServerlessAxum/Logs/orders-api-prod', 'AWS/Lambda', undefined]) {
      expect([namespace, isAllowed(deploy, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': namespace })]).toEqual([namespace, false]);
    }
    for (const action of ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:SetAlarmState', 'cloudwatch:PutDashboard',
      'cloudwatch:DisableAlarmActions']) {
      expect([action, isAllowed(deploy, action, `arn:aws:cloudwatch:${regions[0]}:${PROD}:alarm:orders-api-prod-lambda-errors`)]).toEqual([action, false]);
    }
  });

  it('has no IAM action, no S3 action and no wildcard action', () => {
    const actions = role.identity.flatMap((s) => list(s.Action));
    expect(actions.filter((a) => /^(iam|s3):/i.test(a) || a.includes('*'))).toEqual([]);
    expect(role.identity.filter((s) => s.NotAction !== undefined || s.NotResource !== undefined)).toEqual([]);
    expect(isAllowed(deploy, 's3:PutObject', `arn:aws:s3:::cdk-hnb659fds-assets-${PROD}-${regions[0]}/x.zip`)).toBe(false);
    expect(isAllowed(deploy, 'iam:PassRole', `arn:aws:iam::${PROD}:role/orders-api-prod-function`)).toBe(false);
  });

  it('can do nothing to a preview\'s stack, function, alarm or dashboard, whatever its tags', () => {
    const scoped = role.identity.filter((s) => !list(s.Resource).includes('*'));
    const actions = [...new Set(scoped.flatMap((s) => list(s.Action)))];
    expect(actions).toContain('lambda:UpdateAlias');
    for (const region of regions) {
      const preview = [
        `arn:aws:cloudformation:${region}:${PROD}:stack/orders-api-pr-7-app/abc`,
        `arn:aws:lambda:${region}:${PROD}:function:orders-api-pr-7`, `arn:aws:lambda:${region}:${PROD}:function:orders-api-pr-7:live`,
        `arn:aws:cloudwatch:${region}:${PROD}:alarm:orders-api-pr-7-lambda-errors`, `arn:aws:cloudwatch::${PROD}:dashboard/orders-api-pr-7`,
      ];
      for (const arn of preview) {
        for (const action of actions) {
          for (const tags of [PROD_TAGS, { 'aws:ResourceTag/environment': 'pr-7', 'aws:ResourceTag/managed-by': 'cdk' }]) {
            expect([action, arn, isAllowed(deploy, action, arn, tags)]).toEqual([action, arn, false]);
          }
        }
      }
      // The same calls on prod's resources are allowed (so the denials above are not vacuous).
      expect(isAllowed(deploy, 'cloudformation:DescribeStackResources', `arn:aws:cloudformation:${region}:${PROD}:stack/orders-api-prod-app/abc`)).toBe(true);
      expect(isAllowed(deploy, 'cloudformation:DescribeStacks', `arn:aws:cloudformation:${region}:${PROD}:stack/orders-api-prod-data/abc`)).toBe(false);
      expect(isAllowed(deploy, 'cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:${region}:${PROD}:alarm:orders-api-prod-lambda-errors`)).toBe(true);
      expect(isAllowed(deploy, 'lambda:ListVersionsByFunction', `arn:aws:lambda:${region}:${PROD}:function:orders-api-prod`, PROD_TAGS)).toBe(true);
    }
    expect(isAllowed(deploy, 'cloudwatch:GetDashboard', `arn:aws:cloudwatch::${PROD}:dashboard/orders-api-prod`)).toBe(true);
  });

  it('still assumes the CDK bootstrap roles of the prod qualifier only', () => {
    const assumers = role.identity.filter((s) => list(s.Action).some((a) => /^sts:/i.test(a)));
    expect(assumers.map((s) => s.Sid)).toEqual(['AssumeCdkBootstrapRoles']);
    for (const arn of list(assumers[0].Resource)) {
      expect(arn).toMatch(new RegExp(`^arn:aws:iam::${PROD}:role/cdk-hnb659fds-(deploy|file-publishing|image-publishing|lookup)-role-${PROD}-(${regions.join('|')})$`));
    }
    expect(isAllowed(deploy, 'sts:AssumeRole', `arn:aws:iam::${PROD}:role/cdk-hnb659fds-cfn-exec-role-${PROD}-${regions[0]}`)).toBe(false);
  });
});
