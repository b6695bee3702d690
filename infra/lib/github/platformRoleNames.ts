import { Aws } from 'aws-cdk-lib';

/** Role and policy names are fixed so workflows and service stacks can build the ARNs from the account id alone. */
export const DEPLOY_ROLE_NAME = 'platform-github-deploy';
export const PREVIEW_ROLE_NAME = 'platform-github-preview';
export const REBUILD_ROLE_NAME = 'platform-github-rebuild';
export const PREVIEW_EXECUTION_ROLE_NAME = 'platform-preview-cfn-exec';
export const PREVIEW_BOUNDARY_NAME = 'platform-preview-boundary';

/** Every preview resource name contains its environment, `pr-<n>` (conventions.md): `<service>-pr-<n>-...`. */
export const PREVIEW_NAME_PATTERN = '*-pr-*';

/** Stack names a preview may never create, change or delete. */
export const FENCED_STACK_PATTERNS = ['*-prod-*', 'platform-*', 'CDKToolkit*'];

/** `arn:<partition>:iam::<this account>:<kind>/<name>`. */
export function iamArn(kind: 'role' | 'policy' | 'oidc-provider', name: string): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:${kind}/${name}`;
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
