import * as path from 'path';
import { loadCustomMetricCatalog } from '../../src/monitoring/catalog/CustomMetricCatalog';
import { loadPriceTable } from '../../src/review/cost/PriceTable';
import { loadTrafficProfile } from '../../src/review/cost/TrafficProfile';
import { money, quantity, signedMoney, unitPrice } from '../../src/review/render/format';
import { renderCost } from '../../src/review/render/renderCost';
import { renderInfraDiff } from '../../src/review/render/renderInfraDiff';
import { renderMarkdown, REVIEW_MARKER } from '../../src/review/render/renderMarkdown';
import { FIXTURES, reviewOf } from './support';

const lines = (...text: string[]) => text.join('\n');

describe('the review as Markdown', () => {
  test('opens with the infra diff: counts, the blocking finding and how to override it, then the resources', () => {
    const review = reviewOf('bucket-renamed', { overrides: [{ stack: 'orders-api-prod-data', logicalId: 'OrdersTable315BB997', reason: 'Old entry' }] });
    expect(renderInfraDiff(review)).toBe(lines(
      '## Infra diff: prod',
      '',
      '**Blocked:** 1 resource holding data would be replaced or removed in prod.',
      '',
      '| Stacks changed | Replaced | Removed | Added | Modified | IAM changes | Security changes |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| 1 | 2 | 0 | 0 | 0 | 0 | 1 |',
      '',
      '### Blocked: data would be lost',
      '- `orders-api-prod-data` / `FilesBucketFilesB00BB9AE` (`AWS::S3::Bucket`, holds objects) would be **replaced** (forced by `BucketName`): '
        + 'CloudFormation creates a new, empty one; the old one stays in the account, unmanaged, and nothing uses it any more.',
      '',
      'To go ahead anyway (after moving or backing up the data), add an entry per resource to `infra/stateful-overrides.json`, with the reason:',
      '',
      '```json',
      '[',
      '  { "stack": "orders-api-prod-data", "logicalId": "FilesBucketFilesB00BB9AE", "reason": "<why this data may go>" }',
      ']',
      '```',
      '',
      '### Unused overrides',
      'These entries of `infra/stateful-overrides.json` match nothing this pull request replaces or removes; they can go:',
      '- `orders-api-prod-data` / `OrdersTable315BB997` (Old entry)',
      '',
      '### Resources',
      '',
      '<details open><summary><b>orders-api-prod-data</b>: 2 replaced</summary>',
      '',
      '| Change | Logical id | Type | Details |',
      '| --- | --- | --- | --- |',
      '| **replaced** | `FilesBucketFilesB00BB9AE` | `AWS::S3::Bucket` | forced by BucketName |',
      '| **replaced** | `FilesBucketFilesPolicyDCA07AB1` | `AWS::S3::BucketPolicy` | forced by Bucket |',
      '',
      '</details>',
      '',
      '### Bucket policy changes',
      '',
      '| Stack | Policy | Change | Statement | Effect | Actions | Resources | Principals | Condition |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      '| `orders-api-prod-data` | `FilesBucketFilesPolicyDCA07AB1` | replaced | (no statement changed) |  |  |  |  |  |',
    ));
  });

  test('shows an override\'s reason, and says when nothing changed', () => {
    const allowed = reviewOf('table-key-changed', { overrides: [{ stack: 'orders-api-prod-data', logicalId: 'OrdersTable315BB997', reason: 'Re-keyed; the table is refilled from the event log' }] });
    expect(renderInfraDiff(allowed)).toContain(lines(
      '### Allowed by overrides',
      '- `orders-api-prod-data` / `OrdersTable315BB997` (`AWS::DynamoDB::Table`, holds items) would be **replaced** (forced by `KeySchema`). '
        + 'Reason: Re-keyed; the table is refilled from the event log',
    ));
    expect(renderInfraDiff(reviewOf('metadata-only'))).toBe(lines('## Infra diff: prod', '', 'No resource holding data is replaced or removed.', '', 'No infrastructure change.'));
    expect(renderInfraDiff(reviewOf('bucket-renamed', { env: 'pr-7', prod: false }))).toMatch(/^## Infra diff: pr-7\n\n_The stateful guard runs for prod only._\n/);
  });

  test('then the cost: totals, line items with unit price and change (open when something changed), free tier, assumptions', () => {
    const review = reviewOf('alarm-added', {
      profile: loadTrafficProfile(path.join(FIXTURES, 'traffic-profile.json')),
      prices: loadPriceTable(path.join(FIXTURES, 'prices.json')),
      catalog: loadCustomMetricCatalog(path.join(FIXTURES, 'catalog.json')),
    });
    expect(renderCost(review.cost)).toBe(lines(
      '## Monthly cost estimate',
      '',
      '| Environment | Requests a month | Monthly | Change vs base | Free tier would cover |',
      '| --- | ---: | ---: | ---: | ---: |',
      '| prod | 1,000,000 | **$17.55** | **+$0.10** | up to $7.92 |',
      '',
      '<details open><summary>prod: line items</summary>',
      '',
      '| Service | Item | Quantity | Unit price | Monthly | Change vs base |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      '| Lambda | Requests (arm64) | 1,000,000 requests | $0.20 / 1M requests | $0.20 |  |',
      '| Lambda | Compute (arm64, 256 MB) | 25,000 GB-seconds | $13.3334 / 1M GB-seconds | $0.33 |  |',
      '| API Gateway | REST API requests | 1,000,000 requests | $3.50 / 1M requests | $3.50 |  |',
      '| S3 | Standard storage | 10 GB-months | $0.023 / GB-month | $0.23 |  |',
      '| S3 | PUT, COPY, POST, LIST requests | 100,000 requests | $5.00 / 1M requests | $0.50 |  |',
      '| S3 | GET and other requests | 1,000,000 requests | $0.40 / 1M requests | $0.40 |  |',
      '| X-Ray | Traces recorded | 1,000,000 traces | $5.00 / 1M traces | $5.00 |  |',
      '| CloudWatch Logs | Ingestion | 1 GB | $0.50 / GB | $0.50 |  |',
      '| CloudWatch Logs | Storage at retention (90 days) | 2.9589 GB-months | $0.03 / GB-month | $0.09 |  |',
      '| CloudWatch | Alarms, standard resolution (3 alarms) | 3 alarm metric-months | $0.10 / alarm metric-month | $0.30 | **+$0.10** |',
      '| CloudWatch | Composite alarms | 1 alarm-month | $0.50 / alarm-month | $0.50 |  |',
      '| CloudWatch | Dashboards | 1 dashboard-month | $3.00 / dashboard-month | $3.00 |  |',
      '| CloudWatch | Custom metrics of ServerlessAxum (metrics/catalog.json) | 5 metric-months | $0.30 / metric-month | $1.50 |  |',
      '| CloudWatch | Delivery metrics (record-deploy) | 4 metric-months | $0.30 / metric-month | $1.20 |  |',
      '| CloudWatch | Metrics of log metric filters | 1 metric-month | $0.30 / metric-month | $0.30 |  |',
      '| **Total** |  |  |  | **$17.55** | **+$0.10** |',
      '',
      '</details>',
      '',
      'Free tier (always free, per account and month, shared by everything in it; **not** subtracted above): 1M Lambda requests, '
        + '400,000 Lambda GB-seconds, 10 alarm metrics (standard resolution), 10 custom metrics, 3 dashboards of up to 50 metrics, '
        + '5 GB of CloudWatch Logs (ingestion and storage together), 100,000 X-Ray traces recorded.',
      '',
      '<details><summary>Assumptions</summary>',
      '',
      '- Traffic from the service\'s traffic profile.',
      '- Prod: 1,000,000 requests a month; a preview: 10,000; 100 ms average duration.',
      '- Logs: 1,073.742 bytes per request, stored uncompressed (an upper bound) for each log group\'s retention (a month is 30.42 days).',
      '- X-Ray, when tracing is on: every request traced (an upper bound: sampling records fewer).',
      '- Custom metrics: every metric and every combination of dimension values published every hour (an upper bound for a quiet preview).',
      '- Hourly resources run 730 hours a month. First-tier prices; no taxes, data transfer or support.',
      '- Prices of 2026-11-29: AWS Price List bulk offer files, OnDemand terms, first tier, us-east-1, USD.',
      '',
      '</details>',
    ));
  });

  test('is one document: the marker a workflow finds its sticky comment by, the infra diff, the cost', () => {
    const review = reviewOf('alarm-added');
    const markdown = renderMarkdown(review);
    expect(markdown.startsWith(`${REVIEW_MARKER}\n\n## Infra diff: prod\n`)).toBe(true);
    expect(markdown.indexOf('## Monthly cost estimate')).toBeGreaterThan(markdown.indexOf('### Resources'));
    expect(markdown.endsWith('</details>\n')).toBe(true);
  });

  test.each([
    [money(0.1), '$0.10'], [money(1234.5), '$1,234.50'], [money(0.002), '<$0.01'], [money(-0.002), '-<$0.01'],
    [signedMoney(0.1), '+$0.10'], [signedMoney(-3), '-$3.00'], [signedMoney(0), '$0.00'],
    [quantity(1, 'dashboard-month'), '1 dashboard-month'], [quantity(12500, 'GB-second'), '12,500 GB-seconds'], [quantity(0.95367431, 'GB'), '0.9537 GB'],
    [unitPrice(0.0000002, 'request'), '$0.20 / 1M requests'], [unitPrice(0.1, 'alarm-month'), '$0.10 / alarm-month'], [unitPrice(0.023, 'GB-month'), '$0.023 / GB-month'],
  ])('formats %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
