import * as path from 'path';
import { loadCustomMetricCatalog } from '../../src/monitoring/catalog/CustomMetricCatalog';
import { estimateCost } from '../../src/review/cost/estimateCost';
import { loadPriceTable } from '../../src/review/cost/PriceTable';
import { DEFAULT_TRAFFIC_PROFILE, loadTrafficProfile } from '../../src/review/cost/TrafficProfile';
import { CostLine, EnvironmentCost } from '../../src/review/Review';
import { assembly, FIXTURES, reviewOf } from './support';

const prices = loadPriceTable(path.join(FIXTURES, 'prices.json'));
const profile = loadTrafficProfile(path.join(FIXTURES, 'traffic-profile.json'))!;
const catalog = loadCustomMetricCatalog(path.join(FIXTURES, 'catalog.json'));

/** fixtures/cost (one of every priced resource) against an empty base, prod and a preview. */
function costOfFixture() {
  return estimateCost({
    env: { base: assembly('empty'), head: assembly('cost'), prod: true },
    preview: { base: assembly('empty'), head: assembly('cost') },
    prices, profile, catalog,
  });
}

const monthly = (e: EnvironmentCost) => Object.fromEntries(e.lines.map((l) => [l.id, l.monthly]));

describe('the monthly cost estimate', () => {
  test('prices every line of fixtures/cost as computed by hand (prod)', () => {
    const [prod] = costOfFixture().environments;
    expect(prod.name).toBe('prod');
    expect(monthly(prod)).toEqual({
      // Only Fn serves the API (permission -> alias -> function); DeployHandler is a deploy-time function: not priced.
      'lambda.requests.arm64': 0.2, // 1,000,000 requests x $0.0000002
      'lambda.compute.arm64': 0.66667, // 1,000,000 x 0.1 s x 512/1024 GB = 50,000 GB-s x $0.0000133334
      'apigateway.rest.requests': 3.5, // 1,000,000 x $0.0000035
      's3.storage': 0.23, // 10 GB x $0.023
      's3.requests.put': 0.5, // 100,000 x $0.000005
      's3.requests.get': 0.4, // 1,000,000 x $0.0000004
      'xray.traces': 5, // tracing on (function and stage): 1,000,000 traces x $0.000005
      'logs.ingestion': 0.5, // 1,000,000 x 1073.741824 bytes = 2^30 bytes = 1 GB x $0.50
      // Two request log groups (Fn's LoggingConfig, the stage's access logs), 0.5 GB a month each, kept 365 days
      // = 365 / (730 h / 24) = 12 months: 2 x 0.5 x 12 = 12 GB-months x $0.03.
      'logs.storage': 0.36,
      'cloudwatch.alarms.standard': 0.3, // ErrorsAlarm (1 metric) + ErrorRateAlarm (2 metrics of its expression) = 3 x $0.10
      'cloudwatch.alarms.highResolution': 0.3, // FastAlarm, a 10 s period: 1 x $0.30
      'cloudwatch.alarms.composite': 0.5, // 1 x $0.50
      'cloudwatch.dashboards': 3, // 1 x $3
      'cloudwatch.metrics.service': 1.5, // catalog: Requests x 4 StatusClass values + Latency = 5 x $0.30
      'cloudwatch.metrics.delivery': 1.2, // prod: the 4 delivery metrics x $0.30
      'cloudwatch.metrics.logs': 0.3, // 1 metric filter x $0.30
      'kms.keys': 1, // 1 x $1
      'vpc.natGateways': 32.85, // 730 h x $0.045
      'elb.loadBalancers': 16.425, // 730 h x $0.0225
      'ecs.fargate.vcpu.x86_64': 29.5504, // 2 tasks x 512/1024 vCPU x 730 h = 730 vCPU-h x $0.04048
      'ecs.fargate.memory.x86_64': 6.4897, // 2 tasks x 1024/1024 GB x 730 h = 1,460 GB-h x $0.004445
    });
    // usage 10.49667 + logs 0.86 + CloudWatch 7.10 + KMS 1 + NAT 32.85 + ALB 16.425 + Fargate 36.0401 = 104.77177
    expect(prod.total).toBe(104.77177);
    expect(prod.baseTotal).toBe(0);
    expect(prod.delta).toBe(104.77177);
    const line = (id: string) => prod.lines.find((l) => l.id === id)!;
    expect(line('lambda.compute.arm64')).toEqual(expect.objectContaining({ quantity: 50000, unit: 'GB-second', unitPrice: 0.0000133334 }));
    expect(line('logs.storage').quantity).toBeCloseTo(12, 9);
    expect(line('logs.storage').resources).toEqual(['costs-prod-app/AccessLogs', 'costs-prod-app/FnLogGroup']);
    expect(line('lambda.requests.arm64').resources).toEqual(['costs-prod-app/Fn']);
  });

  test('says what the free tier would cover, without subtracting it', () => {
    const [prod] = costOfFixture().environments;
    // 1M requests $0.20 + 50,000 GB-s $0.66667 (of 400,000) + 3 standard alarm metrics $0.30 (of 10) + 10 custom
    // metrics: 5 service $1.50, 4 delivery $1.20, 1 log $0.30 + 1 dashboard $3 (of 3) + 5 GB of logs: 1 GB ingested
    // $0.50, 4 of the 12 GB-months stored $0.12 + 100,000 traces $0.50 = 8.28667
    expect(prod.freeTierCovers).toBe(8.28667);
    expect(prod.total).toBe(104.77177);
  });

  test('prices a preview at its own requests, S3 requests scaled with them, its stored data, no delivery metrics', () => {
    const [, preview] = costOfFixture().environments;
    expect(preview.name).toBe('preview');
    expect(preview.requestsPerMonth).toBe(10000);
    const m = monthly(preview);
    expect(m['lambda.requests.arm64']).toBe(0.002); // 10,000 x $0.0000002
    expect(m['lambda.compute.arm64']).toBe(0.006667); // 10,000 x 0.1 s x 0.5 GB = 500 GB-s x $0.0000133334 = 0.0066667
    expect(m['s3.storage']).toBe(0.0115); // 0.5 GB x $0.023
    expect(m['s3.requests.put']).toBe(0.005); // 100,000 x (10,000 / 1,000,000) = 1,000 x $0.000005
    expect(m['logs.ingestion']).toBe(0.005); // 0.01 GB x $0.50
    expect(m['logs.storage']).toBe(0.0036); // 0.01 GB x 12 months x $0.03
    expect(m['cloudwatch.metrics.delivery']).toBeUndefined();
    // usage 0.114167 + logs 0.0086 + CloudWatch 5.90 + KMS 1 + NAT 32.85 + ALB 16.425 + Fargate 36.0401 = 92.337867
    expect(preview.total).toBe(92.337867);
  });

  test('a pull request adding one standard metric alarm costs $0.10 a month more in prod, and nothing else changes', () => {
    const [prod] = reviewOf('alarm-added').cost.environments;
    expect(prod.delta).toBe(0.1);
    expect(prod.lines.filter((l) => l.delta !== 0)).toEqual([expect.objectContaining({
      id: 'cloudwatch.alarms.standard', quantity: 3, baseQuantity: 2, unitPrice: 0.1, monthly: 0.3, baseMonthly: 0.2, delta: 0.1,
    })]);
  });

  test('a memory change moves the compute line only', () => {
    const [prod] = reviewOf('memory-changed', { profile }).cost.environments;
    // 1,000,000 x 0.1 s x (512 - 256) / 1024 GB = 25,000 GB-s more x $0.0000133334 = 0.333335
    expect(prod.lines.filter((l) => l.delta !== 0).map((l: CostLine) => [l.id, l.delta])).toEqual([['lambda.compute.arm64', 0.333335]]);
  });

  test('a removed line shows at zero with its saving', () => {
    const [prod] = reviewOf('data-stack-removed').cost.environments;
    expect(prod.lines.find((l) => l.id === 's3.storage')).toEqual(expect.objectContaining({
      quantity: 0, monthly: 0, baseQuantity: DEFAULT_TRAFFIC_PROFILE.s3!.storedGB, delta: -0.023,
    }));
  });

  test('states its assumptions, and the defaults when no traffic profile is given', () => {
    const cost = reviewOf('alarm-added').cost;
    expect(cost.assumptions[0]).toMatch(/No traffic profile was given \(infra\/traffic-profile\.json\)/);
    expect(cost.assumptions).toContainEqual(expect.stringMatching(/^Prod: 1,000,000 requests a month; a preview: 10,000; 50 ms/));
    expect(cost.assumptions).toContainEqual('No metric catalog was given: the service\'s custom metrics are not priced.');
    expect(cost.freeTier).toContain('10 alarm metrics (standard resolution)');
    expect(cost.prices).toEqual({ date: prices.date, source: 'AWS Price List bulk offer files, OnDemand terms, first tier, us-east-1, USD' });
  });
});
