#!/usr/bin/env node
/**
 * Applies GitHub's OIDC subject customization to the platform repository and every fleet repository, so their
 * workflows' OIDC `sub` is built from {@link OIDC_SUBJECT_CLAIM_KEYS} (repo, context, job_workflow_ref): the claim the
 * platform's roles trust. One-time set-up per repository; the rebuild workflow re-applies it on every run.
 *
 *   npx ts-node scripts/oidc-subject-claims.ts           # apply (PUT where it differs), then verify
 *   npx ts-node scripts/oidc-subject-claims.ts --check   # change nothing; exit 1 if any repository differs
 *
 * Environment: GH_TOKEN (required: a token with admin on every repository), GITHUB_API_URL (default
 * https://api.github.com), PLATFORM_CONFIG (default infra/platform.config.json), GITHUB_STEP_SUMMARY (when set, the
 * Markdown table is appended to it).
 */
import { appendFileSync } from 'fs';
import { join } from 'path';
import { loadPlatformConfig } from '../lib/config';
import { OIDC_SUBJECT_CLAIM_KEYS, repositoriesNeedingSubjectClaims } from '../lib/github/githubSubjects';

/** The body of `GET`/`PUT /repos/{owner}/{repo}/actions/oidc/customization/sub`. */
export interface SubjectCustomization {
  readonly use_default: boolean;
  readonly include_claim_keys?: readonly string[];
}

/** What every repository must have: exactly these claim keys, in this order (the order builds the `sub`). */
export const WANTED_CUSTOMIZATION: SubjectCustomization = {
  use_default: false,
  include_claim_keys: [...OIDC_SUBJECT_CLAIM_KEYS],
};

export const DEFAULT_API_URL = 'https://api.github.com';

export interface GithubClient {
  /** API base, e.g. https://api.github.com or http://127.0.0.1:1234 (no trailing slash needed). */
  readonly apiUrl: string;
  readonly token: string;
  /** Per request. @default 30 s */
  readonly timeoutMs?: number;
}

/** A GitHub API call that failed, naming the repository and the HTTP status. */
export class GithubApiError extends Error {
  constructor(
    readonly repository: string,
    readonly method: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${repository}: ${method} ${customizationPath(repository)} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`
      + hint(repository, status));
    this.name = 'GithubApiError';
  }
}

function hint(repository: string, status: number): string {
  switch (status) {
    case 401:
      return ' (the token is invalid or expired)';
    case 403:
      return ` (the token needs admin on ${repository}: a fine-grained token with "Administration: write", `
        + 'or a classic token with the repo scope held by a repository admin)';
    case 404:
      return ` (no repository ${repository}, or the token cannot see it)`;
    default:
      return '';
  }
}

export function customizationPath(repository: string): string {
  return `/repos/${repository}/actions/oidc/customization/sub`;
}

async function request(client: GithubClient, repository: string, method: 'GET' | 'PUT', body?: SubjectCustomization): Promise<unknown> {
  const url = `${client.apiUrl.replace(/\/+$/, '')}${customizationPath(repository)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${client.token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'serverless-axum-oidc-subject-claims',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(client.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message;
    throw new Error(`${repository}: ${method} ${url} failed: ${(error as Error).message}${why ? ` (${why})` : ''}`);
  }
  const text = await response.text();
  if (!response.ok) {
    let detail = text.trim().slice(0, 300);
    try {
      const message = (JSON.parse(text) as { message?: unknown }).message;
      if (typeof message === 'string') detail = message;
    } catch {
      // not JSON: keep the raw text
    }
    throw new GithubApiError(repository, method, response.status, detail);
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${repository}: ${method} ${url} returned HTTP ${response.status} with a body that is not JSON`);
  }
}

function parseCustomization(repository: string, value: unknown): SubjectCustomization {
  const raw = value as { use_default?: unknown; include_claim_keys?: unknown };
  if (typeof raw !== 'object' || raw === null || typeof raw.use_default !== 'boolean') {
    throw new Error(`${repository}: unexpected OIDC customization response ${JSON.stringify(value)}`);
  }
  const keys = raw.include_claim_keys;
  if (keys !== undefined && keys !== null && !(Array.isArray(keys) && keys.every((k) => typeof k === 'string'))) {
    throw new Error(`${repository}: unexpected include_claim_keys ${JSON.stringify(keys)}`);
  }
  return { use_default: raw.use_default, ...(Array.isArray(keys) ? { include_claim_keys: keys as string[] } : {}) };
}

export async function getCustomization(client: GithubClient, repository: string): Promise<SubjectCustomization> {
  return parseCustomization(repository, await request(client, repository, 'GET'));
}

export async function putCustomization(client: GithubClient, repository: string, body: SubjectCustomization): Promise<void> {
  await request(client, repository, 'PUT', body);
}

/** Whether a repository's customization is exactly {@link WANTED_CUSTOMIZATION}. */
export function isWanted(customization: SubjectCustomization): boolean {
  const keys = customization.include_claim_keys ?? [];
  const wanted = WANTED_CUSTOMIZATION.include_claim_keys ?? [];
  return customization.use_default === WANTED_CUSTOMIZATION.use_default
    && keys.length === wanted.length && keys.every((key, i) => key === wanted[i]);
}

/** A customization as one table cell: `default`, or the claim keys. */
export function describeCustomization(customization: SubjectCustomization | undefined): string {
  if (customization === undefined) return '?';
  if (customization.use_default) return 'default';
  return (customization.include_claim_keys ?? []).join(', ') || '(no claim keys)';
}

export type Action = 'none' | 'updated' | 'would update' | 'failed';

export interface RepositoryResult {
  readonly repository: string;
  readonly before?: SubjectCustomization;
  readonly action: Action;
  readonly after?: SubjectCustomization;
  /** Already right, or made right and verified. */
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * For each repository: GET its customization; when it differs, PUT {@link WANTED_CUSTOMIZATION} and GET again to
 * verify (in `check` mode only report the difference). A failure on one repository does not stop the others.
 */
export async function applySubjectClaims(
  client: GithubClient,
  repositories: readonly string[],
  options: { readonly check?: boolean } = {},
): Promise<RepositoryResult[]> {
  const results: RepositoryResult[] = [];
  for (const repository of repositories) {
    let before: SubjectCustomization | undefined;
    try {
      before = await getCustomization(client, repository);
      if (isWanted(before)) {
        results.push({ repository, before, action: 'none', after: before, ok: true });
      } else if (options.check) {
        results.push({ repository, before, action: 'would update', after: before, ok: false });
      } else {
        await putCustomization(client, repository, WANTED_CUSTOMIZATION);
        const after = await getCustomization(client, repository);
        const ok = isWanted(after);
        results.push({
          repository, before, action: 'updated', after, ok,
          ...(ok ? {} : { error: `${repository}: still ${describeCustomization(after)} after the update` }),
        });
      }
    } catch (error) {
      results.push({ repository, before, action: 'failed', ok: false, error: (error as Error).message });
    }
  }
  return results;
}

/** The results as a Markdown table: repository, before, action, after. */
export function markdownTable(results: readonly RepositoryResult[]): string {
  const wanted = describeCustomization(WANTED_CUSTOMIZATION);
  const lines = [
    `OIDC subject claims (wanted: \`${wanted}\`)`,
    '',
    '| repository | before | action | after |',
    '| --- | --- | --- | --- |',
    ...results.map((r) => {
      const after = r.action === 'failed' ? (r.error ?? 'failed').replace(/\|/g, '\\|') : describeCustomization(r.after);
      return `| ${r.repository} | ${describeCustomization(r.before)} | ${r.action} | ${after} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const PROCESS_IO: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** The CLI: returns the exit code (0 all right, 1 a repository differs or failed, 2 a usage or set-up error). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io = PROCESS_IO): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    io.err(`oidc-subject-claims: unknown argument ${unknown.join(' ')} (usage: oidc-subject-claims.ts [--check])\n`);
    return 2;
  }
  const check = argv.includes('--check');
  const token = env.GH_TOKEN?.trim();
  if (!token) {
    io.err('oidc-subject-claims: GH_TOKEN is not set; it must hold a GitHub token with admin on the platform '
      + 'repository and every fleet repository (the rebuild workflow passes secrets.FLEET_DISPATCH_TOKEN)\n');
    return 2;
  }
  let repositories: string[];
  try {
    const configFile = env.PLATFORM_CONFIG || join(__dirname, '..', 'platform.config.json');
    repositories = repositoriesNeedingSubjectClaims(loadPlatformConfig(configFile));
  } catch (error) {
    io.err(`oidc-subject-claims: ${(error as Error).message}\n`);
    return 2;
  }
  const client: GithubClient = { apiUrl: env.GITHUB_API_URL || DEFAULT_API_URL, token };
  const results = await applySubjectClaims(client, repositories, { check });
  const table = markdownTable(results);
  io.out(table);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${table}\n`);
  for (const result of results) {
    if (result.error) io.err(`oidc-subject-claims: ${result.error}\n`);
    else if (!result.ok) io.err(`oidc-subject-claims: ${result.repository}: is ${describeCustomization(result.before)}, `
      + `wanted ${describeCustomization(WANTED_CUSTOMIZATION)} (run without --check to apply)\n`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`oidc-subject-claims: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
