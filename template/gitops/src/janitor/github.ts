import { PullRequestState } from './decide';

/** Where and how to reach GitHub's REST API. */
export interface GithubOptions {
  /** `GITHUB_API_URL` (https://api.github.com, or a GitHub Enterprise / test server). */
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  /** A token that may read pull requests (the workflow's GITHUB_TOKEN). */
  readonly token?: string;
  /** The fetch to use. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** Reads the state of pull requests; never throws: what GitHub cannot answer is `unknown`. */
export class GithubPullRequests {
  constructor(private readonly options: GithubOptions) {}

  async state(pr: number): Promise<PullRequestState> {
    const { apiUrl, repository, token } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'service-janitor',
    };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const response = await doFetch(`${apiUrl.replace(/\/$/, '')}/repos/${repository}/pulls/${pr}`, { headers });
      if (!response.ok) return 'unknown';
      const body = (await response.json()) as { state?: unknown };
      return body.state === 'open' ? 'open' : body.state === 'closed' ? 'closed' : 'unknown';
    } catch {
      return 'unknown';
    }
  }

  /** The states of several pull requests, one request each. */
  async states(prs: readonly number[]): Promise<Map<number, PullRequestState>> {
    const entries = await Promise.all(prs.map(async (pr) => [pr, await this.state(pr)] as const));
    return new Map(entries);
  }
}
