import { App, AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlatformConfig } from './config';
import { PLATFORM_STACK_NAME, PlatformAccountStack } from './PlatformAccountStack';
import { applyPlatformTags } from './tagging';

/** Feature flags the platform relies on (also in cdk.json, so `cdk synth` and tests agree). */
export const PLATFORM_CONTEXT = {
  // Grant S3 server-access-log delivery with a bucket policy instead of the deprecated LogDeliveryWrite ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

export interface PlatformApp {
  readonly app: App;
  readonly stack: PlatformAccountStack;
}

/** The whole CDK app: the account stack, the conventions tags at the root, cdk-nag AwsSolutions checks. */
export function createPlatformApp(config: PlatformConfig, appProps: AppProps = {}, repoRoot?: string): PlatformApp {
  const app = new App({ ...appProps, context: { ...PLATFORM_CONTEXT, ...appProps.context } });
  const env = config.account || config.region ? { account: config.account, region: config.region } : undefined;
  const stack = new PlatformAccountStack(app, PLATFORM_STACK_NAME, { config, env, repoRoot });
  applyPlatformTags(app, config);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
