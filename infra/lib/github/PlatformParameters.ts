import { Construct } from 'constructs';
import { Aws, aws_iam as iam, aws_ssm as ssm } from 'aws-cdk-lib';
import { PLATFORM_PARAMETERS } from '@serverless-axum/cdk';
import { acknowledge, wildcardArnFinding } from '../acknowledge';
import { AccountKind, PlatformConfig, holdsPreviews, holdsProd } from '../config';
import { PreviewNetwork } from '../network';
import { cdkBootstrapRoleName } from './cdkBootstrapRoleArns';
import { GITHUB_OIDC_HOST } from './githubSubjects';
import { PREVIEW_BOUNDARY_NAME, PREVIEW_EXECUTION_ROLE_NAME, iamArn, platformParametersArn } from './platformRoleNames';

/** SSM parameters (conventions.md) that service stacks and workflows read in each region: the CDK library's contract. */
export { PLATFORM_PARAMETERS };

export interface PlatformParametersProps {
  readonly config: PlatformConfig;
  readonly kind: AccountKind;
  /** The preview network of this region (accounts that hold previews). */
  readonly previewNetwork?: PreviewNetwork;
}

/**
 * The per-region half of GitHub deploy access. IAM is global, so the ARNs are built from the fixed names rather than
 * referenced across regions. In a prod account it also lets the CDK bootstrap deploy role read `/platform/*`:
 * CloudFormation resolves SSM-typed stack parameters (the alerts topic of every service stack) with the caller's
 * rights, and the bootstrap template grants its deploy role only the bootstrap version parameter.
 */
export class PlatformParameters extends Construct {
  constructor(scope: Construct, id: string, props: PlatformParametersProps) {
    super(scope, id);
    const { config, kind } = props;
    const parameter = (cid: string, parameterName: string, stringValue: string, description: string) =>
      new ssm.StringParameter(this, cid, { parameterName, stringValue, description });
    parameter('ProviderArnParameter', PLATFORM_PARAMETERS.oidcProviderArn, iamArn('oidc-provider', GITHUB_OIDC_HOST),
      'ARN of the GitHub OIDC identity provider');
    if (holdsPreviews(kind)) {
      parameter('PreviewExecutionRoleArnParameter', PLATFORM_PARAMETERS.previewExecutionRoleArn, iamArn('role', PREVIEW_EXECUTION_ROLE_NAME),
        'CloudFormation execution role for preview deploys (cdk deploy --role-arn)');
      parameter('PreviewBoundaryArnParameter', PLATFORM_PARAMETERS.previewBoundaryArn, iamArn('policy', PREVIEW_BOUNDARY_NAME),
        'Permissions boundary every role in a preview stack must carry');
    }
    if (props.previewNetwork) {
      const network = props.previewNetwork;
      parameter('PreviewVpcIdParameter', PLATFORM_PARAMETERS.previewVpcId, network.vpc.vpcId, 'VPC Fargate previews run in');
      parameter('PreviewPublicSubnetIdsParameter', PLATFORM_PARAMETERS.previewPublicSubnetIds, network.publicSubnetIds,
        'Public subnets of the preview network, comma-separated');
    }
    if (holdsProd(kind)) {
      const deployRole = iam.Role.fromRoleName(this, 'CdkDeployRole', cdkBootstrapRoleName(config.cdkQualifier, 'deploy'));
      const policy = new iam.Policy(this, 'CdkDeployRoleReadsPlatformParameters', {
        roles: [deployRole],
        statements: [new iam.PolicyStatement({
          sid: 'ResolvePlatformParameters', actions: ['ssm:GetParameter', 'ssm:GetParameters'],
          resources: [platformParametersArn(Aws.REGION)],
        })],
      });
      acknowledge(policy,
        'Read-only: CloudFormation resolves the platform SSM parameters (/platform/*) of service stacks with the deploy role rights; the set grows with conventions.md.',
        wildcardArnFinding('ssm:<AWS::Region>:<AWS::AccountId>:parameter/platform/*'));
    }
  }
}
