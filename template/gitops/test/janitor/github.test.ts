import { GithubPullRequests } from '../../src/janitor/github';
import { startFakeGithub } from '../support/fakeGithub';

describe('GithubPullRequests', () => {
  test('reads open and closed; anything GitHub cannot answer is unknown', async () => {
    const github = await startFakeGithub('acme/orders-api', { 1: 'open', 2: 'closed', 3: 500 });
    try {
      const client = new GithubPullRequests({ apiUrl: `${github.url}/`, repository: 'acme/orders-api', token: 't0k' });
      const states = await client.states([1, 2, 3, 4]);
      expect(Object.fromEntries(states)).toEqual({ 1: 'open', 2: 'closed', 3: 'unknown', 4: 'unknown' });
      expect(github.requests[0].authorization).toBe('Bearer t0k');
    } finally {
      await github.close();
    }
  });

  test('an unreachable API is unknown, not an exception', async () => {
    const client = new GithubPullRequests({ apiUrl: 'http://127.0.0.1:9', repository: 'acme/orders-api' });
    expect(await client.state(1)).toBe('unknown');
  });
});
