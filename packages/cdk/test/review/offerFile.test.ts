import * as fs from 'fs';
import * as path from 'path';
import { extractPrice, OfferFile, stripRegionPrefix, updatePriceTable } from '../../src/review/cost/offerFile';
import { loadPriceTable } from '../../src/review/cost/PriceTable';
import { FIXTURES } from './support';

const lambdaOffer = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'offer-AWSLambda-us-west-2.json'), 'utf8')) as OfferFile;

describe('reading prices out of an AWS Price List offer file', () => {
  test.each([
    ['USW2-Lambda-GB-Second-ARM', 'Lambda-GB-Second-ARM'],
    ['Lambda-GB-Second', 'Lambda-GB-Second'],
    ['EU-Requests-Tier1', 'Requests-Tier1'],
    ['us-west-2-KMS-Keys', 'KMS-Keys'],
    ['KMS-Keys', 'KMS-Keys'],
    ['USE1-CW:AlarmMonitorUsage', 'CW:AlarmMonitorUsage'],
  ])('usage type %s is %s without its region', (usagetype, bare) => {
    expect(stripRegionPrefix(usagetype)).toBe(bare);
  });

  test('takes the first paid tier, whatever order the tiers are in, and skips the free allowance', () => {
    expect(extractPrice(lambdaOffer, { usagetype: 'Lambda-GB-Second' })).toBe(0.0000166667);
    expect(extractPrice(lambdaOffer, { usagetype: 'Lambda-GB-Second-ARM' })).toBe(0.0000133334);
    expect(extractPrice(lambdaOffer, { usagetype: 'Request-ARM', productFamily: 'Serverless' })).toBe(0.0000002);
  });

  test('says when nothing matches, or when the matches disagree', () => {
    expect(() => extractPrice(lambdaOffer, { usagetype: 'Lambda-Provisioned-GB-Second' })).toThrow('no on-demand USD price for Lambda-Provisioned-GB-Second in AWSLambda');
    expect(() => extractPrice(lambdaOffer, { usagetype: 'Request', productFamily: 'Storage' })).toThrow(/no on-demand USD price/);
    const twoPrices: OfferFile = {
      ...lambdaOffer,
      products: { ...lambdaOffer.products, OTHER: { ...lambdaOffer.products['2SZBHRGKXV4B5KZK'], sku: 'OTHER' } },
      terms: { OnDemand: { ...lambdaOffer.terms.OnDemand, OTHER: { 'OTHER.T': { priceDimensions: { 'OTHER.T.R': { beginRange: '0', pricePerUnit: { USD: '0.0000003' } } } } } } },
    };
    expect(() => extractPrice(twoPrices, { usagetype: 'Request' })).toThrow('Request in AWSLambda has several prices: 2e-7 (2SZBHRGKXV4B5KZK); 3e-7 (OTHER)');
  });

  test('rewrites the table: prices of the offers given, the others kept and listed, the date and region set', () => {
    const table = loadPriceTable();
    const stale = { ...table, prices: { ...table.prices, lambdaGbSecondArm: { ...table.prices.lambdaGbSecondArm, usd: 0.00002 } } };
    const { table: updated, changed, kept } = updatePriceTable(stale, { AWSLambda: lambdaOffer }, '2026-12-01', 'us-west-2');
    expect(changed).toEqual(['lambdaGbSecondArm: 0.00002 -> 0.0000133334']);
    expect(updated.prices.lambdaGbSecondArm.usd).toBe(0.0000133334);
    expect(updated.prices.cloudwatchAlarm).toEqual(table.prices.cloudwatchAlarm);
    expect(kept).toContain('cloudwatchAlarm: no AmazonCloudWatch offer file');
    expect(kept).toContain(`natGatewayHour: ${table.prices.natGatewayHour.notUpdated}`);
    expect(kept.some((k) => k.startsWith('lambda'))).toBe(false);
    expect(updated.date).toBe('2026-12-01');
    expect(updated.source.region).toBe('us-west-2');
    expect(updated.source.note).toMatch(/^Read from the offer files by scripts\/update-prices\.js; kept as they were: apiGatewayRestRequest, /);
  });
});
