import { Aws } from 'aws-cdk-lib';
import {
  MANAGED_BY, PLATFORM_PARAMETER_PREFIX, PLATFORM_ROLE_NAMES, PREVIEW_ENVIRONMENT_TAG_PATTERN, PREVIEW_NAME_PATTERN, PROD_ENV, TAG,
} from '@serverless-axum/cdk';

/** Role and policy names are fixed so workflows and service stacks can build the ARNs from the account id alone. */
export const DEPLOY_ROLE_NAME = PLATFORM_ROLE_NAMES.deploy;
export const PREVIEW_ROLE_NAME = PLATFORM_ROLE_NAMES.preview;
export const REBUILD_ROLE_NAME = PLATFORM_ROLE_NAMES.rebuild;
export const PREVIEW_EXECUTION_ROLE_NAME = PLATFORM_ROLE_NAMES.previewExecution;
export const PREVIEW_BOUNDARY_NAME = PLATFORM_ROLE_NAMES.previewBoundary;

/** Every preview resource name contains its environment, `pr-<n>` (conventions.md): `<service>-pr-<n>-...`. */
export { PREVIEW_NAME_PATTERN };

/** Stack names a preview may never create, change or delete. */
export const FENCED_STACK_PATTERNS = ['*-prod-*', 'platform-*', 'CDKToolkit*'];

/** `arn:<partition>:iam::<this account>:<kind>/<name>`. */
export function iamArn(kind: 'role' | 'policy' | 'oidc-provider', name: string): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:${kind}/${name}`;
}

/** ARN of every platform SSM parameter (`/platform/*`) in this account and `region`. */
export function platformParametersArn(region: string): string {
  return `arn:${Aws.PARTITION}:ssm:${region}:${Aws.ACCOUNT_ID}:parameter${PLATFORM_PARAMETER_PREFIX}*`;
}

/** One ARN per region: `build(region)` for each. */
export function inEachRegion(regions: readonly string[], build: (region: string) => string): string[] {
  return regions.map(build);
}

/** CloudFormation ARNs of the fenced stacks in this account, in every region. */
export function fencedStackArns(regions: readonly string[]): string[] {
  return regions.flatMap((region) => FENCED_STACK_PATTERNS.map(
    (name) => `arn:${Aws.PARTITION}:cloudformation:${region}:${Aws.ACCOUNT_ID}:stack/${name}/*`,
  ));
}

/** ARN of every Cognito user pool in this account and `region` (pool ids are random: pools are told apart by their tags). */
export function userPoolsArn(region: string): string {
  return `arn:${Aws.PARTITION}:cognito-idp:${region}:${Aws.ACCOUNT_ID}:userpool/*`;
}

/** Condition: the resource is a preview's (its `environment` tag is `pr-*`; services tag every resource, conventions.md). */
export const PREVIEW_RESOURCE_TAG_CONDITION = { StringLike: { [`aws:ResourceTag/${TAG.environment}`]: PREVIEW_ENVIRONMENT_TAG_PATTERN } };

/** Condition: the request tags the new resource as a preview's (`environment=pr-*`): tag-on-create of random-id resources. */
export const PREVIEW_REQUEST_TAG_CONDITION = { StringLike: { [`aws:RequestTag/${TAG.environment}`]: PREVIEW_ENVIRONMENT_TAG_PATTERN } };

/** Condition: the resource is prod's and a service stack's (`environment=prod`, `managed-by=cdk`). */
export const PROD_SERVICE_RESOURCE_TAG_CONDITION = {
  StringEquals: { [`aws:ResourceTag/${TAG.environment}`]: PROD_ENV, [`aws:ResourceTag/${TAG.managedBy}`]: MANAGED_BY },
};
