import { Match } from 'aws-cdk-lib/assertions';
import { DEPLOY_ROLE_NAME, PREVIEW_ROLE_NAME, REBUILD_ROLE_NAME } from '../../lib';
import { synthPlatform } from '../support/synthPlatform';
import { canAssume, githubClaims } from '../support/trustPolicyMatcher';

const { template } = synthPlatform();

function trustOf(roleName: string): { Statement: Record<string, unknown>[] } {
  const roles = template.findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } });
  const [role] = Object.values(roles);
  expect(role).toBeDefined();
  return role.Properties.AssumeRolePolicyDocument;
}

function policiesOf(roleName: string): Record<string, unknown>[] {
  const [logicalId] = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } }));
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(logicalId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('GitHub OIDC trust', () => {
  const prod = trustOf(DEPLOY_ROLE_NAME);
  const preview = trustOf(PREVIEW_ROLE_NAME);
  const rebuild = trustOf(REBUILD_ROLE_NAME);

  it('creates the GitHub provider for the STS audience', () => {
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it('lets the default branch and the prod environment of listed repos deploy prod', () => {
    expect(canAssume(prod, githubClaims('repo:acme/orders-api:ref:refs/heads/main'))).toBe(true);
    expect(canAssume(prod, githubClaims('repo:acme/orders-api:environment:prod'))).toBe(true);
  });

  it('never lets a pull request assume the prod deploy role', () => {
    for (const sub of ['repo:acme/orders-api:pull_request', 'repo:acme/serverless-axum:pull_request', 'repo:acme/orders-api:environment:pr-7']) {
      expect(canAssume(prod, githubClaims(sub))).toBe(false);
      expect(canAssume(preview, githubClaims(sub))).toBe(true);
    }
  });

  it('refuses other branches, other repos, other orgs, look-alike names and other audiences', () => {
    for (const sub of [
      'repo:acme/orders-api:ref:refs/heads/feature', 'repo:acme/orders-api:ref:refs/tags/v1',
      'repo:evil/orders-api:ref:refs/heads/main', 'repo:acme/orders-api-fork:ref:refs/heads/main',
      'repo:acme/unlisted:pull_request', 'repo:evil/orders-api:pull_request', 'repo:acme/orders-api:environment:staging',
    ]) {
      expect([sub, canAssume(prod, githubClaims(sub))]).toEqual([sub, false]);
      expect([sub, canAssume(preview, githubClaims(sub))]).toEqual([sub, false]);
      expect([sub, canAssume(rebuild, githubClaims(sub))]).toEqual([sub, false]);
    }
    expect(canAssume(prod, githubClaims('repo:acme/orders-api:ref:refs/heads/main', 'sigstore'))).toBe(false);
  });

  it('lets only the platform repo rebuild environment assume the rebuild role', () => {
    expect(canAssume(rebuild, githubClaims('repo:acme/serverless-axum:environment:rebuild'))).toBe(true);
    expect(canAssume(rebuild, githubClaims('repo:acme/serverless-axum:ref:refs/heads/main'))).toBe(false);
    expect(canAssume(rebuild, githubClaims('repo:acme/orders-api:environment:rebuild'))).toBe(false);
  });
});

describe('deploy role permissions', () => {
  it('prod role may only assume the four CDK bootstrap roles', () => {
    const statements = policiesOf(DEPLOY_ROLE_NAME);
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    const arns = JSON.stringify(statements[0].Resource);
    for (const role of ['deploy', 'file-publishing', 'image-publishing', 'lookup']) expect(arns).toContain(`:role/cdk-hnb659fds-${role}-role-`);
  });

  it('preview role cannot assume the bootstrap deploy role, and is fenced off prod stacks', () => {
    const statements = policiesOf(PREVIEW_ROLE_NAME);
    const text = JSON.stringify(statements);
    expect(text).not.toContain('cdk-hnb659fds-deploy-role');
    expect(text).not.toContain('cdk-hnb659fds-cfn-exec-role');
    const deny = statements.find((s) => s.Effect === 'Deny');
    expect(JSON.stringify(deny)).toContain('stack/*-prod-*/*');
    expect(JSON.stringify(deny)).toContain('stack/platform-*/*');
    const stackAllow = statements.find((s) => s.Sid === 'PreviewStacks');
    expect(JSON.stringify(stackAllow?.Resource)).toContain('stack/*-pr-*/*');
    const janitor = statements.find((s) => s.Sid === 'JanitorListsStacks');
    expect(janitor?.Action).toEqual(['cloudformation:ListStacks', 'cloudformation:DescribeStacks']);
    const pass = statements.find((s) => s.Sid === 'PassPreviewExecutionRole');
    expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
  });

  it('preview execution role carries the boundary that denies prod- and platform-tagged resources', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'platform-preview-cfn-exec',
      PermissionsBoundary: Match.anyValue(),
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'cloudformation.amazonaws.com' } })] },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'platform-preview-boundary',
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'DenyProdResources', Effect: 'Deny', Condition: { StringEquals: { 'aws:ResourceTag/environment': 'prod' } } }),
        Match.objectLike({ Sid: 'DenyPrincipalsWithoutThisBoundary', Effect: 'Deny' }),
      ]) },
    });
  });

  it('publishes the provider and preview ARNs as SSM parameters', () => {
    for (const name of ['/platform/github-oidc-provider-arn', '/platform/preview-cfn-exec-role-arn', '/platform/preview-permissions-boundary-arn']) {
      template.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Type: 'String' });
    }
  });
});
