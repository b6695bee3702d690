import { CFN_TAGGABILITY } from '../../src/tagging/CfnTaggability';
import { COMMON_TAG_KEYS, PREVIEW_TAG_KEYS } from '../../src/contracts';
import { serviceTags } from '../../src/tagging/ServiceTags';
import { parseServiceConfig } from '../../src/config/ServiceConfig';
import { parseDeployEnvironment } from '../../src/config/DeployEnvironment';
import { configCases, ENVS, synthCached, SynthesizedTemplates } from '../support/synth';
import { TEST_EXPIRES_AT } from '../support/sample';
import { sampleConfig } from '../support/config';

type Resource = { Type: string; Properties?: { Tags?: unknown } };

function tagsOf(resource: Resource): Record<string, string> {
  const tags = resource.Properties?.Tags;
  if (Array.isArray(tags)) return Object.fromEntries(tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
  return (tags as Record<string, string>) ?? {};
}

function everyResource(s: SynthesizedTemplates): [string, Resource][] {
  return s.templates.flatMap((t) => Object.entries(t.toJSON().Resources as Record<string, Resource>));
}

describe.each(configCases())('%s', (_, overrides) => {
  describe.each(ENVS)('tags of %s', (env) => {
    const s = synthCached(env, overrides);
    const previewTags: Record<string, string> = env === 'prod' ? {} : { preview: 'true', pr: '7', 'expires-at': TEST_EXPIRES_AT };
    const expected: Record<string, string> = {
      service: s.config.service,
      owner: s.config.owner,
      environment: env,
      repository: s.config.repository,
      'managed-by': 'cdk',
      ...previewTags,
    };

    test('every resource type is in the taggability table', () => {
      const unknown = everyResource(s).map(([, r]) => r.Type).filter((t) => !(t in CFN_TAGGABILITY));
      expect([...new Set(unknown)]).toEqual([]);
    });

    test('every taggable resource, log groups (and the dashboard) included, carries the full tag set', () => {
      const taggable = everyResource(s).filter(([, r]) => CFN_TAGGABILITY[r.Type]);
      const mustInclude = ['AWS::Logs::LogGroup', 'AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::ApiGateway::RestApi'];
      if (s.config.filesApi) mustInclude.push('AWS::S3::Bucket');
      if (env === 'prod') mustInclude.push('AWS::CloudWatch::Dashboard', 'AWS::CloudWatch::Alarm');
      expect(taggable.map(([, r]) => r.Type)).toEqual(expect.arrayContaining(mustInclude));
      for (const [id, resource] of taggable) {
        expect({ id, tags: tagsOf(resource) }).toEqual({ id, tags: expect.objectContaining(expected) });
      }
      if (env === 'prod') {
        for (const [, resource] of taggable) expect(Object.keys(tagsOf(resource))).not.toContain('preview');
      }
    });

    test('every stack carries the tag set itself (the janitor lists stacks by their tags)', () => {
      for (const stack of [s.stacks.app, s.stacks.data]) {
        if (stack) expect({ stack: stack.stackName, tags: stack.tags }).toEqual({ stack: stack.stackName, tags: expected });
      }
    });

    test('the user pool (with Cognito auth) carries the full tag set in UserPoolTags: IAM statements match its environment tag', () => {
      const pools = everyResource(s).filter(([, r]) => r.Type === 'AWS::Cognito::UserPool');
      expect(pools).toHaveLength(s.config.auth?.issuer === 'cognito' ? 1 : 0);
      for (const [id, pool] of pools) {
        expect({ id, tags: (pool.Properties as Record<string, unknown>).UserPoolTags }).toEqual({ id, tags: expected });
      }
    });

    test('no resource CloudFormation cannot tag has Tags', () => {
      const wrong = everyResource(s).filter(([, r]) => !CFN_TAGGABILITY[r.Type] && r.Properties?.Tags !== undefined);
      expect(wrong.map(([id]) => id)).toEqual([]);
    });
  });
});

describe('serviceTags', () => {
  const config = parseServiceConfig(sampleConfig());

  test('prod has exactly the common keys, with the config\'s values', () => {
    const tags = serviceTags({ config, env: parseDeployEnvironment('prod') });
    expect(tags).toEqual({ service: config.service, owner: config.owner, environment: 'prod', repository: config.repository, 'managed-by': 'cdk' });
    expect(Object.keys(tags).sort()).toEqual([...COMMON_TAG_KEYS].sort());
  });

  test('a preview expires previewTtlDays after synth by default, as RFC 3339 UTC', () => {
    const now = new Date('2030-01-01T10:20:30.456Z');
    const tags = serviceTags({ config, env: parseDeployEnvironment('pr-12'), now });
    expect(Object.keys(tags)).toEqual([...COMMON_TAG_KEYS, ...PREVIEW_TAG_KEYS]);
    const expiry = new Date(now.getTime() + config.previewTtlDays * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(tags).toMatchObject({ preview: 'true', pr: '12', 'expires-at': expiry });
    expect(serviceTags({ config: { ...config, previewTtlDays: 7 }, env: parseDeployEnvironment('pr-12'), now })['expires-at']).toBe('2030-01-08T10:20:30Z');
  });

  test('an expiresAt that is not RFC 3339 UTC is refused', () => {
    expect(() => serviceTags({ config, env: parseDeployEnvironment('pr-1'), expiresAt: 'next week' })).toThrow(/RFC 3339/);
  });
});
