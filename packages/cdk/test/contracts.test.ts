import {
  COMMON_TAG_KEYS, PREVIEW_ENV, PREVIEW_TAG_KEYS, TAG, parseDeployEnvironment, parsePreviewStackName, serviceStackName,
} from '../src';

describe('contracts', () => {
  it('names every tag key once, by meaning', () => {
    expect(Object.values(TAG).sort()).toEqual([...COMMON_TAG_KEYS, ...PREVIEW_TAG_KEYS].sort());
  });

  it('parses exactly the preview stack names a service deploys', () => {
    for (const kind of ['app', 'data'] as const) {
      const name = serviceStackName('orders-api', 'pr-7', kind);
      expect(parsePreviewStackName('orders-api', name)).toEqual({ pr: 7, kind });
    }
    expect(parsePreviewStackName('orders-api', 'orders-api-pr-1234567-app')).toEqual({ pr: 1234567, kind: 'app' });
    for (const name of [
      'orders-api-prod-app', 'orders-api-pr-7', 'orders-api-pr-07-app', 'orders-api-pr-0-app', 'orders-api-pr-12345678-app',
      'orders-api-pr-7-app-x', 'other-api-pr-7-app', 'orders-api-pr-7-data2', 'orders-apix-pr-7-app', 'orders-api-pr--app',
    ]) expect([name, parsePreviewStackName('orders-api', name)]).toEqual([name, undefined]);
  });

  it('agrees with the deploy environments the CDK app accepts', () => {
    for (const env of ['pr-1', 'pr-1234567']) {
      expect(PREVIEW_ENV.test(env)).toBe(true);
      expect(parseDeployEnvironment(env).kind).toBe('preview');
    }
    for (const env of ['pr-0', 'pr-12345678', 'prod-1']) {
      expect(PREVIEW_ENV.test(env)).toBe(false);
      expect(() => parseDeployEnvironment(env)).toThrow(/must be "prod" or "pr-<number>"/);
    }
  });
});
