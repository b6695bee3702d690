import { Construct } from 'constructs';
import { Aws, aws_iam as iam } from 'aws-cdk-lib';
import { acknowledge } from '../acknowledge';

export interface PreviewExecutionRoleProps {
  /** ARN of the preview permissions boundary; applied to this role and required on roles it creates. */
  readonly boundaryArn: string;
  /** The boundary policy itself (attached as this role's boundary). */
  readonly boundary: iam.IManagedPolicy;
  /** CDK bootstrap qualifier, to read the assets bucket. */
  readonly cdkQualifier: string;
  /** Role name. @default "platform-preview-cfn-exec" */
  readonly roleName?: string;
}

/** Preview resource names all contain the environment, `pr-<n>` (conventions.md). */
const PREVIEW = '*-pr-*';

/**
 * The CloudFormation execution role preview deploys pass with `cdk deploy --role-arn`. It replaces the bootstrap's
 * AdministratorAccess execution role for previews: it may only touch resources whose names carry `-pr-`, it must give
 * every role it creates the preview boundary, and the boundary keeps it off prod- and platform-tagged resources.
 */
export class PreviewExecutionRole extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PreviewExecutionRoleProps) {
    super(scope, id);
    const p = Aws.PARTITION;
    const r = Aws.REGION;
    const a = Aws.ACCOUNT_ID;
    const withBoundary = { StringEquals: { 'iam:PermissionsBoundary': props.boundaryArn } };
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName ?? 'platform-preview-cfn-exec',
      description: 'CloudFormation execution role for pull-request preview stacks (*-pr-*)',
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com'),
      permissionsBoundary: props.boundary,
    });
    const statements = [
      new iam.PolicyStatement({ sid: 'Functions', actions: ['lambda:*'], resources: [`arn:${p}:lambda:${r}:${a}:function:${PREVIEW}`] }),
      new iam.PolicyStatement({ sid: 'LogGroups', actions: ['logs:*'], resources: [`arn:${p}:logs:${r}:${a}:log-group:${PREVIEW}`] }),
      new iam.PolicyStatement({ sid: 'DescribeLogGroups', actions: ['logs:DescribeLogGroups'], resources: [`arn:${p}:logs:${r}:${a}:log-group:*`] }),
      new iam.PolicyStatement({ sid: 'Tables', actions: ['dynamodb:*'], resources: [`arn:${p}:dynamodb:${r}:${a}:table/${PREVIEW}`] }),
      new iam.PolicyStatement({
        sid: 'Buckets', actions: ['s3:*'], resources: [`arn:${p}:s3:::${PREVIEW}`, `arn:${p}:s3:::${PREVIEW}/*`],
      }),
      new iam.PolicyStatement({
        sid: 'ReadCdkAssets', actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`arn:${p}:s3:::cdk-${props.cdkQualifier}-assets-${a}-${r}/*`],
      }),
      new iam.PolicyStatement({
        sid: 'RestApis', actions: ['apigateway:DELETE', 'apigateway:GET', 'apigateway:PATCH', 'apigateway:POST', 'apigateway:PUT'],
        resources: [`arn:${p}:apigateway:${r}::/restapis`, `arn:${p}:apigateway:${r}::/restapis/*`, `arn:${p}:apigateway:${r}::/tags/*`],
      }),
      new iam.PolicyStatement({
        sid: 'Alarms', actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
        resources: [`arn:${p}:cloudwatch:${r}:${a}:alarm:${PREVIEW}`],
      }),
      new iam.PolicyStatement({
        sid: 'Dashboards', actions: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards', 'cloudwatch:GetDashboard'],
        resources: [`arn:${p}:cloudwatch::${a}:dashboard/${PREVIEW}`],
      }),
      new iam.PolicyStatement({
        sid: 'ReadPlatformParameters', actions: ['ssm:GetParameter', 'ssm:GetParameters'],
        resources: [`arn:${p}:ssm:${r}:${a}:parameter/platform/*`, `arn:${p}:ssm:${r}:${a}:parameter/cdk-bootstrap/${props.cdkQualifier}/version`],
      }),
      new iam.PolicyStatement({
        sid: 'CreateBoundedRoles', actions: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRolePolicy'],
        resources: [`arn:${p}:iam::${a}:role/${PREVIEW}`], conditions: withBoundary,
      }),
      new iam.PolicyStatement({
        sid: 'ManagePreviewRoles', actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:DeleteRole', 'iam:TagRole', 'iam:UntagRole', 'iam:UpdateAssumeRolePolicy'],
        resources: [`arn:${p}:iam::${a}:role/${PREVIEW}`],
      }),
      new iam.PolicyStatement({
        sid: 'PassPreviewRoles', actions: ['iam:PassRole'], resources: [`arn:${p}:iam::${a}:role/${PREVIEW}`],
        conditions: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'apigateway.amazonaws.com'] } },
      }),
    ];
    const policy = new iam.Policy(this, 'Policy', { roles: [this.role], statements });
    const arn = (service: string, rest: string) => `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:${service}${rest}]`;
    acknowledge(policy,
      'Preview stacks create resources with generated names; every wildcard is confined to names containing -pr- (the preview environment, conventions.md), and the preview boundary additionally denies prod- and platform-tagged resources.',
      'AwsSolutions-IAM5[Action::lambda:*]', 'AwsSolutions-IAM5[Action::logs:*]', 'AwsSolutions-IAM5[Action::dynamodb:*]', 'AwsSolutions-IAM5[Action::s3:*]',
      arn('lambda', ':<AWS::Region>:<AWS::AccountId>:function:*-pr-*'),
      arn('logs', ':<AWS::Region>:<AWS::AccountId>:log-group:*-pr-*'),
      arn('dynamodb', ':<AWS::Region>:<AWS::AccountId>:table/*-pr-*'),
      arn('s3', ':::*-pr-*'), arn('s3', ':::*-pr-*/*'),
      arn('iam', '::<AWS::AccountId>:role/*-pr-*'),
      arn('cloudwatch', ':<AWS::Region>:<AWS::AccountId>:alarm:*-pr-*'),
      arn('cloudwatch', '::<AWS::AccountId>:dashboard/*-pr-*'));
    acknowledge(policy,
      'REST API ids are random, so API Gateway ARNs cannot carry the preview name; the boundary denies any API tagged environment=prod, and API Gateway sub-resources inherit the API tags for authorization.',
      arn('apigateway', ':<AWS::Region>::/restapis/*'), arn('apigateway', ':<AWS::Region>::/tags/*'));
    acknowledge(policy,
      'Read-only: logs:DescribeLogGroups only accepts the log-group:* resource; CloudFormation calls it when creating any log group.',
      arn('logs', ':<AWS::Region>:<AWS::AccountId>:log-group:*'));
    acknowledge(policy,
      'Read-only: the CDK assets bucket holds content-hashed object keys that cannot be known in advance; Lambda reads code from it with the caller credentials.',
      arn('s3', `:::cdk-${props.cdkQualifier}-assets-<AWS::AccountId>-<AWS::Region>/*`));
    acknowledge(policy,
      'Read-only: preview stacks resolve the platform SSM parameters (/platform/*) published by this stack; the set grows with conventions.md.',
      arn('ssm', ':<AWS::Region>:<AWS::AccountId>:parameter/platform/*'));
  }
}
