import { Aws } from 'aws-cdk-lib';

/** The roles `cdk bootstrap` creates, by their fixed names. */
export type CdkBootstrapRole = 'deploy' | 'file-publishing' | 'image-publishing' | 'lookup';

/** ARN of a CDK bootstrap role for `qualifier` in this stack's account and region. */
export function cdkBootstrapRoleArn(qualifier: string, role: CdkBootstrapRole): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-${qualifier}-${role}-role-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** ARN of the SSM parameter holding the bootstrap version for `qualifier`. */
export function cdkBootstrapVersionParameterArn(qualifier: string): string {
  return `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter/cdk-bootstrap/${qualifier}/version`;
}
