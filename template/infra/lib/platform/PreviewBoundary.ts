import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';

/**
 * SSM parameter the platform account stack publishes the preview permissions boundary's ARN under
 * (docs/account-setup.md). The preview execution role may only create roles that carry exactly this boundary.
 */
export const PREVIEW_BOUNDARY_PARAMETER = '/platform/preview-permissions-boundary-arn';

/**
 * Puts the preview permissions boundary on every IAM role of `stack`, CDK's own provider roles included
 * (`PermissionsBoundary` is an aspect over every `AWS::IAM::Role`, L1 and raw `CfnResource` alike).
 * By default the ARN is resolved by CloudFormation at deploy time (an `AWS::SSM::Parameter::Value<String>` stack
 * parameter: nothing is looked up at synth); `boundaryArn` (context `previewBoundaryArn`) replaces it in an account
 * without the platform stack.
 */
export function applyPreviewBoundary(stack: Stack, boundaryArn?: string): void {
  const arn = boundaryArn ?? ssm.StringParameter.valueForStringParameter(stack, PREVIEW_BOUNDARY_PARAMETER);
  iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.fromManagedPolicyArn(stack, 'PreviewPermissionsBoundary', arn));
}
