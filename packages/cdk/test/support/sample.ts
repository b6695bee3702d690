/**
 * Values the tests render the template's service.config.json with when it still holds cargo-generate placeholders
 * (the template repository itself). A generated service's tests read its rendered config instead: no test expects
 * these values, they derive names, tags and URLs from the loaded config.
 */
export const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  'project-name': 'orders-api',
  owner: 'platform-team',
  github_repo: 'acme/orders-api',
  aws_region: 'us-west-2',
  description: 'Orders API',
  example_api: 'true',
  auth: 'jwt',
  compute: 'lambda',
};

/** The fixed preview expiry the tests synthesize with. */
export const TEST_EXPIRES_AT = '2030-01-31T12:00:00Z';

/**
 * The pushed image every synth of compute `fargate` runs (context `containerImage`), so no synth builds the Dockerfile
 * (no Docker needed). Lambda synths ignore it.
 */
export const TEST_CONTAINER_IMAGE = '123456789012.dkr.ecr.us-west-2.amazonaws.com/orders-api:0123456789abcdef0123456789abcdef01234567';
