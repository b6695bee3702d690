import { Match } from 'aws-cdk-lib/assertions';
import { PLATFORM_PARAMETERS, PREVIEW_NETWORK_AZS } from '@serverless-axum/cdk';
import { OIDC_SUBJECT_CLAIM_KEYS, PREVIEW_NETWORK_NAME, PREVIEW_ROLE_NAME, repositoriesNeedingSubjectClaims } from '../../lib';
import { synthPlatform } from '../support/synthPlatform';
import { canAssume, githubClaims } from '../support/trustPolicyMatcher';

const synthesized = synthPlatform();
const preview = synthesized.of('preview').template;

function trustOf(roleName: string): { Statement: Record<string, unknown>[] } {
  const roles = preview.findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } });
  const [role] = Object.values(roles) as { Properties: { AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] } } }[];
  expect(role).toBeDefined();
  return role.Properties.AssumeRolePolicyDocument;
}

function policiesOf(roleName: string): Record<string, unknown>[] {
  const [logicalId] = Object.keys(preview.findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } }));
  return Object.values(preview.findResources('AWS::IAM::Policy') as Record<string, { Properties: { Roles: unknown; PolicyDocument: { Statement: Record<string, unknown>[] } } }>)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(logicalId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const prSub = (repo: string, file = 'preview.yml', ref = 'refs/pull/7/merge') =>
  `repo:acme/${repo}:pull_request:job_workflow_ref:acme/${repo}/.github/workflows/${file}@${ref}`;

describe('GitHub OIDC in the preview account', () => {
  it('creates the GitHub provider for the STS audience in each account', () => {
    for (const kind of ['prod', 'preview'] as const) {
      synthesized.of(kind).template.hasResourceProperties('AWS::IAM::OIDCProvider', {
        Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'],
      });
    }
  });

  it('lets preview.yml of a same-repo pull request and the janitor assume the preview role', () => {
    const trust = trustOf(PREVIEW_ROLE_NAME);
    expect(canAssume(trust, githubClaims(prSub('orders-api')))).toBe(true);
    expect(canAssume(trust, githubClaims(prSub('inventory-service', 'preview.yml', 'refs/pull/123/merge')))).toBe(true);
    expect(canAssume(trust, githubClaims(
      'repo:acme/orders-api:environment:pr-janitor:job_workflow_ref:acme/orders-api/.github/workflows/janitor.yml@refs/heads/main',
    ))).toBe(true);
  });

  it('refuses other workflows, other repos, other orgs, look-alike names and the default subject format', () => {
    const trust = trustOf(PREVIEW_ROLE_NAME);
    for (const sub of [
      'repo:acme/orders-api:pull_request', 'repo:acme/orders-api:environment:pr-7',
      prSub('orders-api', 'deploy.yml'), prSub('unlisted'), prSub('orders-api-fork'),
      'repo:evil/orders-api:pull_request:job_workflow_ref:evil/orders-api/.github/workflows/preview.yml@refs/pull/7/merge',
      'repo:acme/orders-api:environment:pr-janitor:job_workflow_ref:acme/orders-api/.github/workflows/janitor.yml@refs/heads/feature',
    ]) expect([sub, canAssume(trust, githubClaims(sub))]).toEqual([sub, false]);
  });

  it('asks every platform and fleet repository for the customized subject claims', () => {
    expect(OIDC_SUBJECT_CLAIM_KEYS).toEqual(['repo', 'context', 'job_workflow_ref']);
    expect(repositoriesNeedingSubjectClaims(synthesized.config)).toEqual(['acme/serverless-axum', 'acme/orders-api', 'acme/inventory-service']);
  });
});

describe('preview role', () => {
  it('carries the preview boundary and assumes no role at all (CLI-credentials deploys)', () => {
    preview.hasResourceProperties('AWS::IAM::Role', { RoleName: PREVIEW_ROLE_NAME, PermissionsBoundary: Match.anyValue() });
    const statements = policiesOf(PREVIEW_ROLE_NAME);
    expect(JSON.stringify(statements)).not.toContain('sts:AssumeRole');
    expect(JSON.stringify(statements)).not.toContain('hnb659fds');
  });

  it('is confined to -pr- stacks in every region, with the fenced stacks denied', () => {
    const statements = policiesOf(PREVIEW_ROLE_NAME);
    const deny = JSON.stringify(statements.find((s) => s.Effect === 'Deny'));
    for (const fenced of ['stack/*-prod-*/*', 'stack/platform-*/*', 'stack/CDKToolkit*/*']) expect(deny).toContain(fenced);
    const stacks = JSON.stringify(statements.find((s) => s.Sid === 'PreviewStacks')?.Resource);
    for (const region of synthesized.config.regions) expect(stacks).toContain(`:cloudformation:${region}:`);
    expect(statements.find((s) => s.Sid === 'JanitorListsStacks')?.Action).toEqual(['cloudformation:ListStacks', 'cloudformation:DescribeStacks']);
    expect(statements.find((s) => s.Sid === 'PassPreviewExecutionRole')?.Condition)
      .toEqual({ StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
  });

  it('publishes the provider and preview ARNs as SSM parameters in every region', () => {
    for (const region of synthesized.config.regions) {
      for (const name of ['/platform/github-oidc-provider-arn', '/platform/preview-cfn-exec-role-arn', '/platform/preview-permissions-boundary-arn']) {
        synthesized.of('preview', region).template.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Type: 'String' });
      }
    }
  });
});

describe('preview network', () => {
  it('is a VPC of public subnets without NAT gateway in every region of the preview account, none in prod', () => {
    for (const region of synthesized.config.regions) {
      const t = synthesized.of('preview', region).template;
      t.resourceCountIs('AWS::EC2::VPC', 1);
      t.resourceCountIs('AWS::EC2::NatGateway', 0);
      t.resourceCountIs('AWS::EC2::Subnet', PREVIEW_NETWORK_AZS);
      t.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'Name', Value: PREVIEW_NETWORK_NAME }]) });
      for (const subnet of Object.values(t.findResources('AWS::EC2::Subnet'))) {
        expect(subnet.Properties.MapPublicIpOnLaunch).toBe(true);
        // The zone is CloudFormation's (Fn::GetAZs), not looked up at synth.
        expect(JSON.stringify(subnet.Properties.AvailabilityZone)).toContain('Fn::GetAZs');
      }
      synthesized.of('prod', region).template.resourceCountIs('AWS::EC2::VPC', 0);
    }
  });

  it('is published as the parameters preview stacks read: the VPC id and its public subnets', () => {
    for (const region of synthesized.config.regions) {
      const t = synthesized.of('preview', region).template;
      const parameters = Object.values(t.findResources('AWS::SSM::Parameter')).map((r) => r.Properties);
      const value = (name: string) => parameters.find((p) => p.Name === name)?.Value;
      const [vpcId] = Object.keys(t.findResources('AWS::EC2::VPC'));
      expect(value(PLATFORM_PARAMETERS.previewVpcId)).toEqual({ Ref: vpcId });
      const subnets = value(PLATFORM_PARAMETERS.previewPublicSubnetIds)['Fn::Join'];
      expect(subnets[0]).toBe(',');
      expect(subnets[1]).toEqual(Object.keys(t.findResources('AWS::EC2::Subnet')).map((id) => ({ Ref: id })));
    }
  });
});
