import * as fs from 'fs';
import * as path from 'path';
import { previewSynthesizer } from '../../src/ServiceApp';
import { synthCached } from '../support/synth';

type Artifact = { type: string; properties?: Record<string, any> };

/** Every role the CDK CLI would assume to deploy `env`: stack deploy/lookup roles and asset publishing roles. */
function rolesTheCliAssumes(env: string): string[] {
  const { outdir } = synthCached(env);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, Artifact> };
  const roles: string[] = [];
  for (const artifact of Object.values(manifest.artifacts)) {
    const p = artifact.properties ?? {};
    for (const key of ['assumeRoleArn', 'cloudFormationExecutionRoleArn']) if (p[key]) roles.push(`${key}=${p[key]}`);
    if (p.lookupRole?.arn) roles.push(`lookupRole=${p.lookupRole.arn}`);
    if (artifact.type === 'cdk:asset-manifest') {
      const assets = JSON.parse(fs.readFileSync(path.join(outdir, p.file), 'utf8'));
      for (const kind of ['files', 'dockerImages']) {
        for (const asset of Object.values(assets[kind] ?? {}) as { destinations: Record<string, { assumeRoleArn?: string }> }[]) {
          for (const d of Object.values(asset.destinations)) if (d.assumeRoleArn) roles.push(`asset=${d.assumeRoleArn}`);
        }
      }
    }
  }
  return roles;
}

/** The buckets assets are published to for `env`. */
function assetBuckets(env: string): string[] {
  const { outdir } = synthCached(env);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, Artifact> };
  return Object.values(manifest.artifacts).filter((a) => a.type === 'cdk:asset-manifest').flatMap((a) => {
    const assets = JSON.parse(fs.readFileSync(path.join(outdir, a.properties!.file), 'utf8'));
    return (Object.values(assets.files ?? {}) as { destinations: Record<string, { bucketName: string }> }[])
      .flatMap((f) => Object.values(f.destinations).map((d) => d.bucketName));
  });
}

describe('how a preview deploys', () => {
  test('the CLI assumes no role at all: the preview role deploys with its own credentials', () => {
    expect(rolesTheCliAssumes('pr-7')).toEqual([]);
  });

  test('assets go to the previews qualifier bucket, never to the prod one', () => {
    const { config } = synthCached('pr-7');
    expect([...new Set(assetBuckets('pr-7'))]).toEqual([`cdk-previews-assets-\${AWS::AccountId}-${config.region}`]);
  });

  test('prod keeps the bootstrap roles of the prod qualifier (assumed by the platform deploy role)', () => {
    const roles = rolesTheCliAssumes('prod');
    expect(roles.some((r) => r.includes('cdk-hnb659fds-deploy-role'))).toBe(true);
    expect(roles.join()).not.toContain('previews');
    const { config } = synthCached('prod');
    expect([...new Set(assetBuckets('prod'))]).toEqual([`cdk-hnb659fds-assets-\${AWS::AccountId}-${config.region}`]);
  });

  test('a malformed qualifier is refused', () => {
    expect(() => previewSynthesizer('Not_Valid')).toThrow(/previewCdkQualifier/);
  });
});
