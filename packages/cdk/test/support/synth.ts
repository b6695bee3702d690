import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { loadServiceConfig, SERVICE_CONFIG_ENV, ServiceConfig } from '../../src/config/ServiceConfig';
import { ConfigOverrides, Synthesized, synthService as synthTemplate } from '../../src/testing/synthService';
import { TEST_EXPIRES_AT } from './sample';

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
    context: { expiresAt: TEST_EXPIRES_AT, ...context },
    overrides,
    outdir,
  });
  if (outdir) fs.writeFileSync(path.join(outdir, CONFIG_FILE), JSON.stringify(synthesized.config));
  return synthesized;
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
