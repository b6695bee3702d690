import { aws_iam as iam } from 'aws-cdk-lib';
import { DELIVERY_NAMESPACE } from '@serverless-axum/cdk';
import { acknowledge, wildcardArnFinding, wildcardArnFindings } from '../acknowledge';
import { PROD_SERVICE_RESOURCE_TAG_CONDITION } from './platformRoleNames';
import {
  PROD_ALARM_PATTERN, PROD_APP_STACK_PATTERN, PROD_DASHBOARD_PATTERN, PROD_FUNCTION_PATTERN, prodAlarmsArn, prodAppStacksArn,
  prodDashboardsArn, prodFunctionArns,
} from './prodServiceArns';

/**
 * What deploy.yml needs, besides deploying, to operate prod with the deploy role alone (it used to chain to the CDK
 * lookup role for reads): `serverless-axum status`, `verify` (and `verify --rollback`), `check-monitoring` and
 * `record-deploy`. Reads of prod's stacks, functions, alarms and dashboards, one write (the `live` alias) on prod's
 * tagged functions, and delivery metrics in their own namespace. Nothing on `*-pr-*` names, nothing in IAM or S3.
 */
export function grantProdOperations(role: iam.Role, regions: readonly string[]): void {
  const statements = [
    // verify checks the app stack finished its update and reads the Lambda version it declares.
    new iam.PolicyStatement({
      sid: 'ReadProdAppStacks',
      actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResources'],
      resources: regions.map(prodAppStacksArn),
    }),
    // status/verify read which version `live` points to and which versions exist (the previous one to roll back to).
    new iam.PolicyStatement({
      sid: 'ReadProdFunctionVersions',
      actions: ['lambda:GetAlias', 'lambda:ListVersionsByFunction'],
      resources: regions.flatMap(prodFunctionArns),
      conditions: PROD_SERVICE_RESOURCE_TAG_CONDITION,
    }),
    // `verify --rollback` points `live` back to the previous version: prod's service functions only (name and tags),
    // and only the alias (no code, configuration or permission change).
    new iam.PolicyStatement({
      sid: 'RollBackProdLiveAlias',
      actions: ['lambda:UpdateAlias'],
      resources: regions.flatMap(prodFunctionArns),
      conditions: PROD_SERVICE_RESOURCE_TAG_CONDITION,
    }),
    // verify/check-monitoring read the state of prod's alarms (a firing alarm fails the verification).
    new iam.PolicyStatement({
      sid: 'ReadProdAlarms', actions: ['cloudwatch:DescribeAlarms'], resources: regions.map(prodAlarmsArn),
    }),
    // check-monitoring lists the metrics each prod dashboard names.
    new iam.PolicyStatement({
      sid: 'ReadProdDashboards', actions: ['cloudwatch:GetDashboard'], resources: [prodDashboardsArn()],
    }),
    // verify and check-monitoring read metrics; CloudWatch grants metric reads on "*" only (no metric ARNs exist).
    new iam.PolicyStatement({ sid: 'ReadMetrics', actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'], resources: ['*'] }),
    // record-deploy publishes the delivery (DORA) metrics; the namespace condition keeps every other metric, a
    // service's own or AWS's, out of reach, so no alarm can be silenced or set off by writing into its metric.
    new iam.PolicyStatement({
      sid: 'PublishDeliveryMetrics', actions: ['cloudwatch:PutMetricData'], resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': DELIVERY_NAMESPACE } },
    }),
  ];
  for (const statement of statements) role.addToPolicy(statement);

  const regional = (rest: (region: string) => string) => wildcardArnFindings(regions, rest);
  acknowledge(role,
    'Service stack names are <service>-prod-app, and the services are not known to the platform in advance: read-only DescribeStacks and DescribeStackResources, confined to prod app stacks.',
    ...regional((r) => `cloudformation:${r}:<AWS::AccountId>:stack/${PROD_APP_STACK_PATTERN}/*`));
  acknowledge(role,
    'Prod function names are <service>-prod, not known in advance, and alias and version ARNs add a qualifier: alias and version reads and UpdateAlias only, on functions tagged environment=prod and managed-by=cdk.',
    ...regional((r) => `lambda:${r}:<AWS::AccountId>:function:${PROD_FUNCTION_PATTERN}`),
    ...regional((r) => `lambda:${r}:<AWS::AccountId>:function:${PROD_FUNCTION_PATTERN}:*`));
  acknowledge(role,
    'Prod alarm names are <service>-prod-<id>, not known in advance: read-only DescribeAlarms, confined to prod alarms.',
    ...regional((r) => `cloudwatch:${r}:<AWS::AccountId>:alarm:${PROD_ALARM_PATTERN}`));
  acknowledge(role,
    'Prod dashboard names are <service>-prod, not known in advance: read-only GetDashboard, confined to prod dashboards.',
    wildcardArnFinding(`cloudwatch::<AWS::AccountId>:dashboard/${PROD_DASHBOARD_PATTERN}`));
  acknowledge(role,
    'CloudWatch GetMetricData, ListMetrics and PutMetricData accept Resource "*" only: the reads are read-only, and PutMetricData is confined by cloudwatch:namespace to the delivery metrics namespace.',
    'AwsSolutions-IAM5[Resource::*]');
}
