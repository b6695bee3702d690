import operations from '../../src/contracts/operations.json';
import {
  DELIVERY_METRICS, DELIVERY_NAMESPACE, LIVE_ALIAS, METRIC_DIMENSIONS, NAME_PLACEHOLDERS, PREVIEW_ENV, PROD_ENV,
  SERVICE_NAME_PATTERNS, fillName, parsePreviewStackName, serviceStackName,
} from '../../src/contracts';
import { ServiceNaming } from '../../src/naming/ServiceNaming';

describe('operations.json, as the CDK library reads it', () => {
  it('gives exactly the names services are deployed with today', () => {
    const prod = new ServiceNaming('orders-api', PROD_ENV);
    expect({
      app: prod.stackName('app'), data: prod.stackName('data'), fn: prod.functionName, api: prod.apiName,
      stage: prod.stageName, dashboard: prod.dashboardName, alarm: prod.alarmName('lambda-errors'), prefix: prod.prefix,
    }).toEqual({
      app: 'orders-api-prod-app', data: 'orders-api-prod-data', fn: 'orders-api-prod', api: 'orders-api-prod',
      stage: 'prod', dashboard: 'orders-api-prod', alarm: 'orders-api-prod-lambda-errors', prefix: 'orders-api-prod',
    });
    const preview = new ServiceNaming('orders-api', 'pr-7');
    expect([preview.stackName('app'), preview.functionName, preview.stageName, preview.alarmName('api-5xx')])
      .toEqual(['orders-api-pr-7-app', 'orders-api-pr-7', 'pr-7', 'orders-api-pr-7-api-5xx']);
    expect(serviceStackName('*', PROD_ENV, 'app')).toBe('*-prod-app');
  });

  it('holds the environments, the live alias and the metric dimensions the stacks use', () => {
    expect(PROD_ENV).toBe('prod');
    expect(PREVIEW_ENV.exec('pr-1234567')?.[1]).toBe('1234567');
    expect(LIVE_ALIAS).toBe('live');
    expect(METRIC_DIMENSIONS).toEqual(['Service', 'Environment']);
    expect(Object.isFrozen(METRIC_DIMENSIONS)).toBe(true);
  });

  it('holds the four delivery metrics, with the units record-deploy publishes them in', () => {
    expect(DELIVERY_NAMESPACE).toBe('ServerlessAxum/Delivery');
    expect(DELIVERY_METRICS).toEqual({
      deployments: { name: 'Deployments', unit: 'Count' },
      failedDeployments: { name: 'FailedDeployments', unit: 'Count' },
      leadTime: { name: 'LeadTime', unit: 'Seconds' },
      timeToRestore: { name: 'TimeToRestore', unit: 'Seconds' },
    });
  });

  it('has no entry this library does not read (a new one must be wired here, or knowingly left out)', () => {
    expect(Object.keys(operations).sort()).toEqual(['$comment', 'delivery', 'environments', 'liveAlias', 'metricDimensions', 'names']);
    expect(Object.keys(operations.names).filter((k) => k !== '$comment').sort()).toEqual(Object.keys(SERVICE_NAME_PATTERNS).sort());
    expect(Object.keys(operations.environments).sort()).toEqual(['preview', 'prod']);
    expect(Object.keys(operations.delivery.metrics).sort()).toEqual(Object.keys(DELIVERY_METRICS).sort());
  });

  it('has name patterns that use known placeholders only', () => {
    const all = { service: 's', env: 'e', kind: 'k', id: 'i' };
    for (const [key, pattern] of Object.entries(SERVICE_NAME_PATTERNS)) {
      expect([key, fillName(pattern, all)]).toEqual([key, expect.not.stringMatching(/[{}]/)]);
    }
  });
});

describe('fillName', () => {
  it('fills every placeholder, and ignores values the pattern does not use', () => {
    expect(fillName('{service}-{env}-{kind}', { service: 'a', env: 'prod', kind: 'app', id: 'unused' })).toBe('a-prod-app');
    expect(fillName('{env}', { service: 'a', env: 'pr-7' })).toBe('pr-7');
  });

  it('refuses an unknown placeholder', () => {
    expect(() => fillName('{service}-{region}', { service: 'a' })).toThrow(/unknown placeholder \{region\}/);
    expect(() => fillName('{Service}', { service: 'a' })).toThrow(/unknown placeholder \{Service\}/);
    expect(() => fillName('{}', {})).toThrow(/unknown placeholder \{\}/);
  });

  it('refuses a placeholder without a value', () => {
    expect(() => fillName('{service}-{env}-{id}', { service: 'a', env: 'prod' })).toThrow(/needs a value for \{id\}/);
    expect(() => fillName(SERVICE_NAME_PATTERNS.stack, { service: 'a', env: 'prod' })).toThrow(/\{kind\}/);
  });

  it('refuses a stray brace', () => {
    expect(() => fillName('{service-{env}', { service: 'a', env: 'prod' })).toThrow(/unmatched brace/);
    expect(() => fillName('{service}}', { service: 'a' })).toThrow(/unmatched brace/);
  });

  it('knows the placeholders of operations.json\'s comment', () => {
    expect(NAME_PLACEHOLDERS).toEqual(['service', 'env', 'kind', 'id']);
    for (const p of NAME_PLACEHOLDERS) expect(operations.names.$comment).toContain(`{${p}}`);
  });
});

describe('parsePreviewStackName, read from the stack pattern', () => {
  it('reads back every preview stack name the pattern builds, and nothing else', () => {
    for (const kind of ['data', 'app'] as const) {
      expect(parsePreviewStackName('orders-api', serviceStackName('orders-api', 'pr-42', kind))).toEqual({ pr: 42, kind });
      expect(parsePreviewStackName('orders-api', serviceStackName('orders-api', PROD_ENV, kind))).toBeUndefined();
    }
    expect(parsePreviewStackName('orders-api', 'orders-api-app')).toBeUndefined();
    expect(parsePreviewStackName('orders-api', 'orders-api--app')).toBeUndefined();
  });
});
