import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SERVICE_CONFIG_ENV } from '../../src/config/ServiceConfig';
import { REVIEW_EXIT, reviewMain } from '../../src/review/main';
import { Review } from '../../src/review/Review';
import { synthService } from '../../src/testing/synthService';
import { TEST_EXPIRES_AT } from '../support/sample';
import { SERVICE_DIR } from '../support/synth';

/**
 * The review on real syntheses of this repository's service template (prod, with the Files API), as
 * `serverless-axum diff` makes them: the same app and Lambda artifact synthesized twice, then once more with the
 * files bucket given a name, as a pull request might.
 */
describe('the review of a real service app', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-synth-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const synth = (name: string, customize?: Parameters<typeof synthService>[0]['customize']): string => {
    const outdir = path.join(dir, name);
    fs.mkdirSync(outdir);
    synthService({
      serviceDir: SERVICE_DIR,
      env: 'prod',
      lambdaArtifact: process.env.LAMBDA_ARTIFACT!,
      configFile: process.env[SERVICE_CONFIG_ENV]!,
      context: { expiresAt: TEST_EXPIRES_AT },
      overrides: { filesApi: true },
      outdir,
      customize,
    });
    return outdir;
  };
  const review = (base: string, head: string): { status: number; review: Review } => {
    let out = '';
    const status = reviewMain(
      ['--base', base, '--head', head, '--format', 'json', '--catalog', path.join(SERVICE_DIR, 'metrics', 'catalog.json')],
      { out: (t) => { out += t; }, err: (t) => { throw new Error(t); } },
    );
    return { status, review: JSON.parse(out) as Review };
  };

  test('two syntheses of the same app review empty; a renamed files bucket is blocked', () => {
    const base = synth('base');
    const same = review(base, synth('same'));
    expect(same.status).toBe(REVIEW_EXIT.ok);
    expect(same.review.stacks.map((s) => s.status)).toEqual(['unchanged', 'unchanged']);
    expect(same.review.summary).toEqual({ stacksChanged: 0, added: 0, removed: 0, replaced: 0, modified: 0, iamChanges: 0, securityChanges: 0 });
    expect(same.review.cost.environments[0].delta).toBe(0);

    const renamed = review(base, synth('renamed', (stacks) => {
      ((stacks.data!.filesBucket as s3.Bucket).node.defaultChild as s3.CfnBucket).bucketName = 'orders-api-prod-files-renamed';
    }));
    expect(renamed.status).toBe(REVIEW_EXIT.blocked);
    expect(renamed.review.guard.blocked).toEqual([expect.objectContaining({
      stackName: expect.stringMatching(/-prod-data$/),
      logicalId: expect.stringMatching(/^FilesBucketFiles[0-9A-F]{8}$/),
      type: 'AWS::S3::Bucket',
      action: 'replaced',
      replacingProperties: ['BucketName'],
    })]);
  });
});
