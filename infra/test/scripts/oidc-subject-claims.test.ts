import { mkdtempSync, readFileSync } from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadPlatformConfig } from '../../lib/config';
import { OIDC_SUBJECT_CLAIM_KEYS, repositoriesNeedingSubjectClaims } from '../../lib/github/githubSubjects';
import {
  GithubClient, SubjectCustomization, WANTED_CUSTOMIZATION, applySubjectClaims, customizationPath, isWanted, main,
  markdownTable,
} from '../../scripts/oidc-subject-claims';

const TOKEN = 'test-token';
const RIGHT: SubjectCustomization = { use_default: false, include_claim_keys: ['repo', 'context', 'job_workflow_ref'] };
const DEFAULT: SubjectCustomization = { use_default: true };

interface Recorded { method: string; path: string; body?: unknown; authorization?: string }

/** A fake of GitHub's OIDC customization API on 127.0.0.1: per-repository state, some repositories refusing. */
class FakeGithub {
  readonly state = new Map<string, SubjectCustomization>();
  /** Repositories whose token lacks admin: every call answers 403. */
  readonly forbidden = new Set<string>();
  /** Repositories that accept the PUT but keep their old value (verification must catch it). */
  readonly ignoresPut = new Set<string>();
  readonly requests: Recorded[] = [];
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => { raw += chunk.toString(); });
      req.on('end', () => this.handle(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((e) => (e ? reject(e) : resolve())));
  }

  puts(): Recorded[] {
    return this.requests.filter((r) => r.method === 'PUT');
  }

  private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const body = raw ? JSON.parse(raw) : undefined;
    this.requests.push({ method: req.method!, path: req.url!, body, authorization: req.headers.authorization });
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const match = /^\/repos\/([^/]+\/[^/]+)\/actions\/oidc\/customization\/sub$/.exec(req.url ?? '');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    if (!match || !this.state.has(match[1])) return send(404, { message: 'Not Found' });
    const repository = match[1];
    if (this.forbidden.has(repository)) return send(403, { message: 'Resource not accessible by personal access token' });
    if (req.method === 'GET') return send(200, this.state.get(repository));
    if (req.method === 'PUT') {
      if (!this.ignoresPut.has(repository)) this.state.set(repository, body as SubjectCustomization);
      return send(201, {});
    }
    return send(405, { message: 'Method Not Allowed' });
  }
}

describe('oidc-subject-claims', () => {
  const github = new FakeGithub();
  let client: GithubClient;

  beforeAll(async () => {
    await github.start();
    client = { apiUrl: github.url, token: TOKEN, timeoutMs: 5_000 };
  });
  afterAll(() => github.stop());
  beforeEach(() => {
    github.state.clear();
    github.forbidden.clear();
    github.ignoresPut.clear();
    github.requests.length = 0;
  });

  test('wants exactly the claim keys the platform builds its trusted subjects from', () => {
    expect(WANTED_CUSTOMIZATION).toEqual({ use_default: false, include_claim_keys: [...OIDC_SUBJECT_CLAIM_KEYS] });
    expect(isWanted(RIGHT)).toBe(true);
    expect(isWanted(DEFAULT)).toBe(false);
    expect(isWanted({ use_default: true, include_claim_keys: RIGHT.include_claim_keys })).toBe(false);
    expect(isWanted({ use_default: false, include_claim_keys: ['repo', 'context'] })).toBe(false);
    expect(isWanted({ use_default: false, include_claim_keys: ['context', 'repo', 'job_workflow_ref'] })).toBe(false);
  });

  test('leaves repositories that are already right alone (no PUT)', async () => {
    github.state.set('acme/a', RIGHT);
    github.state.set('acme/b', RIGHT);
    const results = await applySubjectClaims(client, ['acme/a', 'acme/b']);
    expect(results.map((r) => [r.repository, r.action, r.ok])).toEqual([['acme/a', 'none', true], ['acme/b', 'none', true]]);
    expect(github.puts()).toEqual([]);
    expect(github.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  test('customizes repositories on the default subject, then verifies', async () => {
    github.state.set('acme/a', DEFAULT);
    github.state.set('acme/b', RIGHT);
    github.state.set('acme/c', { use_default: false, include_claim_keys: ['repo', 'context'] });
    const results = await applySubjectClaims(client, ['acme/a', 'acme/b', 'acme/c']);
    expect(results.map((r) => [r.repository, r.action, r.ok])).toEqual([
      ['acme/a', 'updated', true], ['acme/b', 'none', true], ['acme/c', 'updated', true]]);
    expect(github.puts().map((r) => [r.path, r.body])).toEqual([
      [customizationPath('acme/a'), { use_default: false, include_claim_keys: ['repo', 'context', 'job_workflow_ref'] }],
      [customizationPath('acme/c'), { use_default: false, include_claim_keys: ['repo', 'context', 'job_workflow_ref'] }],
    ]);
    // GET, PUT, GET again for each one that changed.
    expect(github.requests.filter((r) => r.path === customizationPath('acme/a')).map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
    expect(github.state.get('acme/a')).toEqual(RIGHT);
    const table = markdownTable(results);
    expect(table).toContain('| repository | before | action | after |');
    expect(table).toContain('| acme/a | default | updated | repo, context, job_workflow_ref |');
    expect(table).toContain('| acme/b | repo, context, job_workflow_ref | none | repo, context, job_workflow_ref |');
  });

  test('fails a repository whose update does not stick', async () => {
    github.state.set('acme/a', DEFAULT);
    github.ignoresPut.add('acme/a');
    const [result] = await applySubjectClaims(client, ['acme/a']);
    expect(result).toMatchObject({ action: 'updated', ok: false });
    expect(result.error).toMatch(/acme\/a: still default after the update/);
  });

  test('a 403 names the repository, the status, and that the token needs admin; the others still get done', async () => {
    github.state.set('acme/locked', DEFAULT);
    github.forbidden.add('acme/locked');
    github.state.set('acme/b', DEFAULT);
    const results = await applySubjectClaims(client, ['acme/locked', 'acme/b']);
    expect(results[0]).toMatchObject({ repository: 'acme/locked', action: 'failed', ok: false });
    expect(results[0].error).toMatch(/^acme\/locked: GET .* failed with HTTP 403: Resource not accessible/);
    expect(results[0].error).toContain('needs admin on acme/locked');
    expect(results[1]).toMatchObject({ repository: 'acme/b', action: 'updated', ok: true });
    expect(markdownTable(results)).toMatch(/\| acme\/locked \| \? \| failed \| acme\/locked: GET .*HTTP 403/);
  });

  test('a repository the token cannot see is a 404 naming it', async () => {
    const [result] = await applySubjectClaims(client, ['acme/missing']);
    expect(result.error).toMatch(/acme\/missing: GET .* failed with HTTP 404: Not Found \(no repository acme\/missing/);
  });

  describe('the CLI', () => {
    const configured = () => repositoriesNeedingSubjectClaims(loadPlatformConfig(join(__dirname, '..', '..', 'platform.config.json')));
    const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
      let out = '';
      let err = '';
      const code = await main(argv, { GITHUB_API_URL: github.url, ...env }, { out: (t) => { out += t; }, err: (t) => { err += t; } });
      return { code, out, err };
    };

    test('covers the platform repository and every fleet repository of the config', () => {
      const config = loadPlatformConfig(join(__dirname, '..', '..', 'platform.config.json'));
      expect(configured()).toContain(config.repository);
      for (const repo of config.github.repositories) expect(configured()).toContain(`${config.github.org}/${repo.name}`);
    });

    test('--check changes nothing and exits 1 on drift, 0 once everything is right', async () => {
      const repos = configured();
      repos.forEach((repo, i) => github.state.set(repo, i === 0 ? DEFAULT : RIGHT));
      const drift = await run(['--check'], { GH_TOKEN: TOKEN });
      expect(drift.code).toBe(1);
      expect(github.puts()).toEqual([]);
      expect(drift.out).toContain(`| ${repos[0]} | default | would update | default |`);
      expect(drift.err).toContain(`${repos[0]}: is default, wanted repo, context, job_workflow_ref (run without --check to apply)`);

      for (const repo of repos) github.state.set(repo, RIGHT);
      expect((await run(['--check'], { GH_TOKEN: TOKEN })).code).toBe(0);
    });

    test('applies, appends the table to the step summary, exits 0', async () => {
      const repos = configured();
      for (const repo of repos) github.state.set(repo, DEFAULT);
      const summary = join(mkdtempSync(join(tmpdir(), 'oidc-claims-')), 'summary.md');
      const { code, out } = await run([], { GH_TOKEN: TOKEN, GITHUB_STEP_SUMMARY: summary });
      expect(code).toBe(0);
      expect(github.puts().map((r) => r.path)).toEqual(repos.map(customizationPath));
      for (const repo of repos) expect(github.state.get(repo)).toEqual(RIGHT);
      expect(readFileSync(summary, 'utf8')).toContain(out);
      expect(out).toContain('| repository | before | action | after |');
    });

    test('exits 1 when a repository refuses (403)', async () => {
      const repos = configured();
      for (const repo of repos) github.state.set(repo, DEFAULT);
      github.forbidden.add(repos[repos.length - 1]);
      const { code, err } = await run([], { GH_TOKEN: TOKEN });
      expect(code).toBe(1);
      expect(err).toContain(`${repos[repos.length - 1]}: GET`);
      expect(err).toContain('HTTP 403');
      expect(err).toContain('needs admin');
    });

    test('fails clearly without a token, before calling GitHub', async () => {
      const { code, err } = await run([], { GH_TOKEN: '' });
      expect(code).toBe(2);
      expect(err).toContain('GH_TOKEN is not set');
      expect(github.requests).toEqual([]);
    });

    test('rejects unknown arguments', async () => {
      const { code, err } = await run(['--apply'], { GH_TOKEN: TOKEN });
      expect(code).toBe(2);
      expect(err).toContain('unknown argument --apply');
    });
  });
});
