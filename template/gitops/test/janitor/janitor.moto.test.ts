import { CloudFormationClient, CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { GithubPullRequests } from '../../src/janitor/github';
import { runJanitor } from '../../src/janitor/janitor';
import { listStacks } from '../../src/janitor/stacks';
import { FakeGithub, startFakeGithub } from '../support/fakeGithub';
import { createStack, motoCloudFormation, prodTags, previewTags, uniqueService } from '../support/moto';

// Real AWS SDK calls against moto's CloudFormation on 127.0.0.1; GitHub is a local HTTP server.
const REPO = 'acme/orders-api';
const NOW = new Date('2030-06-15T12:00:00Z');
const FUTURE = '2030-07-01T00:00:00Z';
const PAST = '2030-06-01T00:00:00Z';
const FAST = { pollSeconds: 1, maxWaitSeconds: 60 };

describe('janitor against moto CloudFormation', () => {
  const cfn = motoCloudFormation();
  let github: FakeGithub;
  let service: string;

  beforeEach(async () => {
    service = uniqueService();
    // 1: closed, 2: open (expired), 3: open, 4: GitHub errors (not expired), 5: closed but prod-tagged stacks.
    github = await startFakeGithub(REPO, { 1: 'closed', 2: 'open', 3: 'open', 4: 500, 5: 'closed' });
  });
  afterEach(() => github.close());

  async function names(): Promise<string[]> {
    const ours = (name: string) => name.startsWith(`${service}-`) || name.startsWith(`other-${service}-`);
    return (await listStacks(cfn)).map((s) => s.name).filter(ours).sort();
  }

  const janitor = (extra: { onlyPr?: number; dryRun?: boolean; cfn?: CloudFormationClient } = {}) => runJanitor({
    cfn, service, now: NOW, wait: FAST, ...extra,
    github: new GithubPullRequests({ apiUrl: github.url, repository: REPO, token: 'test-token' }),
  });

  test('deletes closed and expired previews, keeps the rest and never touches prod', async () => {
    // Arrange
    for (const kind of ['app', 'data']) {
      await createStack(cfn, `${service}-pr-1-${kind}`, previewTags(service, 1, FUTURE));
      await createStack(cfn, `${service}-pr-2-${kind}`, previewTags(service, 2, PAST));
      await createStack(cfn, `${service}-pr-3-${kind}`, previewTags(service, 3, FUTURE));
      await createStack(cfn, `${service}-pr-4-${kind}`, previewTags(service, 4, FUTURE));
      await createStack(cfn, `${service}-prod-${kind}`, prodTags(service));
    }
    // Mis-tagged: prod-named but tagged as an expired preview of a closed PR; preview-named but environment=prod.
    await createStack(cfn, `${service}-prod-extra`, { ...previewTags(service, 5, PAST), environment: 'pr-5' });
    await createStack(cfn, `${service}-pr-5-app`, { ...previewTags(service, 5, PAST), environment: 'prod' });
    // Another service's closed preview, in the same account.
    await createStack(cfn, `other-${service}-pr-1-app`, previewTags(`other-${service}`, 1, PAST));

    // Act
    const result = await janitor();

    // Assert
    expect(result.failed).toBe(false);
    expect(await names()).toEqual([
      `other-${service}-pr-1-app`,
      `${service}-pr-3-app`, `${service}-pr-3-data`,
      `${service}-pr-4-app`, `${service}-pr-4-data`,
      `${service}-pr-5-app`,
      `${service}-prod-app`, `${service}-prod-data`, `${service}-prod-extra`,
    ].sort());
    const outcome = Object.fromEntries(result.rows.map((r) => [r.stack, r.outcome]));
    expect(outcome[`${service}-pr-1-app`]).toBe('deleted');
    expect(outcome[`${service}-pr-2-data`]).toBe('deleted');
    expect(outcome[`${service}-prod-app`]).toBe('kept');
    expect(outcome[`other-${service}-pr-1-app`]).toBeUndefined();
    // App stacks go before their data stacks.
    const deleted = result.rows.filter((r) => r.outcome === 'deleted').map((r) => r.stack);
    expect(deleted).toEqual([`${service}-pr-1-app`, `${service}-pr-1-data`, `${service}-pr-2-app`, `${service}-pr-2-data`]);
    // GitHub was asked with the token, once per pull request.
    expect(github.requests.map((r) => r.path).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `/repos/${REPO}/pulls/${n}`));
    expect(github.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
  });

  test('--pr deletes only that pull request, and a dry run deletes nothing', async () => {
    for (const pr of [1, 2]) {
      for (const kind of ['app', 'data']) await createStack(cfn, `${service}-pr-${pr}-${kind}`, previewTags(service, pr, PAST));
    }

    const dry = await janitor({ dryRun: true });
    expect(dry.rows.map((r) => r.outcome)).toEqual(['would delete', 'would delete', 'would delete', 'would delete']);
    expect(await names()).toHaveLength(4);

    await janitor({ onlyPr: 2 });
    expect(await names()).toEqual([`${service}-pr-1-app`, `${service}-pr-1-data`]);

    // A pull request whose stacks are already gone (or never deployed) is nothing to do, not an error.
    expect(await janitor({ onlyPr: 2 })).toEqual({ rows: [], failed: false });
  });

  test('a stack CloudFormation refuses to delete is a failure, and its data stack is left alone', async () => {
    await createStack(cfn, `${service}-pr-1-app`, previewTags(service, 1, FUTURE));
    await createStack(cfn, `${service}-pr-1-data`, previewTags(service, 1, FUTURE));
    // moto deletes anything; real CloudFormation refuses, e.g. while another stack imports an export. The refusal
    // is injected into the real client's middleware stack, for DeleteStack of the app stack only.
    const refusing = motoCloudFormation();
    refusing.middlewareStack.add((next, context) => async (args) => {
      const input = args.input as { StackName?: string };
      if (context.commandName === 'DeleteStackCommand' && input.StackName === `${service}-pr-1-app`) {
        throw new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: 'Export in use' });
      }
      return next(args);
    }, { step: 'initialize', name: 'refuseAppDeletion' });

    const result = await janitor({ cfn: refusing });

    expect(result.failed).toBe(true);
    expect(result.rows.map((r) => [r.stack, r.outcome])).toEqual([[`${service}-pr-1-app`, 'failed'], [`${service}-pr-1-data`, 'skipped']]);
    expect(result.rows[0].reason).toContain('Export in use');
    expect(await names()).toEqual([`${service}-pr-1-app`, `${service}-pr-1-data`]);
  });
});
