import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REVIEW_EXIT, reviewMain } from '../../src/review/main';
import { FIXTURES } from './support';

const ROOT = path.join(__dirname, '..', '..');
const fixture = (name: string) => path.join(FIXTURES, name);

/** Runs the entry point in-process; returns its exit status and what it wrote. */
function run(...argv: string[]): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = reviewMain(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { status, out, err };
}

const common = ['--catalog', fixture('catalog.json'), '--traffic', fixture('traffic-profile.json')];

describe('the entry point (serverless-axum-review)', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-main-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 0 and prints Markdown for an ordinary change', () => {
    const { status, out, err } = run('--base', fixture('base'), '--head', fixture('alarm-added'), '--env', 'prod', ...common);
    expect([status, err]).toEqual([REVIEW_EXIT.ok, '']);
    expect(out).toContain('| added | `MonitoringAlarmsapi4xxrate3E5A1F0B` | `AWS::CloudWatch::Alarm` |  |');
    expect(out).toContain('| prod | 1,000,000 | **$17.55** | **+$0.10** |');
  });

  test('exits 1 when the stateful guard blocks, and 0 once an override allows it', () => {
    expect(run('--base', fixture('base'), '--head', fixture('data-stack-removed'), ...common).status).toBe(REVIEW_EXIT.blocked);
    const overrides = path.join(dir, 'stateful-overrides.json');
    fs.writeFileSync(overrides, JSON.stringify(['FilesBucketAccessLogsA6C74323', 'FilesBucketFilesB00BB9AE', 'OrdersTable315BB997']
      .map((logicalId) => ({ stack: 'orders-api-prod-data', logicalId, reason: 'The service drops its Files API; the objects were archived' }))));
    const allowed = run('--base', fixture('base'), '--head', fixture('data-stack-removed'), '--overrides', overrides, ...common);
    expect(allowed.status).toBe(REVIEW_EXIT.ok);
    expect(allowed.out).toContain('### Allowed by overrides');
  });

  test('a missing overrides file is no override; the blocked review names it in the hint', () => {
    const { status, out } = run('--base', fixture('base'), '--head', fixture('bucket-renamed'), '--overrides', path.join(dir, 'none.json'));
    expect(status).toBe(REVIEW_EXIT.blocked);
    expect(out).toContain(`add an entry per resource to \`${path.join(dir, 'none.json')}\``);
  });

  test('prints the same review as JSON', () => {
    const { status, out } = run('--base', fixture('base'), '--head', fixture('bucket-renamed'), '--format', 'json',
      '--preview-base', fixture('base'), '--preview-head', fixture('bucket-renamed'), ...common);
    expect(status).toBe(REVIEW_EXIT.blocked);
    const review = JSON.parse(out);
    expect(Object.keys(review)).toEqual(['version', 'env', 'blocked', 'summary', 'guard', 'stacks', 'security', 'cost']);
    expect(review.guard.blocked[0]).toEqual(expect.objectContaining({ logicalId: 'FilesBucketFilesB00BB9AE', action: 'replaced' }));
    expect(review.cost.environments.map((e: { name: string }) => e.name)).toEqual(['prod', 'preview']);
  });

  test.each([
    ['an unknown option', ['--bse', 'x'], /Unknown option '--bse'/],
    ['no head', ['--base', fixture('base')], /--base and --head are required/],
    ['an unknown environment', ['--base', fixture('base'), '--head', fixture('base'), '--env', 'staging'], /--env must be prod or pr-<n>, got "staging"/],
    ['an unknown format', ['--base', fixture('base'), '--head', fixture('base'), '--format', 'html'], /--format must be markdown or json/],
    ['a preview base without its head', ['--base', fixture('base'), '--head', fixture('base'), '--preview-base', fixture('base')], /go together/],
    ['a directory that is no cloud assembly', ['--base', FIXTURES, '--head', fixture('base')], /is not a cloud assembly: it has no manifest\.json/],
  ])('exits 2 on %s', (_, argv, message) => {
    const { status, out, err } = run(...argv);
    expect([status, out]).toEqual([REVIEW_EXIT.badInput, '']);
    expect(err).toMatch(message);
  });

  test('exits 2 on a malformed overrides file or traffic profile', () => {
    const overrides = path.join(dir, 'bad-overrides.json');
    fs.writeFileSync(overrides, JSON.stringify([{ stack: 'orders-api-prod-data', logicalId: 'FilesBucketFilesB00BB9AE', reason: '' }]));
    const bad = run('--base', fixture('base'), '--head', fixture('bucket-renamed'), '--overrides', overrides);
    expect(bad.status).toBe(REVIEW_EXIT.badInput);
    expect(bad.err).toContain(`${overrides}[0].reason: "" does not match`);
    const traffic = path.join(dir, 'bad-traffic.json');
    fs.writeFileSync(traffic, JSON.stringify({ requestsPerMonth: -1, averageDurationMs: 10, logBytesPerRequest: 100, preview: { requestsPerMonth: 1 } }));
    expect(run('--base', fixture('base'), '--head', fixture('base'), '--traffic', traffic).err).toContain(`${traffic}.requestsPerMonth: must be >= 0`);
  });

  test('prints its usage with --help', () => {
    const { status, out } = run('--help');
    expect(status).toBe(REVIEW_EXIT.ok);
    expect(out).toMatch(/^Usage: serverless-axum-review --base <cdk.out> --head <cdk.out>/);
  });
});

describe('the compiled entry point, as a consumer runs it', () => {
  // Compiled into a folder of the package, as dist/ is: the price table and the schemas are found relative to it.
  let outDir: string;
  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(ROOT, '.review-build-'));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: ROOT, stdio: 'pipe' });
  });
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  test('is a node script that reviews two cloud assemblies and exits with the guard\'s verdict', () => {
    const main = path.join(outDir, 'review', 'main.js');
    expect(fs.readFileSync(main, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const blocked = spawnSync(process.execPath, [main, '--base', fixture('base'), '--head', fixture('table-key-changed'), '--env', 'prod', ...common], { encoding: 'utf8' });
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain('`orders-api-prod-data` / `OrdersTable315BB997` (`AWS::DynamoDB::Table`, holds items) would be **replaced** (forced by `KeySchema`)');
    const ok = spawnSync(process.execPath, [main, '--base', fixture('base'), '--head', fixture('metadata-only'), '--format', 'json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).summary.stacksChanged).toBe(0);
    const bad = spawnSync(process.execPath, [main, '--head', fixture('base')], { encoding: 'utf8' });
    expect([bad.status, bad.stderr]).toEqual([2, 'serverless-axum-review: --base and --head are required (the cloud assemblies of the base and of the head)\n']);
  });

  test('ships as the package\'s bin, with the price table and the schemas', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'serverless-axum-review': 'dist/review/main.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'schemas', 'pricing']));
  });
});

describe('the overrides file in the hint', () => {
  test('is named relative to the working directory (the service root) when inside it', () => {
    const cwd = process.cwd();
    const service = fs.mkdtempSync(path.join(os.tmpdir(), 'review-service-'));
    try {
      process.chdir(service);
      let out = '';
      reviewMain(['--base', fixture('base'), '--head', fixture('bucket-renamed'), '--overrides', path.join(service, 'infra', 'stateful-overrides.json')],
        { out: (t) => { out += t; }, err: () => undefined });
      expect(out).toContain('add an entry per resource to `infra/stateful-overrides.json`');
    } finally {
      process.chdir(cwd);
      fs.rmSync(service, { recursive: true, force: true });
    }
  });
});
