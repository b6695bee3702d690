import * as path from 'path';
import { loadServiceConfig, ServiceConfig, synthService, Synthesized } from '@serverless-axum/cdk';

/** The service's root (the parent of infra/): Cargo.toml, metrics/, dashboards/, alarms/, docs/runbooks/. */
export const SERVICE_DIR = path.join(__dirname, '..', '..', '..');

/** The service's config (`SERVICE_CONFIG`, else infra/service.config.json). */
export function serviceConfig(): ServiceConfig {
  return loadServiceConfig(process.env.SERVICE_CONFIG ?? path.join(SERVICE_DIR, 'infra', 'service.config.json'));
}

/** The fixed preview expiry the tests synthesize with. */
export const TEST_EXPIRES_AT = '2030-01-31T12:00:00Z';

/**
 * The pushed image a synth of compute `fargate` runs (context `containerImage`, as CI passes it), so no test builds
 * the Dockerfile; a Lambda synth ignores it.
 */
export const TEST_CONTAINER_IMAGE = '123456789012.dkr.ecr.us-west-2.amazonaws.com/service:0123456789abcdef0123456789abcdef01234567';

/**
 * Synthesizes one environment of this service as `npx cdk synth -c env=<env>` does, offline, with the binary
 * test/support/globalSetup.ts found or built (`LAMBDA_ARTIFACT`) and the service's own data files.
 */
export function synthEnvironment(env: string): Synthesized {
  const lambdaArtifact = process.env.LAMBDA_ARTIFACT;
  if (!lambdaArtifact) throw new Error('LAMBDA_ARTIFACT is not set: run the tests through jest (test/support/globalSetup.ts sets it)');
  return synthService({
    serviceDir: SERVICE_DIR, env, lambdaArtifact, context: { expiresAt: TEST_EXPIRES_AT, containerImage: TEST_CONTAINER_IMAGE },
  });
}
