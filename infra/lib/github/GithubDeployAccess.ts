import { Construct } from 'constructs';
import { Aws, aws_iam as iam, aws_ssm as ssm } from 'aws-cdk-lib';
import { acknowledge } from '../acknowledge';
import { PlatformConfig } from '../config';
import { cdkBootstrapRoleArn, cdkBootstrapVersionParameterArn } from './cdkBootstrapRoleArns';
import { GithubDeployRole } from './GithubDeployRole';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, mainDeploySubjects, previewDeploySubjects, rebuildSubject } from './githubSubjects';
import { PreviewBoundary, fencedStackArns } from './PreviewBoundary';
import { PreviewExecutionRole } from './PreviewExecutionRole';

export interface GithubDeployAccessProps {
  readonly config: PlatformConfig;
}

/** Role names are fixed so workflows can build the ARNs from the account id alone. */
export const DEPLOY_ROLE_NAME = 'platform-github-deploy';
export const PREVIEW_ROLE_NAME = 'platform-github-preview';
export const REBUILD_ROLE_NAME = 'platform-github-rebuild';

/** CloudFormation actions the CDK CLI uses to deploy and destroy a stack. */
const CDK_STACK_ACTIONS = [
  'cloudformation:CreateChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:DescribeChangeSet',
  'cloudformation:ExecuteChangeSet', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents',
  'cloudformation:GetTemplate', 'cloudformation:DeleteStack', 'cloudformation:RollbackStack',
  'cloudformation:ContinueUpdateRollback',
];

/**
 * GitHub Actions access to this account: the OIDC provider and three roles.
 *
 * - `platform-github-deploy` (default branch / `prod` environment): may only assume the CDK bootstrap roles.
 * - `platform-github-preview` (pull requests / `pr-*` environments): never assumes the bootstrap deploy role (whose
 *   execution role is AdministratorAccess). It deploys with its own credentials, on `*-pr-*` stacks only, passing the
 *   boundary-limited `platform-preview-cfn-exec` role (`cdk deploy --role-arn`). See docs/account-setup.md.
 * - `platform-github-rebuild` (platform repo, `rebuild` environment with required reviewers): runs `cdk bootstrap`.
 */
export class GithubDeployAccess extends Construct {
  public readonly provider: iam.OidcProviderNative;
  public readonly deployRole: iam.Role;
  public readonly previewRole: iam.Role;
  public readonly rebuildRole: iam.Role;
  public readonly previewExecutionRole: iam.Role;
  public readonly previewBoundary: PreviewBoundary;

  constructor(scope: Construct, id: string, props: GithubDeployAccessProps) {
    super(scope, id);
    const { config } = props;
    const q = config.cdkQualifier;

    this.provider = new iam.OidcProviderNative(this, 'Provider', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIds: [GITHUB_OIDC_AUDIENCE],
    });

    this.deployRole = new GithubDeployRole(this, 'Deploy', {
      provider: this.provider, roleName: DEPLOY_ROLE_NAME, exactSubjects: mainDeploySubjects(config),
      description: 'GitHub Actions prod deploys: assumes the CDK bootstrap roles only',
    }).role;
    this.deployRole.addToPolicy(new iam.PolicyStatement({
      sid: 'AssumeCdkBootstrapRoles', actions: ['sts:AssumeRole', 'sts:TagSession'],
      resources: (['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const).map((r) => cdkBootstrapRoleArn(q, r)),
    }));

    this.previewBoundary = new PreviewBoundary(this, 'PreviewBoundary');
    this.previewExecutionRole = new PreviewExecutionRole(this, 'PreviewExecution', {
      boundary: this.previewBoundary.policy, boundaryArn: this.previewBoundary.policyArn, cdkQualifier: q,
    }).role;

    this.previewRole = new GithubDeployRole(this, 'Preview', {
      provider: this.provider, roleName: PREVIEW_ROLE_NAME, subjectPatterns: previewDeploySubjects(config),
      description: 'GitHub Actions pull-request previews: *-pr-* stacks only, via the preview execution role',
    }).role;
    this.previewRole.addToPolicy(new iam.PolicyStatement({
      sid: 'AssumeCdkAssetAndLookupRoles', actions: ['sts:AssumeRole', 'sts:TagSession'],
      resources: (['file-publishing', 'image-publishing', 'lookup'] as const).map((r) => cdkBootstrapRoleArn(q, r)),
    }));
    this.previewRole.addToPolicy(new iam.PolicyStatement({
      sid: 'PreviewStacks', actions: CDK_STACK_ACTIONS,
      resources: [`arn:${Aws.PARTITION}:cloudformation:${Aws.REGION}:${Aws.ACCOUNT_ID}:stack/*-pr-*/*`],
    }));
    this.previewRole.addToPolicy(new iam.PolicyStatement({
      sid: 'NeverFencedStacks', effect: iam.Effect.DENY, actions: ['cloudformation:*'], resources: fencedStackArns(),
    }));
    // The preview janitor lists this account's stacks to find expired previews by their tags: read-only, and
    // CloudFormation only grants ListStacks (and DescribeStacks without a stack name) on every stack.
    this.previewRole.addToPolicy(new iam.PolicyStatement({
      sid: 'JanitorListsStacks', actions: ['cloudformation:ListStacks', 'cloudformation:DescribeStacks'], resources: ['*'],
    }));
    this.previewRole.addToPolicy(new iam.PolicyStatement({
      sid: 'ReadBootstrapVersion', actions: ['ssm:GetParameter'], resources: [cdkBootstrapVersionParameterArn(q)],
    }));
    this.previewRole.addToPolicy(new iam.PolicyStatement({
      sid: 'PassPreviewExecutionRole', actions: ['iam:PassRole'], resources: [this.previewExecutionRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
    }));

    this.rebuildRole = new GithubDeployRole(this, 'Rebuild', {
      provider: this.provider, roleName: REBUILD_ROLE_NAME, exactSubjects: [rebuildSubject(config)],
      description: 'GitHub Actions account rebuild (cdk bootstrap + platform-account), rebuild environment only',
    }).role;
    this.rebuildRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
    acknowledge(this.rebuildRole,
      'cdk bootstrap creates IAM roles, an S3 bucket, an ECR repository and SSM parameters, and the platform stack manages IAM; only the platform repo rebuild environment (required reviewers) can assume this role. See docs/rebuild.md.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]');
    acknowledge(this.previewRole,
      'Preview stack names are <service>-pr-<n>-<app|data> and not known in advance; the wildcard is confined to -pr- stacks, and an explicit Deny keeps *-prod-*, platform-* and CDKToolkit out.',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/*-pr-*/*]');
    acknowledge(this.previewRole,
      'The preview janitor must list every stack to find expired previews by tag; ListStacks and unnamed DescribeStacks only accept Resource "*", and both are read-only.',
      'AwsSolutions-IAM5[Resource::*]');

    new ssm.StringParameter(this, 'ProviderArnParameter', {
      parameterName: '/platform/github-oidc-provider-arn',
      stringValue: this.provider.oidcProviderArn,
      description: 'ARN of the GitHub OIDC identity provider',
    });
    new ssm.StringParameter(this, 'PreviewExecutionRoleArnParameter', {
      parameterName: '/platform/preview-cfn-exec-role-arn',
      stringValue: this.previewExecutionRole.roleArn,
      description: 'CloudFormation execution role for preview deploys (cdk deploy --role-arn)',
    });
    new ssm.StringParameter(this, 'PreviewBoundaryArnParameter', {
      parameterName: '/platform/preview-permissions-boundary-arn',
      stringValue: this.previewBoundary.policyArn,
      description: 'Permissions boundary every role in a preview stack must carry',
    });
  }
}
