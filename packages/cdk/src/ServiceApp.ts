import * as path from 'path';
import { App, CfnResource, CliCredentialsStackSynthesizer, IStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_PREVIEW_CDK_QUALIFIER } from './contracts';
import { AppStack } from './app/AppStack';
import { resolveLambdaArtifact } from './artifact/LambdaArtifact';
import { Architecture, ServiceConfig, usesCognito } from './config/ServiceConfig';
import { parseDeployEnvironment } from './config/DeployEnvironment';
import { DataStack } from './data/DataStack';
import { CustomMetricCatalog, loadCustomMetricCatalog } from './monitoring/catalog/CustomMetricCatalog';
import { ServiceNaming } from './naming/ServiceNaming';
import { adoptCustomResourceProviders } from './platform/CustomResourceProviders';
import { applyPreviewBoundary } from './platform/PreviewBoundary';
import { applyServiceTags, serviceTags } from './tagging/ServiceTags';

/** Context values the app reads (`-c key=value`). */
export const CONTEXT_KEYS = {
  /** `prod` or `pr-<n>` (required). */
  env: 'env',
  /** `arm64` or `x86_64`; default: the config's `architecture`. */
  architecture: 'architecture',
  /** A dir holding `bootstrap`, a zip, or an executable (staged as `bootstrap`); default: built with cargo lambda. */
  lambdaArtifact: 'lambdaArtifact',
  /** Compute `fargate`: a pushed ECR image URI to run (CI); default: built from the service's Dockerfile at deploy. */
  containerImage: 'containerImage',
  /** RFC 3339 UTC expiry of a preview; default: now + previewTtlDays. */
  expiresAt: 'expiresAt',
  /** Target account; default: CDK_DEFAULT_ACCOUNT, or env-agnostic. */
  account: 'account',
  /** Alerts topic ARN; default: SSM /platform/alerts-topic-arn at deploy time. */
  alertsTopicArn: 'alertsTopicArn',
  /** Permissions boundary of a preview's roles; default: SSM /platform/preview-permissions-boundary-arn at deploy time. */
  previewBoundaryArn: 'previewBoundaryArn',
  /** CDK bootstrap qualifier whose assets bucket previews upload to; default: {@link DEFAULT_PREVIEW_CDK_QUALIFIER}. */
  previewCdkQualifier: 'previewCdkQualifier',
} as const;

/**
 * How a preview's stacks are deployed: with the CLI's own credentials (the platform's preview role), which may not
 * assume any role — not the CDK bootstrap deploy role (whose execution role is AdministratorAccess), nor its lookup
 * or publishing roles. Assets go to the previews qualifier's bucket, which no prod deploy reads. Prod keeps CDK's
 * default synthesizer (the bootstrap roles of the prod qualifier, assumed by the platform's deploy role).
 */
export function previewSynthesizer(qualifier: string = DEFAULT_PREVIEW_CDK_QUALIFIER): IStackSynthesizer {
  if (!/^[a-z0-9]{1,10}$/.test(qualifier)) throw new Error(`context "previewCdkQualifier" must be 1-10 lowercase letters or digits, got "${qualifier}"`);
  return new CliCredentialsStackSynthesizer({ qualifier });
}

/** Props of {@link buildServiceApp}. */
export interface ServiceAppProps {
  readonly config: ServiceConfig;
  /** The service's root: Cargo.toml, metrics/, dashboards/, alarms/, docs/runbooks/ (the parent of infra/). */
  readonly serviceDir: string;
  /**
   * The custom metric catalog.
   * @default - `<serviceDir>/metrics/catalog.json`
   */
  readonly catalog?: CustomMetricCatalog;
}

/** The stacks of one service environment. */
export interface ServiceStacks {
  /** The files bucket and/or the user pool; absent with neither the Files API nor Cognito auth. */
  readonly data?: DataStack;
  readonly app: AppStack;
}

/**
 * Adds the stacks of the environment named by the `env` context value to `app` (the data stack only with the Files
 * API or Cognito auth), tags every resource, and registers the cdk-nag AwsSolutions checks (synth fails on any unacknowledged
 * finding). Previews are made deployable by the platform's preview execution role: every role carries the preview
 * permissions boundary, and every named resource (function, role, bucket, log group) is named `<service>-pr-<n>-...`.
 */
export function buildServiceApp(app: App, props: ServiceAppProps): ServiceStacks {
  const { config } = props;
  const ctx = (key: string): string | undefined => {
    const value = app.node.tryGetContext(key);
    return value === undefined || value === '' ? undefined : String(value);
  };
  const deployEnv = parseDeployEnvironment(ctx(CONTEXT_KEYS.env));
  const architecture = (ctx(CONTEXT_KEYS.architecture) ?? config.architecture) as Architecture;
  if (architecture !== 'arm64' && architecture !== 'x86_64') {
    throw new Error(`context "architecture" must be arm64 or x86_64, got "${architecture}"`);
  }
  const { serviceDir } = props;
  const naming = new ServiceNaming(config.service, deployEnv.name);
  const prod = deployEnv.kind === 'prod';
  const env = { account: ctx(CONTEXT_KEYS.account) ?? process.env.CDK_DEFAULT_ACCOUNT, region: config.region };
  // One synthesizer per stack (a synthesizer binds to the stack it is given to).
  const synthesizer = () => (prod ? undefined : previewSynthesizer(ctx(CONTEXT_KEYS.previewCdkQualifier)));

  const logRetention = (prod ? config.logRetentionDays.prod : config.logRetentionDays.preview) as logs.RetentionDays;
  // Stack-level tags too (`explicitStackTags` keeps app-level tags off stacks): the janitor finds previews by them.
  const tags = serviceTags({ config, env: deployEnv, expiresAt: ctx(CONTEXT_KEYS.expiresAt) });

  // The stateful stack: with the Files API (its bucket) or Cognito auth (the user pool; DataStack says why it is there).
  const cognito = usesCognito(config);
  const data = config.filesApi || cognito
    ? new DataStack(app, naming.stackName('data'), {
        stackName: naming.stackName('data'),
        description: `${config.description} (data, ${deployEnv.name})`,
        env,
        synthesizer: synthesizer(),
        tags,
        terminationProtection: prod,
        naming,
        retain: prod,
        files: config.filesApi,
        userPoolScopes: cognito && config.auth ? config.auth.scopes : undefined,
        noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
        namedBuckets: !prod,
      })
    : undefined;
  const stack = new AppStack(app, naming.stackName('app'), {
    stackName: naming.stackName('app'),
    description: `${config.description} (app, ${deployEnv.name})`,
    env,
    synthesizer: synthesizer(),
    tags,
    terminationProtection: prod,
    config,
    deployEnv,
    naming,
    // Only the compute that runs the service is built: no cargo lambda build for Fargate, no image for Lambda.
    artifact: config.compute === 'lambda'
      ? resolveLambdaArtifact({ artifact: ctx(CONTEXT_KEYS.lambdaArtifact), service: config.service, architecture, serviceDir })
      : undefined,
    containerImage: config.compute === 'fargate' ? ctx(CONTEXT_KEYS.containerImage) : undefined,
    architecture,
    catalog: props.catalog ?? loadCustomMetricCatalog(path.join(serviceDir, 'metrics', 'catalog.json')),
    serviceDir,
    alertsTopicArn: ctx(CONTEXT_KEYS.alertsTopicArn),
  });
  // `cdk deploy --all` deploys the bucket before the function that imports its exports (and destroys it after).
  if (data) stack.addStackDependency(data, 'imports the data stack\'s exports (files bucket, user pool)');

  for (const s of data ? [data, stack] : [stack]) {
    adoptCustomResourceProviders(s, { naming, logRetention, retainLogs: prod });
    // Only where there are roles (all are made by now): a data stack holding just the user pool has none, and an
    // unused boundary parameter is a CloudFormation warning.
    if (!prod && hasRoles(s)) applyPreviewBoundary(s, ctx(CONTEXT_KEYS.previewBoundaryArn));
  }

  applyServiceTags(app, tags);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, app: stack };
}

/** Whether `stack` holds an IAM role (L2, L1 or a raw `CfnResource`, as CDK's custom resource providers make). */
function hasRoles(stack: Stack): boolean {
  return stack.node.findAll().some((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role');
}
