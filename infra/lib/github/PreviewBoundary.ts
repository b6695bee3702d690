import { Construct } from 'constructs';
import { Aws, aws_iam as iam } from 'aws-cdk-lib';
import { acknowledge } from '../acknowledge';

export interface PreviewBoundaryProps {
  /** Name of the managed policy. @default "platform-preview-boundary" */
  readonly managedPolicyName?: string;
}

/** Stack names a preview may never create, change or delete. */
export const FENCED_STACK_PATTERNS = ['*-prod-*', 'platform-*', 'CDKToolkit'];

/** ARNs of the fenced stacks in this account and region. */
export function fencedStackArns(): string[] {
  return FENCED_STACK_PATTERNS.map(
    (name) => `arn:${Aws.PARTITION}:cloudformation:${Aws.REGION}:${Aws.ACCOUNT_ID}:stack/${name}/*`,
  );
}

/**
 * Permissions boundary for everything a preview deploy creates or runs as: the preview CloudFormation execution
 * role and every IAM role inside a preview stack. It allows at most what the identity policy grants, minus anything
 * on a resource tagged `environment=prod` or `service=platform`, minus the fenced stacks, and it cannot be removed.
 */
export class PreviewBoundary extends Construct {
  public readonly policy: iam.ManagedPolicy;
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: PreviewBoundaryProps = {}) {
    super(scope, id);
    const name = props.managedPolicyName ?? 'platform-preview-boundary';
    // Computed from the name, so the policy can refer to itself without a circular reference.
    this.policyArn = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${name}`;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: name,
      description: 'Upper bound for preview deploys: never prod-tagged, platform or fenced-stack resources',
      statements: [
        new iam.PolicyStatement({ sid: 'UpperBound', actions: ['*'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'DenyProdResources', effect: iam.Effect.DENY, actions: ['*'], resources: ['*'],
          conditions: { StringEquals: { 'aws:ResourceTag/environment': 'prod' } },
        }),
        new iam.PolicyStatement({
          sid: 'DenyTaggingAsProd', effect: iam.Effect.DENY, actions: ['*'], resources: ['*'],
          conditions: { StringEquals: { 'aws:RequestTag/environment': 'prod' } },
        }),
        new iam.PolicyStatement({
          sid: 'DenyPlatformResourcesButParameterReads', effect: iam.Effect.DENY,
          notActions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: ['*'],
          conditions: { StringEquals: { 'aws:ResourceTag/service': 'platform' } },
        }),
        new iam.PolicyStatement({
          sid: 'DenyFencedStacks', effect: iam.Effect.DENY, actions: ['cloudformation:*'], resources: fencedStackArns(),
        }),
        new iam.PolicyStatement({
          sid: 'DenyBoundaryEdits', effect: iam.Effect.DENY,
          actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
          resources: [this.policyArn],
        }),
        new iam.PolicyStatement({
          sid: 'DenyBoundaryRemoval', effect: iam.Effect.DENY,
          actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'], resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyPrincipalsWithoutThisBoundary', effect: iam.Effect.DENY,
          actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:CreateUser', 'iam:PutUserPermissionsBoundary'],
          resources: ['*'],
          conditions: { StringNotEquals: { 'iam:PermissionsBoundary': this.policyArn } },
        }),
      ],
    });
    acknowledge(this.policy,
      'A permissions boundary is an upper bound, not a grant: Allow */* is the standard base and the Deny statements are its content. Effective rights are the intersection with the identity policy.',
      'AwsSolutions-IAM5[Action::*]', 'AwsSolutions-IAM5[Resource::*]');
  }
}
