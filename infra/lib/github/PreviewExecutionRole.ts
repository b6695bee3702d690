import { Construct } from 'constructs';
import { Aws, aws_iam as iam } from 'aws-cdk-lib';
import { acknowledge, wildcardArnFinding, wildcardArnFindings } from '../acknowledge';
import { cdkAssetsBucketName } from './cdkBootstrapRoleArns';
import { previewContainerGrants } from './previewContainerGrants';
import {
  PREVIEW_EXECUTION_ROLE_NAME, PREVIEW_NAME_PATTERN as PREVIEW, PREVIEW_REQUEST_TAG_CONDITION, PREVIEW_RESOURCE_TAG_CONDITION, iamArn,
  inEachRegion, platformParametersArn, userPoolsArn,
} from './platformRoleNames';

/**
 * What CloudFormation calls to create, update and delete a preview's user pool and its resource server, app client
 * and domain (the handlers' permissions in the resource types' registry schemas), all on the pool's ARN.
 */
const USER_POOL_ACTIONS = [
  'cognito-idp:DescribeUserPool', 'cognito-idp:UpdateUserPool', 'cognito-idp:DeleteUserPool', 'cognito-idp:SetUserPoolMfaConfig',
  'cognito-idp:GetUserPoolMfaConfig', 'cognito-idp:TagResource', 'cognito-idp:UntagResource', 'cognito-idp:ListTagsForResource',
  'cognito-idp:CreateResourceServer', 'cognito-idp:DescribeResourceServer', 'cognito-idp:UpdateResourceServer', 'cognito-idp:DeleteResourceServer',
  'cognito-idp:CreateUserPoolClient', 'cognito-idp:DescribeUserPoolClient', 'cognito-idp:UpdateUserPoolClient', 'cognito-idp:DeleteUserPoolClient',
  'cognito-idp:ListUserPoolClientSecrets',
  'cognito-idp:CreateUserPoolDomain', 'cognito-idp:UpdateUserPoolDomain', 'cognito-idp:DeleteUserPoolDomain',
];

export interface PreviewExecutionRoleProps {
  /** ARN of the preview permissions boundary; applied to this role and required on roles it creates. */
  readonly boundaryArn: string;
  /** The boundary policy itself (attached as this role's boundary). */
  readonly boundary: iam.IManagedPolicy;
  /** CDK bootstrap qualifier of previews, whose assets bucket Lambda reads code from. */
  readonly previewCdkQualifier: string;
  /** Regions previews deploy to. */
  readonly regions: readonly string[];
}

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
    const a = Aws.ACCOUNT_ID;
    const each = (build: (region: string) => string) => inEachRegion(props.regions, build);
    const withBoundary = { StringEquals: { 'iam:PermissionsBoundary': props.boundaryArn } };
    this.role = new iam.Role(this, 'Role', {
      roleName: PREVIEW_EXECUTION_ROLE_NAME,
      description: 'CloudFormation execution role for pull-request preview stacks (*-pr-*)',
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com'),
      permissionsBoundary: props.boundary,
    });
    const statements = [
      new iam.PolicyStatement({ sid: 'Functions', actions: ['lambda:*'], resources: each((r) => `arn:${p}:lambda:${r}:${a}:function:${PREVIEW}`) }),
      new iam.PolicyStatement({ sid: 'LogGroups', actions: ['logs:*'], resources: each((r) => `arn:${p}:logs:${r}:${a}:log-group:${PREVIEW}`) }),
      new iam.PolicyStatement({ sid: 'DescribeLogGroups', actions: ['logs:DescribeLogGroups'], resources: each((r) => `arn:${p}:logs:${r}:${a}:log-group:*`) }),
      new iam.PolicyStatement({ sid: 'Tables', actions: ['dynamodb:*'], resources: each((r) => `arn:${p}:dynamodb:${r}:${a}:table/${PREVIEW}`) }),
      new iam.PolicyStatement({
        sid: 'Buckets', actions: ['s3:*'], resources: [`arn:${p}:s3:::${PREVIEW}`, `arn:${p}:s3:::${PREVIEW}/*`],
      }),
      new iam.PolicyStatement({
        sid: 'ReadPreviewAssets', actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: each((r) => `arn:${p}:s3:::${cdkAssetsBucketName(props.previewCdkQualifier, r)}/*`),
      }),
      new iam.PolicyStatement({
        sid: 'RestApis', actions: ['apigateway:DELETE', 'apigateway:GET', 'apigateway:PATCH', 'apigateway:POST', 'apigateway:PUT'],
        resources: props.regions.flatMap((r) => [`arn:${p}:apigateway:${r}::/restapis`, `arn:${p}:apigateway:${r}::/restapis/*`, `arn:${p}:apigateway:${r}::/tags/*`]),
      }),
      new iam.PolicyStatement({
        sid: 'Alarms', actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
        resources: each((r) => `arn:${p}:cloudwatch:${r}:${a}:alarm:${PREVIEW}`),
      }),
      new iam.PolicyStatement({
        sid: 'Dashboards', actions: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards', 'cloudwatch:GetDashboard'],
        resources: [`arn:${p}:cloudwatch::${a}:dashboard/${PREVIEW}`],
      }),
      new iam.PolicyStatement({
        sid: 'ReadPlatformParameters', actions: ['ssm:GetParameter', 'ssm:GetParameters'],
        resources: each(platformParametersArn),
      }),
      // Cognito user pools of previews (Cognito auth): pool ARNs carry a random id, not the preview's name, so pools
      // are matched by their environment tag, set on create (aws:RequestTag) and checked on every later call.
      new iam.PolicyStatement({
        sid: 'CreatePreviewUserPools', actions: ['cognito-idp:CreateUserPool'], resources: ['*'],
        conditions: PREVIEW_REQUEST_TAG_CONDITION,
      }),
      new iam.PolicyStatement({
        sid: 'PreviewUserPools', actions: USER_POOL_ACTIONS, resources: each(userPoolsArn), conditions: PREVIEW_RESOURCE_TAG_CONDITION,
      }),
      new iam.PolicyStatement({ sid: 'DescribeUserPoolDomains', actions: ['cognito-idp:DescribeUserPoolDomain'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'CreateBoundedRoles', actions: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRolePolicy'],
        resources: [iamArn('role', PREVIEW)], conditions: withBoundary,
      }),
      new iam.PolicyStatement({
        sid: 'ManagePreviewRoles', actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:DeleteRole', 'iam:TagRole', 'iam:UntagRole', 'iam:UpdateAssumeRolePolicy'],
        resources: [iamArn('role', PREVIEW)],
      }),
      new iam.PolicyStatement({
        sid: 'PassPreviewRoles', actions: ['iam:PassRole'], resources: [iamArn('role', PREVIEW)],
        conditions: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'apigateway.amazonaws.com', 'ecs-tasks.amazonaws.com'] } },
      }),
    ];
    const containers = previewContainerGrants(props.regions);
    statements.push(...containers.statements);
    const policy = new iam.Policy(this, 'Policy', { roles: [this.role], statements });
    const regional = (service: string, rest: string) => wildcardArnFindings(props.regions, (r) => `${service}:${r}${rest}`);
    acknowledge(policy,
      'Preview stacks create resources with generated names; every wildcard is confined to names containing -pr- (the preview environment, conventions.md), and the preview boundary additionally denies prod- and platform-tagged resources.',
      'AwsSolutions-IAM5[Action::lambda:*]', 'AwsSolutions-IAM5[Action::logs:*]', 'AwsSolutions-IAM5[Action::dynamodb:*]', 'AwsSolutions-IAM5[Action::s3:*]',
      ...regional('lambda', ':<AWS::AccountId>:function:*-pr-*'),
      ...regional('logs', ':<AWS::AccountId>:log-group:*-pr-*'),
      ...regional('dynamodb', ':<AWS::AccountId>:table/*-pr-*'),
      wildcardArnFinding('s3:::*-pr-*'), wildcardArnFinding('s3:::*-pr-*/*'),
      wildcardArnFinding('iam::<AWS::AccountId>:role/*-pr-*'),
      ...regional('cloudwatch', ':<AWS::AccountId>:alarm:*-pr-*'),
      wildcardArnFinding('cloudwatch::<AWS::AccountId>:dashboard/*-pr-*'));
    acknowledge(policy,
      'REST API ids are random, so API Gateway ARNs cannot carry the preview name; the boundary denies any API tagged environment=prod, and API Gateway sub-resources inherit the API tags for authorization.',
      ...regional('apigateway', '::/restapis/*'), ...regional('apigateway', '::/tags/*'));
    acknowledge(policy,
      'Cognito user pool ARNs end in a random id, not the preview name: the statement only matches pools tagged environment=pr-*, CreateUserPool only accepts Resource * and requires that tag on the new pool, and the boundary denies environment=prod.',
      ...regional('cognito-idp', ':<AWS::AccountId>:userpool/*'), 'AwsSolutions-IAM5[Resource::*]');
    acknowledge(policy,
      'Read-only: logs:DescribeLogGroups only accepts the log-group:* resource; CloudFormation calls it when creating any log group.',
      ...regional('logs', ':<AWS::AccountId>:log-group:*'));
    acknowledge(policy,
      'Read-only: the previews assets bucket holds content-hashed object keys that cannot be known in advance; Lambda reads code from it with the caller credentials.',
      ...wildcardArnFindings(props.regions, (r) => `s3:::cdk-${props.previewCdkQualifier}-assets-<AWS::AccountId>-${r}/*`));
    for (const { reason, ids } of containers.acknowledgements) acknowledge(policy, reason, ...ids);
    acknowledge(policy,
      'Read-only: preview stacks resolve the platform SSM parameters (/platform/*) published by the platform stack; the set grows with conventions.md.',
      ...regional('ssm', ':<AWS::AccountId>:parameter/platform/*'));
  }
}
