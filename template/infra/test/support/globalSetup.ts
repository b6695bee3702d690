import { buildDebugArtifact } from '@serverless-axum/cdk';
import { SERVICE_DIR, serviceConfig } from './service';

/** Environment variable naming the staging directory globalSetup made, which globalTeardown removes. */
export const STAGED_ARTIFACT_ENV = 'SERVICE_TEST_STAGED_ARTIFACT';

/**
 * Runs once before the tests: LAMBDA_ARTIFACT is kept if set (an executable, a dir with an executable `bootstrap`,
 * or a zip); else the service is built with `cargo build` in the parent directory (`CARGO_TARGET_DIR` is respected)
 * and its binary staged as `bootstrap` in a temporary directory.
 */
export default function globalSetup(): void {
  if (process.env.LAMBDA_ARTIFACT) return;
  process.env.LAMBDA_ARTIFACT = buildDebugArtifact(SERVICE_DIR, serviceConfig().service);
  process.env[STAGED_ARTIFACT_ENV] = process.env.LAMBDA_ARTIFACT;
}
