import { Construct } from 'constructs';
import { aws_iam as iam } from 'aws-cdk-lib';
import { acknowledge } from '../acknowledge';
import {
  PREVIEW_BOUNDARY_NAME, PREVIEW_EXECUTION_ROLE_NAME, PREVIEW_NAME_PATTERN, fencedStackArns, iamArn,
} from './platformRoleNames';

export interface PreviewBoundaryProps {
  /** Regions whose fenced stacks are denied. */
  readonly regions: readonly string[];
}

/** IAM actions that make or change credentials or identity providers: no preview ever needs one. */
const CREDENTIAL_ACTIONS = [
  'iam:CreateUser', 'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential', 'iam:UploadSSHPublicKey', 'iam:UploadSigningCertificate',
  'iam:CreateGroup', 'iam:AddUserToGroup', 'iam:AttachGroupPolicy', 'iam:PutGroupPolicy',
  'iam:CreateOpenIDConnectProvider', 'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:AddClientIDToOpenIDConnectProvider',
  'iam:CreateSAMLProvider', 'iam:UpdateSAMLProvider', 'iam:CreateVirtualMFADevice', 'iam:DeactivateMFADevice',
];

/** Actions on a principal that are safe only when the principal carries this boundary (`iam:PermissionsBoundary`). */
const BOUNDED_PRINCIPAL_ACTIONS = [
  'iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy',
  'iam:DeleteRolePolicy', 'iam:PutUserPermissionsBoundary', 'iam:AttachUserPolicy', 'iam:DetachUserPolicy',
  'iam:PutUserPolicy', 'iam:DeleteUserPolicy',
];

/**
 * Permissions boundary for everything a preview runs as: the GitHub preview role, the preview CloudFormation
 * execution role, and every role a preview stack creates. A pull request can edit the identity policies of its own
 * roles, so this boundary is what it cannot get past: it allows at most the identity policy, minus
 * - anything on a resource tagged `environment=prod` or `service=platform` (but reading the platform's parameters and
 *   creating a security group in its preview network), or tagging anything as prod;
 * - the fenced stacks (`*-prod-*`, `platform-*`, `CDKToolkit*`);
 * - assuming or passing any role but the previews' own (`*-pr-*`, which can only be created with this boundary),
 *   so the CDK bootstrap roles (deploy → AdministratorAccess execution role, lookup → ReadOnlyAccess) are out of reach;
 * - creating, changing or attaching policies to a principal without this boundary, or changing a trust policy or a
 *   managed policy that is not a preview's own;
 * - users, access keys, login profiles, groups and identity providers;
 * - removing or editing the boundary itself, and leaving the account or the organization.
 */
export class PreviewBoundary extends Construct {
  public readonly policy: iam.ManagedPolicy;
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: PreviewBoundaryProps) {
    super(scope, id);
    // Computed from the name, so the policy can refer to itself without a circular reference.
    this.policyArn = iamArn('policy', PREVIEW_BOUNDARY_NAME);
    const previewRoles = iamArn('role', PREVIEW_NAME_PATTERN);
    const deny = (sid: string, rest: Omit<iam.PolicyStatementProps, 'sid' | 'effect'>) =>
      new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, ...rest });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: PREVIEW_BOUNDARY_NAME,
      description: 'Upper bound of everything a pull-request preview runs as: never prod, platform, other roles or credentials',
      statements: [
        new iam.PolicyStatement({ sid: 'UpperBound', actions: ['*'], resources: ['*'] }),
        deny('DenyProdResources', { actions: ['*'], resources: ['*'], conditions: { StringEquals: { 'aws:ResourceTag/environment': 'prod' } } }),
        deny('DenyTaggingAsProd', { actions: ['*'], resources: ['*'], conditions: { StringEquals: { 'aws:RequestTag/environment': 'prod' } } }),
        // Previews read the platform's parameters, and put their security groups in its preview network.
        deny('DenyPlatformResourcesButParametersAndPreviewNetwork', {
          notActions: ['ssm:GetParameter', 'ssm:GetParameters', 'ec2:CreateSecurityGroup'], resources: ['*'],
          conditions: { StringEquals: { 'aws:ResourceTag/service': 'platform' } },
        }),
        deny('DenyFencedStacks', { actions: ['cloudformation:*'], resources: fencedStackArns(props.regions) }),
        deny('DenyAssumingRolesButPreviews', {
          actions: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'], notResources: [previewRoles],
        }),
        deny('DenyPassingRolesButPreviews', {
          actions: ['iam:PassRole'], notResources: [previewRoles, iamArn('role', PREVIEW_EXECUTION_ROLE_NAME)],
        }),
        deny('DenyPrincipalsWithoutThisBoundary', {
          actions: BOUNDED_PRINCIPAL_ACTIONS, resources: ['*'],
          conditions: { StringNotEquals: { 'iam:PermissionsBoundary': this.policyArn } },
        }),
        deny('DenyTrustAndRoleEditsButPreviews', {
          actions: ['iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:DeleteRole'],
          notResources: [previewRoles],
        }),
        deny('DenyManagedPolicyEditsButPreviews', {
          actions: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy'],
          notResources: [iamArn('policy', PREVIEW_NAME_PATTERN)],
        }),
        deny('DenyBoundaryRemoval', {
          actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'], resources: ['*'],
        }),
        deny('DenyCredentialsAndIdentityProviders', { actions: CREDENTIAL_ACTIONS, resources: ['*'] }),
        deny('DenyAccountOrganizationAndAudit', {
          actions: ['organizations:*', 'account:*', 'iam:CreateAccountAlias', 'iam:DeleteAccountAlias', 'iam:UpdateAccountPasswordPolicy',
            'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'],
          resources: ['*'],
        }),
      ],
    });
    acknowledge(this.policy,
      'A permissions boundary is an upper bound, not a grant: Allow */* is the standard base and the Deny statements are its content. Effective rights are the intersection with the identity policy.',
      'AwsSolutions-IAM5[Action::*]', 'AwsSolutions-IAM5[Resource::*]');
  }
}
