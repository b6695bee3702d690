import { Aws } from 'aws-cdk-lib';
import { PLATFORM_PARAMETER_PREFIX, PLATFORM_ROLE_NAMES, PREVIEW_NAME_PATTERN } from '@serverless-axum/cdk';

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
