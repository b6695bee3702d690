import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PRICE_TABLE_FILE, loadPriceTable } from '../../src/review/cost/PriceTable';
import { loadTrafficProfile } from '../../src/review/cost/TrafficProfile';
import { SERVICE_DIR } from '../support/synth';
import { FIXTURES } from './support';

describe('the review\'s data files', () => {
  test('the shipped price table matches its schema, says where its prices come from, and has every price the estimate uses', () => {
    const table = loadPriceTable();
    expect(table.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.source.currency).toBe('USD');
    expect(table.source.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(table.source.name).toMatch(/AWS Price List/);
    // The fixture's copy was taken from it: the same keys, so the arithmetic test prices every line the code knows.
    expect(Object.keys(table.prices).sort()).toEqual(Object.keys(loadPriceTable(path.join(FIXTURES, 'prices.json')).prices).sort());
    expect(JSON.parse(fs.readFileSync(DEFAULT_PRICE_TABLE_FILE, 'utf8')).$schema).toBe('../schemas/prices.schema.json');
  });

  test('the free tier names lines the estimate makes', () => {
    const ids = ['lambda.requests.arm64', 'lambda.requests.x86_64', 'lambda.compute.arm64', 'lambda.compute.x86_64', 'cloudwatch.alarms.standard',
      'cloudwatch.metrics.service', 'cloudwatch.metrics.delivery', 'cloudwatch.metrics.logs', 'cloudwatch.dashboards', 'logs.ingestion', 'logs.storage', 'xray.traces'];
    expect(loadPriceTable().freeTier.flatMap((a) => a.lines).sort()).toEqual(ids.sort());
  });

  const serviceProfile = path.join(SERVICE_DIR, 'infra', 'traffic-profile.json');
  (fs.existsSync(serviceProfile) ? test : test.skip)('the service template\'s traffic profile matches its schema', () => {
    expect(loadTrafficProfile(serviceProfile)).toEqual(expect.objectContaining({ requestsPerMonth: expect.any(Number) }));
  });
});
