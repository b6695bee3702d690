import { ServiceNaming } from '../../src/naming/ServiceNaming';

test('names follow docs/conventions.md', () => {
  const n = new ServiceNaming('orders-api', 'pr-7');
  expect([n.stackName('data'), n.stackName('app'), n.functionName, n.apiName, n.stageName, n.dashboardName]).toEqual([
    'orders-api-pr-7-data', 'orders-api-pr-7-app', 'orders-api-pr-7', 'orders-api-pr-7', 'pr-7', 'orders-api-pr-7',
  ]);
  expect(n.functionLogGroupName).toBe('/aws/lambda/orders-api-pr-7');
  expect(n.accessLogGroupName).toBe('/aws/apigateway/orders-api-pr-7/access');
  expect(n.alarmName('lambda-errors')).toBe('orders-api-pr-7-lambda-errors');
  expect(n.roleName('function')).toBe('orders-api-pr-7-function');
  expect(n.providerFunctionName('autodelete')).toBe('orders-api-pr-7-autodelete');
  expect(n.providerLogGroupName('autodelete')).toBe('/aws/lambda/orders-api-pr-7-autodelete');
  expect(n.bucketName('files', '123456789012')).toBe('orders-api-pr-7-files-123456789012');
  expect(() => n.alarmName('LambdaErrors')).toThrow(/kebab-case/);
  expect(() => n.roleName('Function')).toThrow(/kebab-case/);
});

describe('the longest service names (40 characters) and PR numbers (7 digits)', () => {
  const service = 'a-very-long-service-name-of-forty-chars1';
  const n = new ServiceNaming(service, 'pr-1234567');

  test('roles and provider functions fit in 64 characters', () => {
    expect(n.roleName('function').length).toBeLessThanOrEqual(64);
    expect(n.providerFunctionName('autodelete').length).toBeLessThanOrEqual(64);
    expect(() => n.roleName('a-much-longer-role-purpose')).toThrow(/longer than 64/);
  });

  test('bucket names fit in 63 characters with a 12-digit account, keep -pr-<n>- and stay distinct per service', () => {
    const name = n.bucketName('access-logs', '123456789012');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^a-very-long-[a-z0-9-]*-[0-9a-f]{6}-pr-1234567-access-logs-123456789012$/);
    expect(new ServiceNaming(`${service.slice(0, -1)}2`, 'pr-1234567').bucketName('access-logs', '123456789012')).not.toBe(name);
  });

  test('load balancer and target group names fit in 32 characters, keep -pr-<n> and stay distinct per service', () => {
    const name = n.loadBalancerName;
    expect(name.length).toBeLessThanOrEqual(32);
    // ELB's rules: letters, digits and hyphens, not starting or ending with a hyphen.
    expect(name).toMatch(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/);
    expect(name).toMatch(/^a-very-long-[a-z0-9-]*-[0-9a-f]{6}-pr-1234567$/);
    expect(new ServiceNaming(`${service.slice(0, -1)}2`, 'pr-1234567').loadBalancerName).not.toBe(name);
    expect(new ServiceNaming('orders-api', 'prod').loadBalancerName).toBe('orders-api-prod');
  });
});

describe('Cognito domain prefix', () => {
  const VALID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

  test.each([
    ['orders-api', 'prod', 'orders-api-prod-123456789012'],
    ['orders-api', 'pr-7', 'orders-api-pr-7-123456789012'],
  ])('%s %s is <service>-<env>-<account>', (service, env, expected) => {
    expect(new ServiceNaming(service, env).authDomainPrefix('123456789012')).toBe(expected);
  });

  test.each(['laws-api', 'amazon-orders', 'cognito-proxy', 'a'.repeat(40), 'aws-costs-and-budgets-of-the-whole-orgs'])(
    '%s: within Cognito\'s rules in the longest preview env, unique by a hash when cut',
    (service) => {
      for (const env of ['prod', 'pr-1234567']) {
        const prefix = new ServiceNaming(service, env).authDomainPrefix('123456789012');
        expect(prefix).toMatch(VALID);
        expect(prefix).not.toMatch(/aws|amazon|cognito/);
        expect(prefix).toContain(`-${env}-123456789012`);
      }
    },
  );

  test('two services that differ only in a cut word get different prefixes', () => {
    const a = new ServiceNaming('laws-api', 'prod').authDomainPrefix('1');
    const b = new ServiceNaming('lx-api', 'prod').authDomainPrefix('1');
    expect(a).not.toBe(b);
  });
});
