import { Match } from 'aws-cdk-lib/assertions';
import { ServiceNaming } from '../../src/naming/ServiceNaming';
import { ENVS, synthCached } from '../support/synth';

/** The data stack exists with the Files API only; these tests switch it on whatever the service's own setting. */
describe('data stack', () => {
  test.each(ENVS)('%s: buckets are encrypted, private, TLS-only, owner-enforced; files bucket is versioned and logged', (env) => {
    const { data, config } = synthCached(env, { filesApi: true });
    const names = new ServiceNaming(config.service, env);
    data!.resourceCountIs('AWS::S3::Bucket', 2);
    data!.allResourcesProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    data!.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'files/' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: config.noncurrentVersionExpirationDays }, Status: 'Enabled' })]),
      },
    });
    data!.resourcePropertiesCountIs('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    }, 2);
    data!.hasOutput('FilesBucketName', { Export: { Name: names.exportName('files-bucket-name') } });
    data!.hasOutput('FilesBucketArn', { Export: { Name: names.exportName('files-bucket-arn') } });
  });

  test('prod keeps its data: RETAIN, termination protection, no auto-delete, names CloudFormation generates', () => {
    const s = synthCached('prod', { filesApi: true });
    s.data!.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    s.data!.allResourcesProperties('AWS::S3::Bucket', { BucketName: Match.absent() });
    s.data!.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    expect(s.stacks.data!.terminationProtection).toBe(true);
    expect(s.stacks.data!.stackName).toBe(new ServiceNaming(s.config.service, 'prod').stackName('data'));
  });

  test('a preview leaves nothing behind: DESTROY and auto-delete of both buckets, named <service>-pr-<n>-<what>-<account>', () => {
    const s = synthCached('pr-7', { filesApi: true });
    const names = new ServiceNaming(s.config.service, 'pr-7');
    s.data!.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    s.data!.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
    for (const what of ['files', 'access-logs']) {
      s.data!.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: { 'Fn::Join': ['', [names.bucketName(what, ''), { Ref: 'AWS::AccountId' }]] },
      });
      expect(names.bucketName(what, '')).toMatch(new RegExp(`-pr-7-${what}-$`));
    }
    expect(s.stacks.data!.terminationProtection).toBe(false);
    expect(s.stacks.data!.stackName).toBe(names.stackName('data'));
  });
});
