import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { AuthConfig, COGNITO_ISSUER, loadServiceConfig, SERVICE_CONFIG_ENV, ServiceConfig } from '../../src/config/ServiceConfig';
import { ConfigOverrides, Synthesized, synthService as synthTemplate } from '../../src/testing/synthService';
import { TEST_CONTAINER_IMAGE, TEST_EXPIRES_AT } from './sample';

/** The service skeleton the package is tested against: this repository's template/. */
export const SERVICE_DIR = path.join(__dirname, '..', '..', '..', '..', 'template');
/** Its config, with cargo-generate placeholders (globalSetup renders it with sample values). */
export const TEMPLATE_CONFIG = path.join(SERVICE_DIR, 'infra', 'service.config.json');

export type { ConfigOverrides, Synthesized };

/** A stack of a cloud assembly, as its manifest describes it. */
export interface StackInfo {
  readonly artifactId: string;
  readonly stackName: string;
  readonly terminationProtection: boolean;
  /** Artifact ids this stack depends on (`cdk deploy --all` deploys them first). */
  readonly dependencies: readonly string[];
  /** The stack's own tags (CloudFormation stack tags, which the janitor lists stacks by). */
  readonly tags: Readonly<Record<string, string>>;
}

/** A synthesized environment read back from its cloud assembly: templates and manifest only. */
export interface SynthesizedTemplates {
  readonly config: ServiceConfig;
  readonly data?: Template;
  readonly appTemplate: Template;
  readonly templates: readonly Template[];
  readonly outdir: string;
  readonly stacks: { readonly app: StackInfo; readonly data?: StackInfo };
}

/**
 * Synthesizes one environment of template/ the way `npx cdk synth -c env=<env>` does, offline, with the test artifact
 * and the rendered config (`SERVICE_CONFIG`), changed by `overrides`. The assembly goes to `outdir` when given (kept).
 */
export function synthService(
  env: string,
  context: Record<string, string> = {},
  overrides: ConfigOverrides = {},
  outdir?: string,
): Synthesized {
  const synthesized = synthTemplate({
    serviceDir: SERVICE_DIR,
    env,
    lambdaArtifact: requiredEnv('LAMBDA_ARTIFACT'),
    configFile: requiredEnv(SERVICE_CONFIG_ENV),
    context: { expiresAt: TEST_EXPIRES_AT, containerImage: TEST_CONTAINER_IMAGE, ...context },
    overrides,
    outdir,
  });
  if (outdir) fs.writeFileSync(path.join(outdir, CONFIG_FILE), JSON.stringify(synthesized.config));
  return synthesized;
}

/** Environment variable naming the directory of the assemblies test/support/globalSetup.ts synthesized. */
export const SYNTH_CACHE_ENV = 'SERVICE_SYNTH_CACHE';
const CONFIG_FILE = 'service.config.json';

/**
 * The three shapes of `auth`: a Cognito user pool with the stacks, another OIDC issuer (the service checks tokens
 * alone), or none (a public API).
 */
export const AUTH_CASES = ['cognito', 'external', 'none'] as const;
export type AuthCase = (typeof AUTH_CASES)[number];

/** The issuer and audience the `external` case synthesizes with. */
export const EXTERNAL_ISSUER = 'https://acme.okta.example.com/oauth2/default';
export const EXTERNAL_AUDIENCE = ['api://orders', 'orders-cli'];

/** Which shape `auth` of `config` has. */
export function authCaseOf(config: Pick<ServiceConfig, 'auth'>): AuthCase {
  if (config.auth === null) return 'none';
  return config.auth.issuer === COGNITO_ISSUER ? 'cognito' : 'external';
}

/** The `auth` of `config` switched to `authCase`, keeping its scopes and public paths when it has them. */
export function authFor(config: Pick<ServiceConfig, 'auth'>, authCase: AuthCase): AuthConfig | null {
  if (authCase === 'none') return null;
  const scopes = config.auth?.scopes ?? { 'api:access': 'Call the API' };
  const publicPaths = config.auth?.publicPaths ?? ['/health', '/openapi.json', '/docs'];
  return authCase === 'cognito'
    ? { issuer: COGNITO_ISSUER, audience: config.auth?.issuer === COGNITO_ISSUER ? config.auth.audience : [], scopes, publicPaths }
    : { issuer: EXTERNAL_ISSUER, audience: EXTERNAL_AUDIENCE, scopes, publicPaths };
}

/** What a cached synth may change in the service's config. */
export interface CachedOverrides {
  readonly filesApi?: boolean;
  readonly auth?: AuthCase;
}

/**
 * The combinations synthesized once per test run, in every environment: the service's own config, its Files API
 * switched, and each other shape of `auth`.
 */
export function cachedCombinations(): { filesApi: boolean; auth: AuthCase }[] {
  const own = loadServiceConfig();
  const ownAuth = authCaseOf(own);
  return [
    { filesApi: own.filesApi, auth: ownAuth },
    { filesApi: !own.filesApi, auth: ownAuth },
    ...AUTH_CASES.filter((a) => a !== ownAuth).map((auth) => ({ filesApi: own.filesApi, auth })),
  ];
}

function cacheDir(env: string, filesApi: boolean, auth: AuthCase): string {
  return path.join(requiredEnv(SYNTH_CACHE_ENV), `${env}-files-api-${filesApi}-auth-${auth}`);
}

/** Config overrides of a cached combination. */
function overridesOf(filesApi: boolean, auth: AuthCase): ConfigOverrides {
  return { filesApi, auth: authFor(loadServiceConfig(), auth) };
}

/** Synthesizes every cached combination into `dir` (run once, by globalSetup: synthesizing is what costs). */
export function synthCache(dir: string): void {
  process.env[SYNTH_CACHE_ENV] = dir;
  for (const env of ENVS) {
    for (const { filesApi, auth } of cachedCombinations()) {
      fs.mkdirSync(cacheDir(env, filesApi, auth), { recursive: true });
      synthService(env, {}, overridesOf(filesApi, auth), cacheDir(env, filesApi, auth));
    }
  }
}

/**
 * One environment with the default context, the service's config and (optionally) `filesApi` or the shape of `auth`
 * switched, read from the assemblies globalSetup synthesized.
 */
export function synthCached(env: string, overrides: CachedOverrides = {}): SynthesizedTemplates {
  const own = loadServiceConfig();
  const filesApi = overrides.filesApi ?? own.filesApi;
  const auth = overrides.auth ?? authCaseOf(own);
  if (!cachedCombinations().some((c) => c.filesApi === filesApi && c.auth === auth)) {
    throw new Error(`filesApi ${filesApi} with auth ${auth} is not synthesized by globalSetup: use synthService`);
  }
  const outdir = cacheDir(env, filesApi, auth);
  const config = JSON.parse(fs.readFileSync(path.join(outdir, CONFIG_FILE), 'utf8')) as ServiceConfig;
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks: StackInfo[] = Object.entries(manifest.artifacts as Record<string, any>)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([artifactId, a]) => ({
      artifactId,
      stackName: a.properties.stackName ?? artifactId,
      terminationProtection: a.properties.terminationProtection ?? false,
      dependencies: (a.dependencies ?? []).filter((d: string) => manifest.artifacts[d]?.type === 'aws:cloudformation:stack'),
      tags: a.properties.tags ?? {},
    }));
  const template = (info: StackInfo | undefined) =>
    info && Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, manifest.artifacts[info.artifactId].properties.templateFile), 'utf8')));
  const appInfo = stacks.find((st) => st.stackName.endsWith('-app'));
  const dataInfo = stacks.find((st) => st.stackName.endsWith('-data'));
  if (!appInfo) throw new Error(`${outdir}: no app stack`);
  const data = template(dataInfo);
  const appTemplate = template(appInfo)!;
  return { config, data, appTemplate, templates: data ? [data, appTemplate] : [appTemplate], outdir, stacks: { app: appInfo, data: dataInfo } };
}

/**
 * The configs the cross-cutting checks (tags, cdk-nag, cfn-lint) run on: the service's own, its twin with the
 * Files API switched, and one with each other shape of `auth` (so every shape of the CDK app is checked in every
 * generated service).
 */
export function configCases(): [string, CachedOverrides][] {
  const own = loadServiceConfig();
  const ownAuth = authCaseOf(own);
  return [
    [`service config (filesApi ${own.filesApi}, auth ${ownAuth})`, {}],
    [`filesApi ${!own.filesApi}`, { filesApi: !own.filesApi }],
    ...AUTH_CASES.filter((a) => a !== ownAuth).map((auth): [string, CachedOverrides] => [`auth ${auth}`, { auth }]),
  ];
}

/** Config overrides for {@link synthService} equal to a cached combination's (for tests that need the construct tree). */
export function configOverrides(overrides: CachedOverrides): ConfigOverrides {
  const own = loadServiceConfig();
  return overridesOf(overrides.filesApi ?? own.filesApi, overrides.auth ?? authCaseOf(own));
}

/** The environments every test synthesizes: prod and one preview. */
export const ENVS = ['prod', 'pr-7'] as const;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (test/support/globalSetup.ts sets it)`);
  return value;
}

/**
 * The dashboard body of a template, parsed; CloudFormation values inside it (`Fn::Join` parts such as
 * `{"Ref": "AWS::Region"}`) become `<token>`.
 */
export function dashboardBody(template: Template): any {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboards.length !== 1) throw new Error(`expected one dashboard, found ${dashboards.length}`);
  const body = dashboards[0].Properties.DashboardBody;
  const text = typeof body === 'string'
    ? body
    : (body['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : '<token>')).join('');
  return JSON.parse(text);
}
