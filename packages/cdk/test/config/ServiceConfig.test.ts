import * as fs from 'fs';
import * as path from 'path';
import { loadServiceConfig, parseServiceConfig } from '../../src/config/ServiceConfig';
import { parseDeployEnvironment } from '../../src/config/DeployEnvironment';
import { sampleConfig } from '../support/config';
import { SERVICE_DIR, TEMPLATE_CONFIG } from '../support/synth';

/** The rendered files of the service's infra/: its config, and package.json with its lockfile (the library's version). */
const RENDERED = [TEMPLATE_CONFIG, path.join(SERVICE_DIR, 'infra', 'package.json'), path.join(SERVICE_DIR, 'infra', 'package-lock.json')];

describe('service config', () => {
  test('the rendered config loads, unchanged', () => {
    expect(loadServiceConfig()).toEqual(sampleConfig());
    expect(typeof loadServiceConfig().filesApi).toBe('boolean');
  });

  test('infra/service.config.json uses known cargo-generate placeholders', () => {
    const text = fs.readFileSync(TEMPLATE_CONFIG, 'utf8');
    const used = [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]);
    for (const name of used) expect(['project-name', 'owner', 'github_repo', 'aws_region', 'description', 'example_api', 'auth', 'compute']).toContain(name);
  });

  test('no other file of infra/, dashboards/, alarms/ or docs/runbooks/ holds Liquid syntax', () => {
    const root = SERVICE_DIR;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', 'cdk.out'].includes(entry.name)) continue;
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (!RENDERED.includes(file) && /\{\{|\{[%]/.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(root, file));
      }
    };
    ['infra', 'dashboards', 'alarms', path.join('docs', 'runbooks')].forEach((d) => walk(path.join(root, d)));
    expect(offenders).toEqual([]);
  });

  test.each([
    ['an unknown field', (c: Record<string, unknown>) => (c.memory = 1), /unknown field "memory"/],
    ['a missing field', (c: Record<string, unknown>) => delete c.owner, /missing field "owner"/],
    ['an unrendered placeholder', (c: Record<string, unknown>) => (c.service = `${'{'.repeat(2)}project-name}}`), /unrendered/],
    ['a bad service name', (c: Record<string, unknown>) => (c.service = 'Orders_API'), /"service"/],
    ['a timeout above API Gateway\'s 29 s', (c: Record<string, unknown>) => (c.timeoutSeconds = 30), /timeoutSeconds/],
    ['a retention CloudWatch does not offer', (c: Record<string, unknown>) => (c.logRetentionDays = { prod: 10, preview: 7 }), /logRetentionDays.prod/],
    ['an unknown architecture', (c: Record<string, unknown>) => (c.architecture = 'arm'), /architecture/],
    ['a filesApi that is no boolean', (c: Record<string, unknown>) => (c.filesApi = 'true'), /"filesApi" must be true or false/],
    ['an unknown compute', (c: Record<string, unknown>) => (c.compute = 'ec2'), /"compute" must be one of "lambda", "fargate", got "ec2"/],
    ['a compute that is no string', (c: Record<string, unknown>) => (c.compute = null), /"compute" must be one of/],
    ['a logLevel directive with an unknown level', (c: Record<string, unknown>) => (c.logLevel = 'info,hyper=loud'), /"logLevel" directive "hyper=loud"/],
  ])('refuses %s', (_, mutate, message) => {
    const config = sampleConfig();
    mutate(config);
    expect(() => parseServiceConfig(config)).toThrow(message);
  });

  test.each(['orders-pr-api', 'pr-orders', 'orders-pr', 'a-pr-b-pr-c'])('refuses the service name %s: it would match the preview patterns (*-pr-*)', (name) => {
    const config = { ...sampleConfig(), service: name };
    expect(() => parseServiceConfig(config)).toThrow(/"service" = "[a-z-]+" has "pr" as a word .* belong to pull-request previews/);
  });

  test.each(['prices-api', 'orders-prod-api', 'sprint-api', 'april-prs', 'pro-api'])('accepts the service name %s ("pr" only inside a word)', (name) => {
    expect(parseServiceConfig({ ...sampleConfig(), service: name }).service).toBe(name);
  });

  test.each(['lambda', 'fargate'] as const)('accepts the compute %s', (compute) => {
    expect(parseServiceConfig({ ...sampleConfig(), compute }).compute).toBe(compute);
  });

  test('a config without compute runs on Lambda (configs written before it existed)', () => {
    const { compute: _, ...config } = sampleConfig();
    expect(parseServiceConfig(config).compute).toBe('lambda');
  });

  test.each(['info', 'warn,orders_api=debug', 'orders_api', 'info,aws_smithy_runtime=off'])('accepts the logLevel %s', (logLevel) => {
    expect(parseServiceConfig({ ...sampleConfig(), logLevel }).logLevel).toBe(logLevel);
  });
});

describe('service config: auth', () => {
  const withAuth = (auth: unknown) => ({ ...sampleConfig(), auth });
  const cognito = { issuer: 'cognito', audience: [], scopes: { 'files:read': 'Read' }, publicPaths: ['/health', '/openapi.json', '/docs'] };

  test.each([
    ['null (a public API)', null],
    ['Cognito with no extra audience', cognito],
    ['Cognito with an extra client id', { ...cognito, audience: ['3n4b5urk1ft4fl3mg5e62d9ado'] }],
    ['Okta with its audience', { ...cognito, issuer: 'https://acme.okta.com/oauth2/default', audience: ['api://orders'] }],
    ['Auth0 (issuer with a trailing slash)', { ...cognito, issuer: 'https://acme.eu.auth0.com/', audience: ['https://orders.acme.com'] }],
    ['Entra ID', { ...cognito, issuer: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0', audience: ['api://orders', 'c1f1…'.replace('…', 'a')] }],
  ])('accepts %s', (_, auth) => {
    expect(parseServiceConfig(withAuth(auth)).auth).toEqual(auth);
  });

  test.each([
    ['a missing auth', () => { const c = sampleConfig(); delete c.auth; return c; }, /missing field "auth"/],
    ['auth that is no object', () => withAuth('jwt'), /"auth" must be null .* or \{"issuer"/],
    ['an unknown auth field', () => withAuth({ ...cognito, jwks: 'x' }), /unknown field "auth.jwks"/],
    ['a missing auth field', () => { const { publicPaths: _, ...rest } = cognito; return withAuth(rest); }, /missing field "auth.publicPaths"/],
    ['an issuer over http', () => withAuth({ ...cognito, issuer: 'http://acme.okta.com/oauth2/default', audience: ['a'] }), /"auth.issuer" must be "cognito" .* or the https:\/\/ URL/],
    ['an issuer that is no URL', () => withAuth({ ...cognito, issuer: 'okta', audience: ['a'] }), /"auth.issuer"/],
    ['an issuer with a query', () => withAuth({ ...cognito, issuer: 'https://acme.okta.com/?x=1', audience: ['a'] }), /"auth.issuer"/],
    ['another issuer without audience', () => withAuth({ ...cognito, issuer: 'https://acme.okta.com/oauth2/default' }), /"auth.audience" must name at least one audience for the issuer https:\/\/acme.okta.com\/oauth2\/default/],
    ['an audience with a comma (AUTH_AUDIENCE is comma-separated)', () => withAuth({ ...cognito, audience: ['a,b'] }), /"auth.audience" must be a list/],
    ['an audience listed twice', () => withAuth({ ...cognito, audience: ['a', 'a'] }), /lists an audience twice/],
    ['no scope', () => withAuth({ ...cognito, scopes: {} }), /"auth.scopes" must name at least one scope/],
    ['a scope name with a slash', () => withAuth({ ...cognito, scopes: { 'files/read': 'Read' } }), /"auth.scopes" name "files\/read"/],
    ['a scope name with a space', () => withAuth({ ...cognito, scopes: { 'files read': 'Read' } }), /"auth.scopes" name "files read"/],
    ['a scope without description', () => withAuth({ ...cognito, scopes: { 'files:read': '' } }), /"auth.scopes.files:read" must be a description/],
    ['scopes as a list', () => withAuth({ ...cognito, scopes: ['files:read'] }), /"auth.scopes" must be an object/],
    ['the root as a public path', () => withAuth({ ...cognito, publicPaths: ['/'] }), /"auth.publicPaths" must be a list of paths/],
    ['a public path with a parameter', () => withAuth({ ...cognito, publicPaths: ['/files/{key}'] }), /"auth.publicPaths"/],
    ['a public path listed twice', () => withAuth({ ...cognito, publicPaths: ['/health', '/health'] }), /lists a path twice/],
  ])('refuses %s', (_, make, message) => {
    expect(() => parseServiceConfig(make())).toThrow(message);
  });
});

describe('deploy environment', () => {
  test.each([
    ['prod', { kind: 'prod', name: 'prod' }],
    ['pr-7', { kind: 'preview', name: 'pr-7', pr: 7 }],
  ])('%s parses', (value, expected) => expect(parseDeployEnvironment(value)).toEqual(expected));

  test.each([undefined, '', 'staging', 'pr-', 'pr-0', 'pr-07', 'PR-7'])('%p is refused', (value) => {
    expect(() => parseDeployEnvironment(value)).toThrow(/"prod" or "pr-<number>"/);
  });
});
