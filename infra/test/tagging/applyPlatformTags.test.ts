import { CfnResource, ITaggable, ITaggableV2, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { platformTags } from '../../lib';
import { synthPlatform, testConfig } from '../support/synthPlatform';

const synthesized = synthPlatform();
const { stack, template } = synthesized.of('prod');
const expected = platformTags(testConfig());

function tagManager(c: IConstruct): TagManager | undefined {
  if (TagManager.isTaggable(c)) return (c as ITaggable).tags;
  if (TagManager.isTaggableV2(c)) return (c as ITaggableV2).cdkTagManager;
  return undefined;
}

describe('platform tags', () => {
  it('are the conventions.md set for the account stack', () => {
    expect(expected).toEqual({
      service: 'platform', environment: 'account', 'managed-by': 'cdk', owner: 'platform-team', repository: 'acme/serverless-axum',
    });
  });

  it('are on every taggable resource in the construct tree', () => {
    const taggable = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && tagManager(c) !== undefined);
    expect(taggable.length).toBeGreaterThan(15);
    for (const resource of taggable) {
      const tags = tagManager(resource)!.tagValues();
      for (const [key, value] of Object.entries(expected)) {
        expect([resource.node.path, key, tags[key]]).toEqual([resource.node.path, key, value]);
      }
    }
  });

  it('are on every taggable resource of the preview account too (the preview boundary protects them by tag)', () => {
    const preview = synthesized.of('preview').stack;
    const taggable = preview.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && tagManager(c) !== undefined);
    expect(taggable.length).toBeGreaterThan(10);
    for (const resource of taggable) expect([resource.node.path, tagManager(resource)!.tagValues().service]).toEqual([resource.node.path, 'platform']);
  });

  it('reach the synthesized template of every resource that declares Tags', () => {
    const resources = Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties?: { Tags?: unknown } }>);
    const withTags = resources.filter(([, r]) => r.Properties?.Tags !== undefined);
    expect(withTags.length).toBeGreaterThan(15);
    for (const [id, r] of withTags) {
      const tags = r.Properties!.Tags;
      const map = Array.isArray(tags) ? Object.fromEntries(tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value])) : tags as Record<string, string>;
      for (const [key, value] of Object.entries(expected)) expect([id, key, map[key]]).toEqual([id, key, value]);
    }
  });
});
