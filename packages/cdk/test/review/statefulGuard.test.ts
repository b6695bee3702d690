import { holdsData } from '../../src/review/guard/statefulResources';
import { reviewOf } from './support';

const DATA = 'orders-api-prod-data';

describe('the stateful guard', () => {
  test('blocks a replaced bucket, naming the stack, the logical id, the type, the forcing property', () => {
    const review = reviewOf('bucket-renamed');
    expect(review.blocked).toBe(true);
    expect(review.guard.blocked).toEqual([{
      stackName: DATA, logicalId: 'FilesBucketFilesB00BB9AE', type: 'AWS::S3::Bucket', action: 'replaced',
      replacingProperties: ['BucketName'], holdsData: 'holds objects', policy: 'Retain',
    }]);
  });

  test('blocks a table whose key changes', () => {
    expect(reviewOf('table-key-changed').guard.blocked).toEqual([expect.objectContaining({
      logicalId: 'OrdersTable315BB997', type: 'AWS::DynamoDB::Table', action: 'replaced', replacingProperties: ['KeySchema'],
    })]);
  });

  test('blocks every resource holding data of a removed stack; its bucket policies hold none', () => {
    const blocked = reviewOf('data-stack-removed').guard.blocked;
    expect(blocked.map((f) => [f.logicalId, f.action])).toEqual([
      ['FilesBucketAccessLogsA6C74323', 'removed with its stack'],
      ['FilesBucketFilesB00BB9AE', 'removed with its stack'],
      ['OrdersTable315BB997', 'removed with its stack'],
    ]);
  });

  test('lets ordinary changes through: a memory change (whose retained function version is swapped), a new alarm', () => {
    for (const head of ['memory-changed', 'alarm-added', 'metadata-only']) {
      const review = reviewOf(head);
      expect([head, review.blocked, review.guard.blocked]).toEqual([head, false, []]);
    }
  });

  test('an override allows a finding with its reason; an override of nothing blocked is reported unused', () => {
    const overrides = [
      { stack: DATA, logicalId: 'FilesBucketFilesB00BB9AE', reason: 'Moving to a named bucket; objects copied by the migration job' },
      { stack: DATA, logicalId: 'OrdersTable315BB997', reason: 'Left over from a previous pull request' },
    ];
    const review = reviewOf('bucket-renamed', { overrides });
    expect(review.blocked).toBe(false);
    expect(review.guard.blocked).toEqual([]);
    expect(review.guard.allowed).toEqual([expect.objectContaining({ logicalId: 'FilesBucketFilesB00BB9AE', override: overrides[0] })]);
    expect(review.guard.unusedOverrides).toEqual([overrides[1]]);
  });

  test('an override must name the stack too', () => {
    const review = reviewOf('bucket-renamed', { overrides: [{ stack: 'orders-api-prod-app', logicalId: 'FilesBucketFilesB00BB9AE', reason: 'x' }] });
    expect(review.blocked).toBe(true);
    expect(review.guard.unusedOverrides).toHaveLength(1);
  });

  test('guards prod only: the same change in a preview passes', () => {
    const review = reviewOf('bucket-renamed', { env: 'pr-7', prod: false, overrides: [{ stack: DATA, logicalId: 'X', reason: 'r' }] });
    expect(review.blocked).toBe(false);
    expect(review.guard).toEqual({ applies: false, overridesFile: 'infra/stateful-overrides.json', blocked: [], allowed: [], unusedOverrides: [] });
  });

  test.each([
    ['a bucket, whatever its policies', { type: 'AWS::S3::Bucket' }, 'holds objects'],
    ['an RDS instance', { type: 'AWS::RDS::DBInstance', deletionPolicy: 'Snapshot' }, 'holds a database'],
    ['a retained log group', { type: 'AWS::Logs::LogGroup', deletionPolicy: 'RetainExceptOnCreate' }, 'holds logs (DeletionPolicy RetainExceptOnCreate)'],
    ['a log group deleted with its stack', { type: 'AWS::Logs::LogGroup' }, undefined],
    ['any resource the base retains', { type: 'AWS::Cognito::UserPoolClient', updateReplacePolicy: 'Retain' }, 'marked to be kept (UpdateReplacePolicy Retain)'],
    ['a retained function version (retained for rollbacks, not data)', { type: 'AWS::Lambda::Version', deletionPolicy: 'RetainExceptOnCreate' }, undefined],
    ['a function', { type: 'AWS::Lambda::Function' }, undefined],
  ])('holds data: %s', (_, resource, expected) => {
    expect(holdsData(resource)).toBe(expected);
  });
});
