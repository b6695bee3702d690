import { App, AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccountKind, PlatformConfig, accountKinds, accountOf } from './config';
import { PlatformAccountStack, platformStackId } from './PlatformAccountStack';
import { applyPlatformTags } from './tagging';

/** Feature flags the platform relies on (also in cdk.json, so `cdk synth` and tests agree). */
export const PLATFORM_CONTEXT = {
  // Grant S3 server-access-log delivery with a bucket policy instead of the deprecated LogDeliveryWrite ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

export interface PlatformApp {
  readonly app: App;
  /** Every platform stack: one per account kind and region. */
  readonly stacks: readonly PlatformAccountStack[];
  /** The stack of `kind` in `region` (default: the home region). */
  stack(kind: AccountKind, region?: string): PlatformAccountStack;
}

/**
 * The whole CDK app: a platform stack per account (prod and preview, or one unsafe single account) and per region
 * the fleet uses, the conventions tags at the root, cdk-nag AwsSolutions checks.
 */
export function createPlatformApp(config: PlatformConfig, appProps: AppProps = {}, repoRoot?: string): PlatformApp {
  const app = new App({ ...appProps, context: { ...PLATFORM_CONTEXT, ...appProps.context } });
  const stacks = accountKinds(config).flatMap((kind) => config.regions.map((region) => new PlatformAccountStack(
    app, platformStackId(kind, region), { config, kind, region, repoRoot, env: { account: accountOf(config, kind), region } },
  )));
  applyPlatformTags(app, config);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return {
    app,
    stacks,
    stack(kind, region = config.homeRegion) {
      const found = stacks.find((s) => s.kind === kind && s.region === region);
      if (!found) throw new Error(`no platform stack for ${kind} in ${region}`);
      return found;
    },
  };
}
