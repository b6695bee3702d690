import { Template } from 'aws-cdk-lib/assertions';
import { PLATFORM_PARAMETERS, PREVIEW_ENVIRONMENT_TAG_PATTERN, TAG } from '../../src/contracts';

const PREVIEW_BOUNDARY_PARAMETER = PLATFORM_PARAMETERS.previewBoundaryArn;
import { configCases, configOverrides, synthCached, synthService } from '../support/synth';

type Resource = { Type: string; Properties?: Record<string, any> };

/**
 * What the platform's preview execution role (platform repository: infra/lib/github/PreviewExecutionRole.ts; the
 * workflow deploys previews with `cdk deploy --role-arn` of it) lets CloudFormation manage, by resource type: the
 * property holding the resource's name, which must match the role's `*-pr-*` resource patterns, or `null` for a
 * resource that has no name of its own and is authorized through the one it belongs to (which must then be in the
 * same template), or through API Gateway's random ids; or, for a resource whose ARN carries a random id and no name
 * (a Cognito user pool: `userpool/<region>_<random>`), the property holding its tags, whose `environment` tag the
 * role's statements match (`pr-*`).
 */
const MANAGEABLE: Readonly<Record<string, { name: string } | { partOf: string } | { tags: string } | 'unnamed'>> = {
  // Compute fargate. ECS services and target groups are matched by their ARNs, which hold the cluster's and the load
  // balancer's names; security groups and scalable targets (ARNs of random ids) by their environment tag.
  'AWS::ECS::Cluster': { name: 'ClusterName' },
  'AWS::ECS::Service': { name: 'ServiceName' },
  'AWS::ECS::TaskDefinition': { name: 'Family' },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { name: 'Name' },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { name: 'Name' },
  'AWS::ElasticLoadBalancingV2::Listener': { partOf: 'LoadBalancerArn' },
  'AWS::EC2::SecurityGroup': { tags: 'Tags' },
  'AWS::EC2::SecurityGroupIngress': { partOf: 'GroupId' },
  'AWS::EC2::SecurityGroupEgress': { partOf: 'GroupId' },
  'AWS::ApplicationAutoScaling::ScalableTarget': { tags: 'Tags' },
  'AWS::ApplicationAutoScaling::ScalingPolicy': { partOf: 'ScalingTargetId' },
  'AWS::Lambda::Function': { name: 'FunctionName' },
  'AWS::Logs::LogGroup': { name: 'LogGroupName' },
  'AWS::S3::Bucket': { name: 'BucketName' },
  'AWS::IAM::Role': { name: 'RoleName' },
  'AWS::Lambda::Permission': { partOf: 'FunctionName' },
  'AWS::S3::BucketPolicy': { partOf: 'Bucket' },
  'AWS::IAM::Policy': { partOf: 'Roles' },
  'Custom::S3AutoDeleteObjects': { partOf: 'ServiceToken' },
  'AWS::ApiGateway::RestApi': 'unnamed',
  'AWS::ApiGateway::Resource': 'unnamed',
  'AWS::ApiGateway::Method': 'unnamed',
  'AWS::ApiGateway::Deployment': 'unnamed',
  'AWS::ApiGateway::Stage': 'unnamed',
  'AWS::ApiGateway::Authorizer': 'unnamed',
  'AWS::ApiGateway::GatewayResponse': 'unnamed',
  'AWS::Cognito::UserPool': { tags: 'UserPoolTags' },
  'AWS::Cognito::UserPoolResourceServer': { partOf: 'UserPoolId' },
  'AWS::Cognito::UserPoolClient': { partOf: 'UserPoolId' },
  'AWS::Cognito::UserPoolDomain': { partOf: 'UserPoolId' },
  'AWS::CDK::Metadata': 'unnamed',
};

/** A name as the role's resource pattern sees it: the account id filled in for `Ref: AWS::AccountId`. */
function resolveName(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map((p) => (typeof p === 'string' ? p : (p as { Ref?: string }).Ref === 'AWS::AccountId' ? '123456789012' : '<?>')).join(join[0]);
  return `<unresolved ${JSON.stringify(value)}>`;
}

/** Logical ids a property refers to (Ref / Fn::GetAtt, in lists too). */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  if (v?.Ref) return [v.Ref];
  if (v?.['Fn::GetAtt']) return [v['Fn::GetAtt'][0]];
  return [];
}

function resources(s: { templates: readonly Template[] }): [string, Resource, Record<string, Resource>, Record<string, any>][] {
  return s.templates.flatMap((t) => {
    const json = t.toJSON();
    return Object.entries(json.Resources as Record<string, Resource>).map(([id, r]) => [id, r, json.Resources, json.Parameters ?? {}] as [string, Resource, Record<string, Resource>, Record<string, any>]);
  });
}

/** Each synthesized preview: the cached config cases (compute lambda), and compute fargate. */
const PREVIEWS: [string, () => { config: { service: string }; templates: readonly Template[] }][] = [
  ...configCases().map(([name, overrides]): [string, () => ReturnType<typeof synthCached>] => [name, () => synthCached('pr-7', overrides)]),
  ['compute fargate', () => synthService('pr-7', {}, { ...configOverrides({}), compute: 'fargate' })],
];

/** Tags as a map, from either of CloudFormation's two shapes (a map, or a list of Key/Value). */
function tagMap(tags: unknown): Record<string, string> | undefined {
  if (Array.isArray(tags)) return Object.fromEntries(tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
  return tags as Record<string, string> | undefined;
}

describe.each(PREVIEWS)('preview stacks (%s) are deployable by the platform\'s preview execution role', (_, synth) => {
  const s = synth();
  const all = resources(s);

  test('every resource type is one the role can manage', () => {
    const unknown = [...new Set(all.map(([, r]) => r.Type).filter((t) => !(t in MANAGEABLE)))];
    expect(unknown).toEqual([]);
  });

  test('every named resource is named <service>-pr-<n>..., inside the role\'s *-pr-* patterns', () => {
    const named = all.filter(([, r]) => typeof MANAGEABLE[r.Type] === 'object' && 'name' in (MANAGEABLE[r.Type] as object));
    expect(named.length).toBeGreaterThan(0);
    for (const [id, r] of named) {
      const name = resolveName(r.Properties?.[(MANAGEABLE[r.Type] as { name: string }).name]);
      expect({ id, name }).toEqual({ id, name: expect.stringMatching(/-pr-7(?![0-9])/) });
      if (r.Type !== 'AWS::S3::Bucket') expect({ id, name }).toEqual({ id, name: expect.stringContaining(`${s.config.service}-pr-7`) });
    }
  });

  test('resources without a name of their own belong to a named resource of the same stack', () => {
    for (const [id, r, siblings] of all) {
      const rule = MANAGEABLE[r.Type];
      if (typeof rule !== 'object' || !('partOf' in rule)) continue;
      const targets = referencedIds(r.Properties?.[rule.partOf]);
      expect({ id, targets: targets.length > 0 }).toEqual({ id, targets: true });
      for (const target of targets) expect({ id, target, exists: target in siblings }).toEqual({ id, target, exists: true });
    }
  });

  test('resources authorized by their tags carry environment=pr-<n> (the role matches environment=pr-*)', () => {
    for (const [id, r] of all) {
      const rule = MANAGEABLE[r.Type];
      if (typeof rule !== 'object' || !('tags' in rule)) continue;
      const tags = tagMap(r.Properties?.[rule.tags]);
      expect({ id, environment: tags?.[TAG.environment] }).toEqual({ id, environment: 'pr-7' });
      expect('pr-7').toMatch(new RegExp(`^${PREVIEW_ENVIRONMENT_TAG_PATTERN.replace('*', '.*')}$`));
    }
  });

  test('every role carries the preview permissions boundary, read from SSM by CloudFormation at deploy time', () => {
    const roles = all.filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(0);
    for (const [id, r, , parameters] of roles) {
      const ref = r.Properties?.PermissionsBoundary?.Ref;
      expect({ id, parameter: parameters[ref] }).toEqual({
        id,
        parameter: { Type: 'AWS::SSM::Parameter::Value<String>', Default: PREVIEW_BOUNDARY_PARAMETER },
      });
    }
  });
});

test('-c previewBoundaryArn= replaces the SSM parameter (an account without the platform stack)', () => {
  const arn = 'arn:aws:iam::123456789012:policy/my-preview-boundary';
  const s = synthService('pr-7', { previewBoundaryArn: arn }, { filesApi: true });
  const roles = resources(s).filter(([, r]) => r.Type === 'AWS::IAM::Role');
  expect(roles.length).toBeGreaterThan(1);
  for (const [, r] of roles) expect(r.Properties?.PermissionsBoundary).toBe(arn);
  for (const t of s.templates) expect(JSON.stringify(t.toJSON())).not.toContain(PREVIEW_BOUNDARY_PARAMETER);
});

test('prod roles carry no preview boundary (prod deploys through the CDK bootstrap roles)', () => {
  const s = synthCached('prod', { filesApi: true });
  for (const t of s.templates) {
    expect(JSON.stringify(t.toJSON())).not.toContain(PREVIEW_BOUNDARY_PARAMETER);
    for (const role of Object.values(t.findResources('AWS::IAM::Role'))) expect(role.Properties.PermissionsBoundary).toBeUndefined();
  }
});
