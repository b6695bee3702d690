import { stripNoise } from '../../src/review/assembly/stripNoise';
import { diffStack } from '../../src/review/diff/diffStack';
import { ResourceChange } from '../../src/review/Review';
import { assembly, reviewOf } from './support';

const DATA = 'orders-api-prod-data';
const APP = 'orders-api-prod-app';

/** The changed resources of one stack of a fixture's review, by logical id. */
function changes(head: string, stack: string): Record<string, ResourceChange> {
  const review = reviewOf(head);
  return Object.fromEntries(review.stacks.find((s) => s.stackName === stack)!.resources.map((r) => [r.logicalId, r]));
}

describe('the infra diff of a pull request', () => {
  test('is empty when only synth noise differs (construct paths, CDKMetadata, the bootstrap version check)', () => {
    const review = reviewOf('metadata-only');
    expect(review.stacks.map((s) => [s.stackName, s.status])).toEqual([[APP, 'unchanged'], [DATA, 'unchanged']]);
    expect(review.summary).toEqual({ stacksChanged: 0, added: 0, removed: 0, replaced: 0, modified: 0, iamChanges: 0, securityChanges: 0 });
    expect(review.blocked).toBe(false);
  });

  test('strips only noise: CDKMetadata, BootstrapVersion and aws:cdk:* metadata go, DependsOn and policies stay', () => {
    const app = stripNoise(assembly('base').get(APP)!);
    expect(app.Resources.CDKMetadata).toBeUndefined();
    expect(app.Parameters.BootstrapVersion).toBeUndefined();
    expect(app.Rules).toBeUndefined();
    expect(app.Resources.ServiceFunction243F2A49.Metadata).toBeUndefined();
    expect(app.Resources.ServiceFunction243F2A49.DependsOn).toEqual(['ServiceRoleDefaultPolicyB6ED21D7', 'ServiceRole3C697B45']);
    expect(app.Resources.ServiceLogGroupB910EE76.DeletionPolicy).toBe('RetainExceptOnCreate');
  });

  test('a new BucketName replaces the bucket, and its policy (which refers to it) with it', () => {
    const data = changes('bucket-renamed', DATA);
    expect(data.FilesBucketFilesB00BB9AE).toEqual(expect.objectContaining({
      type: 'AWS::S3::Bucket', change: 'replaced', replacement: 'will', replacingProperties: ['BucketName'], deletionPolicy: 'Retain',
    }));
    expect(data.FilesBucketFilesPolicyDCA07AB1).toEqual(expect.objectContaining({ change: 'replaced', replacingProperties: ['Bucket'] }));
    expect(Object.keys(data)).toHaveLength(2);
  });

  test('a new table key replaces the table (KeySchema), and names the other changed property apart', () => {
    const table = changes('table-key-changed', DATA).OrdersTable315BB997;
    expect(table).toEqual(expect.objectContaining({
      type: 'AWS::DynamoDB::Table', change: 'replaced', replacingProperties: ['KeySchema'], changedProperties: ['AttributeDefinitions', 'KeySchema'],
    }));
  });

  test('a stack only in the base is removed with every resource, retained ones marked as left in the account', () => {
    const review = reviewOf('data-stack-removed');
    const data = review.stacks.find((s) => s.stackName === DATA)!;
    expect(data.status).toBe('removed');
    expect(data.resources.map((r) => [r.logicalId, r.change, r.orphaned ?? false])).toEqual([
      ['FilesBucketAccessLogsA6C74323', 'removed', true],
      ['FilesBucketAccessLogsPolicyA6BF189C', 'removed', false],
      ['FilesBucketFilesB00BB9AE', 'removed', true],
      ['FilesBucketFilesPolicyDCA07AB1', 'removed', false],
      ['OrdersTable315BB997', 'removed', true],
    ]);
    expect(data.templateChanges).toEqual([
      { section: 'Outputs', name: 'FilesBucketArn', change: 'removed' },
      { section: 'Outputs', name: 'FilesBucketName', change: 'removed' },
    ]);
  });

  test('a stack only in the head is added', () => {
    const { changes: added } = diffStack('new-stack', undefined, { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } });
    expect(added.status).toBe('added');
    expect(added.resources).toEqual([expect.objectContaining({ logicalId: 'Queue', change: 'added' })]);
  });

  test('a memory change updates the function in place; its published version is swapped', () => {
    const app = changes('memory-changed', APP);
    expect(app.ServiceFunction243F2A49).toEqual(expect.objectContaining({ change: 'modified', changedProperties: ['MemorySize'] }));
    expect(app.DeploymentAliasB65153D8).toEqual(expect.objectContaining({ change: 'modified', changedProperties: ['FunctionVersion'] }));
    expect(Object.values(app).filter((r) => r.type === 'AWS::Lambda::Version').map((r) => [r.change, r.orphaned ?? false]).sort())
      .toEqual([['added', false], ['removed', true]]);
  });

  test('a new alarm is added, nothing else', () => {
    expect(Object.values(changes('alarm-added', APP))).toEqual([
      expect.objectContaining({ logicalId: 'MonitoringAlarmsapi4xxrate3E5A1F0B', type: 'AWS::CloudWatch::Alarm', change: 'added' }),
    ]);
  });

  test('a property that replaces depending on its value is "may be replaced"', () => {
    const db = (storage: string) => ({ Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageType: storage } } } });
    expect(diffStack('s', db('gp2'), db('io1')).changes.resources).toEqual([
      expect.objectContaining({ change: 'replaced', replacement: 'may', replacingProperties: ['StorageType'] }),
    ]);
  });

  test('a changed resource type is a replacement, keeping the base type', () => {
    const t = (type: string) => ({ Resources: { Thing: { Type: type } } });
    expect(diffStack('s', t('AWS::SQS::Queue'), t('AWS::SNS::Topic')).changes.resources).toEqual([
      expect.objectContaining({ type: 'AWS::SQS::Queue -> AWS::SNS::Topic', baseType: 'AWS::SQS::Queue', change: 'replaced', replacingProperties: ['Type'] }),
    ]);
  });
});
