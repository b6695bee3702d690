/**
 * The trust boundary, proven over the synthesized IAM of both accounts: nothing a pull request can run as (the GitHub
 * preview role, the preview CloudFormation execution role, or any role a preview stack creates, even one the PR gave
 * AdministratorAccess) can reach prod, admin rights, or credentials; and prod trusts only deploy.yml on main.
 */
import {
  DEPLOY_ROLE_NAME, PREVIEW_BOUNDARY_NAME, PREVIEW_EXECUTION_ROLE_NAME, PREVIEW_ROLE_NAME, REBUILD_ROLE_NAME,
  PREVIEW_NETWORK_NAME, mainDeploySubjects, rebuildSubject,
} from '../../lib';
import { AccountTemplate, Principal, RoleModel, isAllowed, managedPolicyStatements, rolesOf, templatesOf } from '../support/iamModel';
import { singleAccountConfig, synthPlatform, testConfig } from '../support/synthPlatform';
import { canAssume, githubClaims } from '../support/trustPolicyMatcher';

const PROD = '111111111111';
const PREVIEW = '222222222222';


/** Roles `cdk bootstrap` creates (not in our templates): none carries the preview boundary. */
function bootstrapRoleArns(account: string, qualifiers: string[], regions: readonly string[]): string[] {
  return qualifiers.flatMap((q) => regions.flatMap((r) => ['deploy', 'cfn-exec', 'lookup', 'file-publishing', 'image-publishing']
    .map((role) => `arn:aws:iam::${account}:role/cdk-${q}-${role}-role-${account}-${r}`)));
}

/** The principals a pull request can run as in `account`, and the ARNs of every role there without the boundary. */
function previewSide(templates: AccountTemplate[], account: string) {
  const roles = rolesOf(templates).filter((r) => r.account === account);
  const boundaryArn = `arn:aws:iam::${account}:policy/${PREVIEW_BOUNDARY_NAME}`;
  const boundary = managedPolicyStatements(templates.filter((t) => t.account === account), PREVIEW_BOUNDARY_NAME);
  const asPrincipal = (role: RoleModel): Principal => {
    expect([role.name, role.boundaryArn]).toEqual([role.name, boundaryArn]);
    return { name: role.name, identity: role.identity, boundary };
  };
  const byName = (name: string) => {
    const role = roles.find((r) => r.name === name);
    if (!role) throw new Error(`no role ${name} in ${account}`);
    return role;
  };
  const principals: Principal[] = [
    asPrincipal(byName(PREVIEW_ROLE_NAME)),
    asPrincipal(byName(PREVIEW_EXECUTION_ROLE_NAME)),
    // The worst a PR can write: a role in its preview stack with AdministratorAccess (it must carry the boundary).
    { name: 'orders-api-pr-7-fn (AdministratorAccess)', identity: [{ Effect: 'Allow', Action: '*', Resource: '*' }], boundary },
  ];
  const unbounded = roles.filter((r) => r.boundaryArn !== boundaryArn).map((r) => r.arn);
  return { principals, unbounded, boundaryArn, roles };
}

describe.each([
  ['two accounts, preview account', testConfig, PREVIEW],
  ['unsafe single account', singleAccountConfig, PROD],
])('pull-request principals (%s)', (_label, config, account) => {
  const synthesized = synthPlatform(config());
  const templates = templatesOf(synthesized);
  const { principals, unbounded, boundaryArn } = previewSide(templates, account);
  const regions = synthesized.config.regions;
  const targets = [...unbounded, ...bootstrapRoleArns(account, ['hnb659fds', 'previews'], regions)];
  const previewFnRole = `arn:aws:iam::${account}:role/orders-api-pr-7-fn`;

  it('has roles without the boundary to protect (the walk is not empty)', () => {
    expect(unbounded).toContain(`arn:aws:iam::${account}:role/${REBUILD_ROLE_NAME}`);
    expect(targets.length).toBeGreaterThan(10);
  });

  it.each(principals.map((p) => [p.name, p]))('%s cannot assume, pass, re-trust or grant to any role without the boundary', (_name, p) => {
    for (const target of targets) {
      for (const action of ['sts:AssumeRole', 'iam:PassRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRole']) {
        const allowed = !(action === 'iam:PassRole' && target.endsWith(`role/${PREVIEW_EXECUTION_ROLE_NAME}`)) && isAllowed(p, action, target, {
          'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess',
        });
        expect([p.name, action, target, allowed]).toEqual([p.name, action, target, false]);
      }
    }
  });

  it.each(principals.map((p) => [p.name, p]))('%s cannot create users, keys, login profiles, groups or identity providers', (_name, p) => {
    for (const action of ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:AddUserToGroup',
      'iam:PutGroupPolicy', 'iam:CreateOpenIDConnectProvider']) {
      expect([p.name, action, isAllowed(p, action, `arn:aws:iam::${account}:user/orders-api-pr-7-x`)]).toEqual([p.name, action, false]);
    }
  });

  it.each(principals.map((p) => [p.name, p]))('%s cannot create a role, or attach to one, without the boundary', (_name, p) => {
    const role = previewFnRole;
    for (const action of ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:PutRolePermissionsBoundary']) {
      expect([p.name, action, isAllowed(p, action, role, {})]).toEqual([p.name, action, false]);
      expect([p.name, action, isAllowed(p, action, role, { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess' })]).toEqual([p.name, action, false]);
    }
    expect(isAllowed(p, 'iam:DeleteRolePermissionsBoundary', role)).toBe(false);
    expect(isAllowed(p, 'iam:CreatePolicyVersion', boundaryArn)).toBe(false);
    expect(isAllowed(p, 'iam:CreatePolicyVersion', `arn:aws:iam::${account}:policy/orders-api-prod-anything`)).toBe(false);
  });

  it.each(principals.map((p) => [p.name, p]))('%s cannot touch prod- or platform-tagged resources or the fenced stacks', (_name, p) => {
    const prodBucketObject = 'arn:aws:s3:::orders-api-prod-files/files/a.txt';
    expect(isAllowed(p, 's3:GetObject', prodBucketObject, { 'aws:ResourceTag/environment': 'prod' })).toBe(false);
    expect(isAllowed(p, 'logs:GetLogEvents', 'arn:aws:logs:us-west-2:1:log-group:/aws/lambda/orders-api-prod', { 'aws:ResourceTag/environment': 'prod' })).toBe(false);
    expect(isAllowed(p, 'cloudtrail:StopLogging', 'arn:aws:cloudtrail:us-west-2:1:trail/platform-account', { 'aws:ResourceTag/service': 'platform' })).toBe(false);
    for (const region of regions) {
      for (const stack of ['orders-api-prod-app', 'platform-prod', 'platform-account', 'CDKToolkit', 'CDKToolkit-previews']) {
        const arn = `arn:aws:cloudformation:${region}:${account}:stack/${stack}/abc`;
        expect([p.name, stack, isAllowed(p, 'cloudformation:UpdateStack', arn)]).toEqual([p.name, stack, false]);
        expect([p.name, stack, isAllowed(p, 'cloudformation:DeleteStack', arn)]).toEqual([p.name, stack, false]);
      }
    }
  });

  it('lets the preview role read app clients of preview user pools only, never prod\'s or untagged ones', () => {
    const [github, exec, admin] = principals;
    for (const region of regions) {
      const pool = `arn:aws:cognito-idp:${region}:${account}:userpool/${region}_AbCdEf123`;
      const read = (p: Principal, tags: Record<string, string>) => isAllowed(p, 'cognito-idp:DescribeUserPoolClient', pool, tags);
      expect(read(github, { 'aws:ResourceTag/environment': 'pr-7' })).toBe(true);
      expect(read(github, { 'aws:ResourceTag/environment': 'prod' })).toBe(false);
      expect(read(github, { 'aws:ResourceTag/environment': 'staging' })).toBe(false);
      expect(read(github, {})).toBe(false);
      // The worst a PR can write (a preview role with AdministratorAccess) still cannot read a prod pool's secret.
      expect(read(admin, { 'aws:ResourceTag/environment': 'prod' })).toBe(false);
      expect(read(exec, { 'aws:ResourceTag/environment': 'prod' })).toBe(false);
      for (const action of ['cognito-idp:DeleteUserPool', 'cognito-idp:UpdateUserPoolClient', 'cognito-idp:AdminInitiateAuth']) {
        expect([action, isAllowed(github, action, pool, { 'aws:ResourceTag/environment': 'pr-7' })]).toEqual([action, false]);
      }
    }
  });

  it('lets the preview execution role manage preview user pools only, and create pools tagged as previews only', () => {
    const [, exec] = principals;
    const region = regions[0];
    const pool = `arn:aws:cognito-idp:${region}:${account}:userpool/${region}_AbCdEf123`;
    expect(isAllowed(exec, 'cognito-idp:CreateUserPool', '*', { 'aws:RequestTag/environment': 'pr-7' })).toBe(true);
    expect(isAllowed(exec, 'cognito-idp:CreateUserPool', '*', { 'aws:RequestTag/environment': 'prod' })).toBe(false);
    expect(isAllowed(exec, 'cognito-idp:CreateUserPool', '*', {})).toBe(false);
    for (const action of ['cognito-idp:DeleteUserPool', 'cognito-idp:CreateUserPoolClient', 'cognito-idp:CreateUserPoolDomain', 'cognito-idp:CreateResourceServer']) {
      expect([action, isAllowed(exec, action, pool, { 'aws:ResourceTag/environment': 'pr-7' })]).toEqual([action, true]);
      expect([action, isAllowed(exec, action, pool, { 'aws:ResourceTag/environment': 'prod' })]).toEqual([action, false]);
      expect([action, isAllowed(exec, action, pool, {})]).toEqual([action, false]);
    }
  });

  it('lets the preview execution role run Fargate previews on -pr- and preview-tagged resources only, never prod\'s', () => {
    const [github, exec, admin] = principals;
    const region = regions[0];
    const ecs = (rest: string) => `arn:aws:ecs:${region}:${account}:${rest}`;
    const elb = (rest: string) => `arn:aws:elasticloadbalancing:${region}:${account}:${rest}`;
    const sg = `arn:aws:ec2:${region}:${account}:security-group/sg-0123456789abcdef0`;
    const target = `arn:aws:application-autoscaling:${region}:${account}:scalable-target/0123abcd`;
    const preview = { 'aws:ResourceTag/environment': 'pr-7' };
    const prod = { 'aws:ResourceTag/environment': 'prod' };
    // Named resources: a preview's names hold -pr-; prod's do not match, and prod's tag is denied by the boundary anyway.
    for (const [action, own, prods] of [
      ['ecs:UpdateService', ecs('service/orders-api-pr-7/orders-api-pr-7'), ecs('service/orders-api-prod/orders-api-prod')],
      ['ecs:DeleteCluster', ecs('cluster/orders-api-pr-7'), ecs('cluster/orders-api-prod')],
      ['ecs:DeregisterTaskDefinition', ecs('task-definition/orders-api-pr-7:3'), ecs('task-definition/orders-api-prod:3')],
      ['elasticloadbalancing:ModifyListener', elb('listener/app/orders-api-pr-7/50dc6c495c0c9188/f2f7dc8efc522ab2'), elb('listener/app/orders-api-prod/50dc6c495c0c9188/f2f7dc8efc522ab2')],
      ['elasticloadbalancing:RegisterTargets', elb('targetgroup/orders-api-pr-7/73e2d6bc24d8a067'), elb('targetgroup/orders-api-prod/73e2d6bc24d8a067')],
      ['elasticloadbalancing:DeleteLoadBalancer', elb('loadbalancer/app/orders-api-pr-7/50dc6c495c0c9188'), elb('loadbalancer/app/orders-api-prod/50dc6c495c0c9188')],
    ] as const) {
      expect([action, isAllowed(exec, action, own, preview)]).toEqual([action, true]);
      expect([action, isAllowed(exec, action, prods, {})]).toEqual([action, false]);
      expect([action, isAllowed(admin, action, prods, prod)]).toEqual([action, false]);
    }
    // Security groups and scalable targets (random ids): by their environment tag, set on create.
    for (const action of ['ec2:AuthorizeSecurityGroupIngress', 'ec2:DeleteSecurityGroup', 'ec2:RevokeSecurityGroupEgress']) {
      expect([action, isAllowed(exec, action, sg, preview)]).toEqual([action, true]);
      expect([action, isAllowed(exec, action, sg, prod)]).toEqual([action, false]);
      expect([action, isAllowed(exec, action, sg, {})]).toEqual([action, false]);
    }
    expect(isAllowed(exec, 'ec2:CreateSecurityGroup', sg, { 'aws:RequestTag/environment': 'pr-7' })).toBe(true);
    expect(isAllowed(exec, 'ec2:CreateSecurityGroup', sg, {})).toBe(false);
    const vpc = `arn:aws:ec2:${region}:${account}:vpc/vpc-0123456789abcdef0`;
    expect(isAllowed(exec, 'ec2:CreateSecurityGroup', vpc, { 'aws:ResourceTag/Name': PREVIEW_NETWORK_NAME, 'aws:ResourceTag/service': 'platform' })).toBe(true);
    expect(isAllowed(exec, 'ec2:CreateSecurityGroup', vpc, { 'aws:ResourceTag/Name': 'orders-api-prod/Service/Vpc', 'aws:ResourceTag/environment': 'prod' })).toBe(false);
    expect(isAllowed(exec, 'ec2:CreateTags', sg, { 'ec2:CreateAction': 'RunInstances', 'aws:RequestTag/environment': 'pr-7' })).toBe(false);
    for (const action of ['application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeregisterScalableTarget', 'application-autoscaling:RegisterScalableTarget']) {
      expect([action, isAllowed(exec, action, target, preview)]).toEqual([action, true]);
      expect([action, isAllowed(exec, action, target, prod)]).toEqual([action, false]);
      expect([action, isAllowed(exec, action, target, {})]).toEqual([action, false]);
    }
    expect(isAllowed(exec, 'ecs:RegisterTaskDefinition', '*', { 'aws:RequestTag/environment': 'pr-7' })).toBe(true);
    expect(isAllowed(exec, 'ecs:RegisterTaskDefinition', '*', { 'aws:RequestTag/environment': 'prod' })).toBe(false);
    // Task roles: preview roles only (they carry the boundary), passed to ECS tasks.
    expect(isAllowed(exec, 'iam:PassRole', `arn:aws:iam::${account}:role/orders-api-pr-7-task-role`, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })).toBe(true);
    expect(isAllowed(exec, 'iam:PassRole', `arn:aws:iam::${account}:role/orders-api-prod-task-role`, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })).toBe(false);
    expect(isAllowed(exec, 'iam:CreateServiceLinkedRole', `arn:aws:iam::${account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`, { 'iam:AWSServiceName': 'ecs.amazonaws.com' })).toBe(true);
    expect(isAllowed(exec, 'iam:CreateServiceLinkedRole', `arn:aws:iam::${account}:role/aws-service-role/x/y`, { 'iam:AWSServiceName': 'organizations.amazonaws.com' })).toBe(false);
    // The image: pushed into the previews qualifier's repository only, never prod's.
    const repo = (q: string) => `arn:aws:ecr:${region}:${account}:repository/cdk-${q}-container-assets-${account}-${region}`;
    expect(isAllowed(github, 'ecr:PutImage', repo('previews'))).toBe(true);
    expect(isAllowed(github, 'ecr:PutImage', repo('hnb659fds'))).toBe(false);
  });

  it('still lets previews work (so the denials above are not vacuous)', () => {
    const [github, exec, admin] = principals;
    const region = regions[0];
    expect(isAllowed(github, 'cloudformation:CreateChangeSet', `arn:aws:cloudformation:${region}:${account}:stack/orders-api-pr-7-app/x`)).toBe(true);
    expect(isAllowed(github, 'iam:PassRole', `arn:aws:iam::${account}:role/${PREVIEW_EXECUTION_ROLE_NAME}`, { 'iam:PassedToService': 'cloudformation.amazonaws.com' })).toBe(true);
    expect(isAllowed(github, 's3:PutObject', `arn:aws:s3:::cdk-previews-assets-${account}-${region}/abc.zip`)).toBe(true);
    expect(isAllowed(github, 's3:PutObject', `arn:aws:s3:::cdk-hnb659fds-assets-${account}-${region}/abc.zip`)).toBe(false);
    expect(isAllowed(exec, 'iam:CreateRole', previewFnRole, { 'iam:PermissionsBoundary': boundaryArn })).toBe(true);
    expect(isAllowed(exec, 'iam:PassRole', previewFnRole, { 'iam:PassedToService': 'lambda.amazonaws.com' })).toBe(true);
    expect(isAllowed(admin, 'sts:AssumeRole', previewFnRole)).toBe(true);
    expect(isAllowed(admin, 's3:GetObject', 'arn:aws:s3:::orders-api-pr-7-files/a', { 'aws:ResourceTag/environment': 'pr-7' })).toBe(true);
  });
});

describe('the prod account', () => {
  const synthesized = synthPlatform();
  const templates = templatesOf(synthesized);
  const roles = rolesOf(templates).filter((r) => r.account === PROD);
  const config = synthesized.config;
  const trustOf = (name: string) => roles.find((r) => r.name === name)!.trust;

  it('has no role a pull request, a preview or the preview account can assume', () => {
    for (const role of roles) {
      const principals = role.trust.Statement.map((s) => JSON.stringify(s.Principal));
      for (const principal of principals) expect([role.name, principal.includes(PREVIEW)]).toEqual([role.name, false]);
      for (const sub of [
        'repo:acme/orders-api:pull_request:job_workflow_ref:acme/orders-api/.github/workflows/preview.yml@refs/pull/7/merge',
        'repo:acme/orders-api:pull_request:job_workflow_ref:acme/orders-api/.github/workflows/deploy.yml@refs/pull/7/merge',
        'repo:acme/orders-api:environment:pr-janitor:job_workflow_ref:acme/orders-api/.github/workflows/janitor.yml@refs/heads/main',
      ]) expect([role.name, sub, canAssume(role.trust, githubClaims(sub))]).toEqual([role.name, sub, false]);
    }
    expect(roles.map((r) => r.name)).not.toContain(PREVIEW_ROLE_NAME);
  });

  it('trusts prod deploys from exactly each repository\'s deploy.yml on its default branch, in the prod environment', () => {
    const statement = trustOf(DEPLOY_ROLE_NAME).Statement;
    expect(statement).toHaveLength(1);
    expect(statement[0].Condition).toEqual({ StringEquals: {
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': [
        'repo:acme/orders-api:environment:prod:job_workflow_ref:acme/orders-api/.github/workflows/deploy.yml@refs/heads/main',
        'repo:acme/inventory-service:environment:prod:job_workflow_ref:acme/inventory-service/.github/workflows/deploy.yml@refs/heads/main',
      ],
    } });
    expect(mainDeploySubjects(config)).toHaveLength(2);
  });

  it('refuses the prod environment from any other workflow or branch, and the default subject format', () => {
    const trust = trustOf(DEPLOY_ROLE_NAME);
    for (const sub of [
      'repo:acme/orders-api:environment:prod',
      'repo:acme/orders-api:ref:refs/heads/main',
      'repo:acme/orders-api:environment:prod:job_workflow_ref:acme/orders-api/.github/workflows/deploy.yml@refs/heads/feature',
      'repo:acme/orders-api:environment:prod:job_workflow_ref:acme/orders-api/.github/workflows/ci.yml@refs/heads/main',
      'repo:acme/orders-api:environment:prod:job_workflow_ref:acme/other/.github/workflows/deploy.yml@refs/heads/main',
      'repo:acme/unlisted:environment:prod:job_workflow_ref:acme/unlisted/.github/workflows/deploy.yml@refs/heads/main',
    ]) expect([sub, canAssume(trust, githubClaims(sub))]).toEqual([sub, false]);
    const exact = mainDeploySubjects(config)[0];
    expect(canAssume(trust, githubClaims(exact))).toBe(true);
    expect(canAssume(trust, githubClaims(exact, 'sigstore'))).toBe(false);
  });

  it('lets only the platform repository\'s rebuild.yml on main, in the rebuild environment, rebuild either account', () => {
    const all = rolesOf(templates).filter((r) => r.name === REBUILD_ROLE_NAME);
    expect(all.map((r) => r.account).sort()).toEqual([PROD, PREVIEW]);
    for (const role of all) {
      expect(role.trust.Statement[0].Condition).toEqual({ StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': [rebuildSubject(config)],
      } });
      expect(canAssume(role.trust, githubClaims('repo:acme/serverless-axum:environment:rebuild'))).toBe(false);
    }
  });

  // What it may do to operate prod (reads, the live alias, delivery metrics): test/github/prodDeployRole.test.ts.
  it('the deploy role can assume the prod qualifier\'s bootstrap roles only, and read prod service pools\' app clients only', () => {
    const deploy: Principal = { name: DEPLOY_ROLE_NAME, identity: roles.find((r) => r.name === DEPLOY_ROLE_NAME)!.identity };
    for (const region of config.regions) {
      const pool = `arn:aws:cognito-idp:${region}:${PROD}:userpool/${region}_AbCdEf123`;
      const prodTags = { 'aws:ResourceTag/environment': 'prod', 'aws:ResourceTag/managed-by': 'cdk' };
      expect(isAllowed(deploy, 'cognito-idp:DescribeUserPoolClient', pool, prodTags)).toBe(true);
      expect(isAllowed(deploy, 'cognito-idp:DescribeUserPoolClient', pool, { 'aws:ResourceTag/environment': 'prod' })).toBe(false);
      expect(isAllowed(deploy, 'cognito-idp:DescribeUserPoolClient', pool, { ...prodTags, 'aws:ResourceTag/environment': 'pr-7' })).toBe(false);
      expect(isAllowed(deploy, 'cognito-idp:UpdateUserPoolClient', pool, prodTags)).toBe(false);
      expect(isAllowed(deploy, 'cognito-idp:AdminCreateUser', pool, prodTags)).toBe(false);
    }
    for (const region of config.regions) {
      expect(isAllowed(deploy, 'sts:AssumeRole', `arn:aws:iam::${PROD}:role/cdk-hnb659fds-deploy-role-${PROD}-${region}`)).toBe(true);
      expect(isAllowed(deploy, 'sts:AssumeRole', `arn:aws:iam::${PROD}:role/cdk-hnb659fds-cfn-exec-role-${PROD}-${region}`)).toBe(false);
    }
    expect(isAllowed(deploy, 'sts:AssumeRole', `arn:aws:iam::${PROD}:role/${REBUILD_ROLE_NAME}`)).toBe(false);
    expect(isAllowed(deploy, 's3:GetObject', 'arn:aws:s3:::orders-api-prod-files/a')).toBe(false);
    expect(isAllowed(deploy, 'iam:CreateUser', `arn:aws:iam::${PROD}:user/x`)).toBe(false);
  });
});
