import { Construct } from 'constructs';
import { Aws, aws_iam as iam } from 'aws-cdk-lib';
import { acknowledge, wildcardArnFindings } from '../acknowledge';
import { AccountKind, PlatformConfig, holdsPreviews, holdsProd } from '../config';
import { cdkAssetsBucketName, cdkBootstrapRoleArn, cdkContainerAssetsRepositoryName } from './cdkBootstrapRoleArns';
import { GithubDeployRole } from './GithubDeployRole';
import { grantProdOperations } from './grantProdOperations';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, mainDeploySubjects, previewDeploySubjects, rebuildSubject } from './githubSubjects';
import { PreviewBoundary } from './PreviewBoundary';
import { PreviewExecutionRole } from './PreviewExecutionRole';
import {
  DEPLOY_ROLE_NAME, PREVIEW_NAME_PATTERN, PREVIEW_RESOURCE_TAG_CONDITION, PREVIEW_ROLE_NAME, PROD_SERVICE_RESOURCE_TAG_CONDITION,
  REBUILD_ROLE_NAME, fencedStackArns, inEachRegion, platformParametersArn, userPoolsArn,
} from './platformRoleNames';

export interface GithubDeployAccessProps {
  readonly config: PlatformConfig;
  /** Which side of the platform this account runs. */
  readonly kind: AccountKind;
}

/** CloudFormation actions the CDK CLI uses to deploy and destroy a stack with its own credentials. */
const CDK_STACK_ACTIONS = [
  'cloudformation:CreateChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:DescribeChangeSet',
  'cloudformation:ExecuteChangeSet', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents',
  'cloudformation:DescribeStackResources', 'cloudformation:ListStackResources', 'cloudformation:GetTemplate',
  'cloudformation:GetTemplateSummary', 'cloudformation:DeleteStack', 'cloudformation:RollbackStack',
  'cloudformation:ContinueUpdateRollback',
];

/**
 * GitHub Actions access to one account: the OIDC provider and the roles that account's side needs.
 *
 * - prod: `platform-github-deploy`, trusted only by each fleet repository's deploy.yml on its default branch in the
 *   `prod` environment; it may only assume the CDK bootstrap roles of the prod qualifier, read the app clients of
 *   prod service user pools (the smoke tests' client secret), and operate prod service environments with the
 *   serverless-axum CLI (grantProdOperations: reads, the `live` alias, delivery metrics).
 * - preview: `platform-github-preview`, trusted by preview.yml of pull requests and janitor.yml; it carries the
 *   preview boundary, assumes no role at all, and deploys `*-pr-*` stacks with its own credentials (CDK's
 *   CliCredentialsStackSynthesizer), passing the boundary-limited `platform-preview-cfn-exec` role.
 * - both: `platform-github-rebuild` (AdministratorAccess), trusted only by the platform repo's rebuild.yml on main
 *   in the `rebuild` environment (required reviewers).
 */
export class GithubDeployAccess extends Construct {
  public readonly provider: iam.OidcProviderNative;
  public readonly rebuildRole: iam.Role;
  public readonly deployRole?: iam.Role;
  public readonly previewRole?: iam.Role;
  public readonly previewExecutionRole?: iam.Role;
  public readonly previewBoundary?: PreviewBoundary;

  constructor(scope: Construct, id: string, props: GithubDeployAccessProps) {
    super(scope, id);
    const { config, kind } = props;

    this.provider = new iam.OidcProviderNative(this, 'Provider', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIds: [GITHUB_OIDC_AUDIENCE],
    });

    if (holdsProd(kind)) this.deployRole = this.createDeployRole(config);
    if (holdsPreviews(kind)) {
      this.previewBoundary = new PreviewBoundary(this, 'PreviewBoundary', { regions: config.regions });
      this.previewExecutionRole = new PreviewExecutionRole(this, 'PreviewExecution', {
        boundary: this.previewBoundary.policy, boundaryArn: this.previewBoundary.policyArn,
        previewCdkQualifier: config.previewCdkQualifier, regions: config.regions,
      }).role;
      this.previewRole = this.createPreviewRole(config, this.previewBoundary, this.previewExecutionRole);
    }

    this.rebuildRole = new GithubDeployRole(this, 'Rebuild', {
      provider: this.provider, roleName: REBUILD_ROLE_NAME, exactSubjects: [rebuildSubject(config)],
      description: 'GitHub Actions account rebuild (cdk bootstrap + platform stacks): rebuild.yml on main, rebuild environment',
    }).role;
    this.rebuildRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
    acknowledge(this.rebuildRole,
      'cdk bootstrap creates IAM roles, an S3 bucket, an ECR repository and SSM parameters, and the platform stack manages IAM; only the platform repo rebuild.yml on main in the rebuild environment (required reviewers) can assume this role. See docs/rebuild.md.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]');
  }

  private createDeployRole(config: PlatformConfig): iam.Role {
    const role = new GithubDeployRole(this, 'Deploy', {
      provider: this.provider, roleName: DEPLOY_ROLE_NAME, exactSubjects: mainDeploySubjects(config),
      description: 'GitHub Actions prod deploys (deploy.yml on the default branch, prod environment): assumes the CDK bootstrap roles, operates prod service environments (live alias, alarms, dashboards, delivery metrics)',
    }).role;
    // deploy.yml reads the secret of the prod machine client for its smoke tests (Cognito auth): prod service pools
    // only (environment=prod, managed-by=cdk; pool ARNs carry a random id).
    role.addToPolicy(new iam.PolicyStatement({
      sid: 'ReadProdUserPoolClients', actions: ['cognito-idp:DescribeUserPoolClient'],
      resources: config.regions.map(userPoolsArn), conditions: PROD_SERVICE_RESOURCE_TAG_CONDITION,
    }));
    acknowledge(role,
      'Cognito user pool ARNs end in a random id: deploy.yml may only read app clients of service pools tagged environment=prod and managed-by=cdk, for the smoke tests token of the prod machine client.',
      ...wildcardArnFindings(config.regions, (r) => `cognito-idp:${r}:<AWS::AccountId>:userpool/*`));
    role.addToPolicy(new iam.PolicyStatement({
      sid: 'AssumeCdkBootstrapRoles', actions: ['sts:AssumeRole', 'sts:TagSession'],
      resources: config.regions.flatMap((region) => (['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const)
        .map((r) => cdkBootstrapRoleArn(config.cdkQualifier, r, region))),
    }));
    grantProdOperations(role, config.regions);
    return role;
  }

  private createPreviewRole(config: PlatformConfig, boundary: PreviewBoundary, executionRole: iam.Role): iam.Role {
    const p = Aws.PARTITION;
    const a = Aws.ACCOUNT_ID;
    const each = (build: (region: string) => string) => inEachRegion(config.regions, build);
    const role = new GithubDeployRole(this, 'Preview', {
      provider: this.provider, roleName: PREVIEW_ROLE_NAME, subjectPatterns: previewDeploySubjects(config),
      description: 'GitHub Actions pull-request previews and their janitor: *-pr-* stacks only, via the preview execution role',
      permissionsBoundary: boundary.policy,
    }).role;
    const assets = (region: string) => `arn:${p}:s3:::${cdkAssetsBucketName(config.previewCdkQualifier, region)}`;
    const statements = [
      new iam.PolicyStatement({
        sid: 'PreviewStacks', actions: CDK_STACK_ACTIONS, resources: each((r) => `arn:${p}:cloudformation:${r}:${a}:stack/${PREVIEW_NAME_PATTERN}/*`),
      }),
      new iam.PolicyStatement({
        sid: 'NeverFencedStacks', effect: iam.Effect.DENY, actions: ['cloudformation:*'], resources: fencedStackArns(config.regions),
      }),
      // The janitor lists the account's stacks to find expired previews by their tags: read-only, and CloudFormation
      // only grants ListStacks (and DescribeStacks without a stack name) on every stack.
      new iam.PolicyStatement({
        sid: 'JanitorListsStacks', actions: ['cloudformation:ListStacks', 'cloudformation:DescribeStacks'], resources: ['*'],
      }),
      // CliCredentialsStackSynthesizer: the CLI uploads assets itself, into the previews qualifier's bucket only.
      new iam.PolicyStatement({
        sid: 'PublishPreviewAssets', actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: config.regions.flatMap((r) => [assets(r), `${assets(r)}/*`]),
      }),
      // The image of a Fargate preview, built from the service's Dockerfile: pushed into the previews qualifier's
      // container assets repository only (ECR's login token is not per repository).
      new iam.PolicyStatement({
        sid: 'PublishPreviewImages',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload',
          'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DescribeImages', 'ecr:DescribeRepositories'],
        resources: each((r) => `arn:${p}:ecr:${r}:${a}:repository/${cdkContainerAssetsRepositoryName(config.previewCdkQualifier, r)}`),
      }),
      new iam.PolicyStatement({ sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      // CloudFormation resolves SSM-typed stack parameters (/platform/...) with the caller's rights.
      new iam.PolicyStatement({
        sid: 'ReadPlatformParameters', actions: ['ssm:GetParameter', 'ssm:GetParameters'],
        resources: each(platformParametersArn),
      }),
      // preview.yml reads the secret of the preview's machine client for its smoke tests (Cognito auth): previews'
      // pools only, told apart by their environment tag (pool ARNs carry a random id).
      new iam.PolicyStatement({
        sid: 'ReadPreviewUserPoolClients', actions: ['cognito-idp:DescribeUserPoolClient'], resources: each(userPoolsArn),
        conditions: PREVIEW_RESOURCE_TAG_CONDITION,
      }),
      new iam.PolicyStatement({
        sid: 'PassPreviewExecutionRole', actions: ['iam:PassRole'], resources: [executionRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }),
    ];
    for (const statement of statements) role.addToPolicy(statement);
    const regional = (rest: (r: string) => string) => wildcardArnFindings(config.regions, rest);
    acknowledge(role,
      'Preview stack names are <service>-pr-<n>-<app|data> and not known in advance; the wildcard is confined to -pr- stacks, and an explicit Deny keeps *-prod-*, platform-* and CDKToolkit* out.',
      ...regional((r) => `cloudformation:${r}:<AWS::AccountId>:stack/*-pr-*/*`));
    acknowledge(role,
      'The preview janitor must list every stack to find expired previews by tag; ListStacks and unnamed DescribeStacks only accept Resource "*", and both are read-only; ecr:GetAuthorizationToken (the registry login before an image push) accepts no resource either.',
      'AwsSolutions-IAM5[Resource::*]');
    acknowledge(role,
      'CDK asset object keys are content hashes not known in advance; the bucket is the previews qualifier bucket, which no prod deploy reads.',
      ...regional((r) => `s3:::cdk-${config.previewCdkQualifier}-assets-<AWS::AccountId>-${r}/*`));
    acknowledge(role,
      'Cognito user pool ARNs end in a random id: preview.yml may only read app clients of pools tagged environment=pr-* (its smoke tests ask the preview pool for a token), and the boundary denies environment=prod.',
      ...regional((r) => `cognito-idp:${r}:<AWS::AccountId>:userpool/*`));
    acknowledge(role,
      'Read-only: CloudFormation resolves the platform SSM parameters (/platform/*) of a preview stack with the caller rights.',
      ...regional((r) => `ssm:${r}:<AWS::AccountId>:parameter/platform/*`));
    return role;
  }
}
