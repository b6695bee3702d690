import { buildReview } from '../../src/review/buildReview';
import { loadPriceTable } from '../../src/review/cost/PriceTable';
import { reviewOf } from './support';

/** The review of one stack going from `base` to `head` resources. */
function securityOf(base: Record<string, unknown>, head: Record<string, unknown>) {
  return buildReview({
    env: 'prod', prod: true, overrides: [], overridesFile: 'infra/stateful-overrides.json', prices: loadPriceTable(),
    base: new Map([['s', { Resources: base }]]),
    head: new Map([['s', { Resources: head }]]),
  }).security;
}

const ROLE = {
  Type: 'AWS::IAM::Role',
  Properties: { AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }], Version: '2012-10-17' } },
};

describe('security changes, listed apart from the resources', () => {
  test('an IAM statement removed with the data stack: actions, resources, principals', () => {
    const { iamStatements, bucketPolicies } = reviewOf('data-stack-removed').security;
    expect(iamStatements).toEqual([{
      stackName: 'orders-api-prod-app',
      change: 'removed',
      statement: {
        effect: 'Allow',
        actions: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        resources: ['{"Fn::ImportValue":"orders-api-prod-files-bucket-arn"}/files/*'],
        principals: ['AWS:${ServiceRole3C697B45}'],
      },
    }]);
    // The buckets' policies go with the stack: each listed as a bucket policy, not as IAM.
    expect(bucketPolicies.map((p) => [p.logicalId, p.change, p.removed.length, p.added.length])).toEqual([
      ['FilesBucketAccessLogsPolicyA6BF189C', 'removed', 1, 0],
      ['FilesBucketFilesPolicyDCA07AB1', 'removed', 1, 0],
    ]);
  });

  test('a managed policy attached to a role', () => {
    const attached = { ...ROLE, Properties: { ...ROLE.Properties, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } };
    expect(securityOf({ Role: ROLE }, { Role: attached }).managedPolicies).toEqual([
      { stackName: 's', change: 'added', identity: '${Role}', managedPolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    ]);
  });

  test('a security group opened to the world', () => {
    const group = (ingress: unknown[]) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web', SecurityGroupIngress: ingress } });
    const rule = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' };
    expect(securityOf({ Sg: group([]) }, { Sg: group([rule]) }).securityGroupRules).toEqual([
      { stackName: 's', change: 'added', direction: 'ingress', group: '${Sg.GroupId}', protocol: 'TCP 22', peer: 'Everyone (IPv4)' },
    ]);
  });

  test('a bucket policy statement added: on the bucket policy, not in the IAM list', () => {
    const policy = (statements: unknown[]) => ({
      Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'B' }, PolicyDocument: { Statement: statements, Version: '2012-10-17' } },
    });
    const read = { Action: 's3:GetObject', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Resource: 'arn:aws:s3:::b/*' };
    const bucket = { Type: 'AWS::S3::Bucket' };
    const security = securityOf({ B: bucket, P: policy([]) }, { B: bucket, P: policy([read]) });
    expect(security.iamStatements).toEqual([]);
    expect(security.bucketPolicies).toEqual([{
      stackName: 's', logicalId: 'P', change: 'modified', removed: [],
      added: [{ effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'], principals: ['AWS:arn:aws:iam::111122223333:root'] }],
    }]);
  });
});
