import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { loadServiceConfig, ServiceConfig } from '../config/ServiceConfig';
import { buildServiceApp, ServiceStacks } from '../ServiceApp';

/** Changes to the service's config for one synth (e.g. `{ filesApi: false }`). */
export type ConfigOverrides = Partial<ServiceConfig>;

/** How {@link synthService} synthesizes. */
export interface SynthServiceProps {
  /** The service's root (the parent of infra/). */
  readonly serviceDir: string;
  /** `prod` or `pr-<n>`. */
  readonly env: string;
  /** The Lambda artifact (context `lambdaArtifact`): a dir with an executable `bootstrap`, a zip, or an executable. */
  readonly lambdaArtifact: string;
  /**
   * The service's config file.
   * @default - `SERVICE_CONFIG`, else `<serviceDir>/infra/service.config.json`
   */
  readonly configFile?: string;
  /**
   * More context values (`-c key=value`).
   * @default - none
   */
  readonly context?: Readonly<Record<string, string>>;
  /**
   * Changes to the config.
   * @default - none
   */
  readonly overrides?: ConfigOverrides;
  /**
   * Changes the stacks before they are synthesized (an escape hatch on a construct, as a pull request might make).
   * @default - none
   */
  readonly customize?: (stacks: ServiceStacks) => void;
  /**
   * Where the cloud assembly goes (kept).
   * @default - a temporary directory, removed once the templates are read
   */
  readonly outdir?: string;
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

/**
 * Synthesizes one environment of a service the way `npx cdk synth -c env=<env>` does in its infra/ (the context of
 * its cdk.json, feature flags included), offline. Assets are not staged (copied into the assembly): the templates are
 * the same, and a debug binary is tens of megabytes per synth.
 */
export function synthService(props: SynthServiceProps): Synthesized {
  const infraDir = path.join(props.serviceDir, 'infra');
  const cdkJson = JSON.parse(fs.readFileSync(path.join(infraDir, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const dir = props.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-out-'));
  const app = new App({
    outdir: dir,
    context: {
      ...(cdkJson.context ?? {}),
      [cxapi.DISABLE_ASSET_STAGING_CONTEXT]: true,
      env: props.env,
      lambdaArtifact: props.lambdaArtifact,
      ...props.context,
    },
  });
  const configFile = props.configFile ?? process.env.SERVICE_CONFIG ?? path.join(infraDir, 'service.config.json');
  const config: ServiceConfig = { ...loadServiceConfig(configFile), ...props.overrides };
  const stacks = buildServiceApp(app, { config, serviceDir: props.serviceDir });
  props.customize?.(stacks);
  app.synth();
  const data = stacks.data ? Template.fromStack(stacks.data) : undefined;
  const appTemplate = Template.fromStack(stacks.app);
  if (!props.outdir) fs.rmSync(dir, { recursive: true, force: true });
  return { app, stacks, config, data, appTemplate, templates: data ? [data, appTemplate] : [appTemplate] };
}
