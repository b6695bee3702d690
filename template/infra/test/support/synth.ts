import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { loadServiceConfig, ServiceConfig } from '../../lib/config/ServiceConfig';
import { buildServiceApp, ServiceStacks } from '../../lib/ServiceApp';
import { TEST_EXPIRES_AT } from './sample';

/** The app's context from cdk.json (feature flags included), as `cdk synth` would pass it. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
  return cdkJson.context ?? {};
}

/** A synthesized environment, live: the construct tree is there (cdk-nag, construct-level checks). */
export interface Synthesized {
  readonly app: App;
  readonly stacks: ServiceStacks;
  /** The config synthesized with: the service's own, plus the overrides asked for. */
  readonly config: ServiceConfig;
  /** The data stack's template; undefined without the Files API. */
  readonly data?: Template;
  readonly appTemplate: Template;
  /** Every stack's template. */
  readonly templates: readonly Template[];
}

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

/** Changes to the service's config for one synth (e.g. `{ filesApi: false }`). */
export type ConfigOverrides = Partial<ServiceConfig>;

/**
 * Synthesizes one environment the way `npx cdk synth -c env=<env>` does, offline, with the test artifact and the
 * service's own config (`SERVICE_CONFIG`), changed by `overrides`. The assembly goes to `outdir` when given (kept),
 * else to a temporary directory removed once the templates are read. Assets are not staged (copied into the
 * assembly): the templates are the same, and a debug binary is tens of megabytes per synth.
 */
export function synthService(
  env: string,
  context: Record<string, string> = {},
  overrides: ConfigOverrides = {},
  outdir?: string,
): Synthesized {
  const dir = outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-out-'));
  const app = new App({
    outdir: dir,
    context: {
      ...cdkJsonContext(),
      [cxapi.DISABLE_ASSET_STAGING_CONTEXT]: true,
      env,
      lambdaArtifact: requiredEnv('LAMBDA_ARTIFACT'),
      expiresAt: TEST_EXPIRES_AT,
      ...context,
    },
  });
  const config: ServiceConfig = { ...loadServiceConfig(), ...overrides };
  const stacks = buildServiceApp(app, { config });
  app.synth();
  fs.writeFileSync(path.join(dir, CONFIG_FILE), JSON.stringify(config));
  const data = stacks.data ? Template.fromStack(stacks.data) : undefined;
  const appTemplate = Template.fromStack(stacks.app);
  if (!outdir) fs.rmSync(dir, { recursive: true, force: true });
  return { app, stacks, config, data, appTemplate, templates: data ? [data, appTemplate] : [appTemplate] };
}

/** Environment variable naming the directory of the assemblies test/support/globalSetup.ts synthesized. */
export const SYNTH_CACHE_ENV = 'SERVICE_SYNTH_CACHE';
const CONFIG_FILE = 'service.config.json';

/** The combinations synthesized once per test run: every environment, with and without the Files API. */
export const CACHED = ['prod', 'pr-7'].flatMap((env) => [true, false].map((filesApi) => ({ env, filesApi })));

function cacheDir(env: string, filesApi: boolean): string {
  return path.join(requiredEnv(SYNTH_CACHE_ENV), `${env}-files-api-${filesApi}`);
}

/** Synthesizes every CACHED combination into `dir` (run once, by globalSetup: synthesizing is what costs). */
export function synthCache(dir: string): void {
  process.env[SYNTH_CACHE_ENV] = dir;
  for (const { env, filesApi } of CACHED) {
    fs.mkdirSync(cacheDir(env, filesApi), { recursive: true });
    synthService(env, {}, { filesApi }, cacheDir(env, filesApi));
  }
}

/**
 * One environment with the default context, the service's config and (optionally) `filesApi` switched, read from the
 * assemblies globalSetup synthesized.
 */
export function synthCached(env: string, overrides: { filesApi?: boolean } = {}): SynthesizedTemplates {
  const filesApi = overrides.filesApi ?? loadServiceConfig().filesApi;
  const outdir = cacheDir(env, filesApi);
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
 * The configs the cross-cutting checks (tags, cdk-nag, cfn-lint) run on: the service's own, and its twin with the
 * Files API switched (so both shapes of the CDK app are checked in every generated service).
 */
export function configCases(): [string, { filesApi?: boolean }][] {
  const own = loadServiceConfig().filesApi;
  return [
    [`service config (filesApi ${own})`, {}],
    [`filesApi ${!own}`, { filesApi: !own }],
  ];
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
