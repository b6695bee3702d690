import { Aws } from 'aws-cdk-lib';
import { iamArn } from './platformRoleNames';

/** The roles `cdk bootstrap` creates, by their fixed names. */
export type CdkBootstrapRole = 'deploy' | 'file-publishing' | 'image-publishing' | 'lookup' | 'cfn-exec';

/** Name of a CDK bootstrap role for `qualifier` in this stack's account and `region`. */
export function cdkBootstrapRoleName(qualifier: string, role: CdkBootstrapRole, region: string = Aws.REGION): string {
  return `cdk-${qualifier}-${role}-role-${Aws.ACCOUNT_ID}-${region}`;
}

/** ARN of a CDK bootstrap role for `qualifier` in this stack's account and `region`. */
export function cdkBootstrapRoleArn(qualifier: string, role: CdkBootstrapRole, region: string = Aws.REGION): string {
  return iamArn('role', cdkBootstrapRoleName(qualifier, role, region));
}

/** Name of the bootstrap assets bucket for `qualifier` in this account and `region`. */
export function cdkAssetsBucketName(qualifier: string, region: string): string {
  return `cdk-${qualifier}-assets-${Aws.ACCOUNT_ID}-${region}`;
}

/** Name of the bootstrap container assets repository (ECR) for `qualifier` in this account and `region`. */
export function cdkContainerAssetsRepositoryName(qualifier: string, region: string): string {
  return `cdk-${qualifier}-container-assets-${Aws.ACCOUNT_ID}-${region}`;
}
