import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PLATFORM_PARAMETERS } from '../contracts';

/**
 * Puts the preview permissions boundary on every IAM role of `stack`, CDK's own provider roles included
 * (`PermissionsBoundary` is an aspect over every `AWS::IAM::Role`, L1 and raw `CfnResource` alike).
 * By default the ARN is resolved by CloudFormation at deploy time (an `AWS::SSM::Parameter::Value<String>` stack
 * parameter: nothing is looked up at synth); `boundaryArn` (context `previewBoundaryArn`) replaces it in an account
 * without the platform stack.
 */
export function applyPreviewBoundary(stack: Stack, boundaryArn?: string): void {
  const arn = boundaryArn ?? ssm.StringParameter.valueForStringParameter(stack, PLATFORM_PARAMETERS.previewBoundaryArn);
  iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.fromManagedPolicyArn(stack, 'PreviewPermissionsBoundary', arn));
}
