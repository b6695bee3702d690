import { Decision, StackInfo, decide, looksLikeProd, parsePreviewName, pullRequestsToQuery } from '../../src/janitor/decide';

const SERVICE = 'orders-api';
const NOW = new Date('2030-06-15T12:00:00Z');
const FUTURE = '2030-06-20T00:00:00Z';
const PAST = '2030-06-10T00:00:00Z';

function preview(pr: number, kind: 'app' | 'data', overrides: Record<string, string | undefined> = {}): StackInfo {
  const tags: Record<string, string> = {
    service: SERVICE, environment: `pr-${pr}`, preview: 'true', pr: String(pr), 'expires-at': FUTURE,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete tags[key];
    else tags[key] = value;
  }
  return { name: `${SERVICE}-pr-${pr}-${kind}`, status: 'CREATE_COMPLETE', tags };
}

function run(stacks: StackInfo[], prs: Record<number, 'open' | 'closed' | 'unknown'> = {}, onlyPr?: number): Decision[] {
  return decide(stacks, {
    service: SERVICE, now: NOW, onlyPr,
    pullRequests: new Map(Object.entries(prs).map(([k, v]) => [Number(k), v])),
  });
}

const verdicts = (decisions: Decision[]) => decisions.map((d) => [d.stack.name, d.action]);

describe('decide', () => {
  test('deletes both stacks of a closed pull request, app before data', () => {
    const decisions = run([preview(7, 'data'), preview(7, 'app')], { 7: 'closed' });
    expect(verdicts(decisions)).toEqual([[`${SERVICE}-pr-7-app`, 'delete'], [`${SERVICE}-pr-7-data`, 'delete']]);
    expect(decisions[0].reason).toBe('PR #7 is closed');
  });

  test('keeps an open pull request until its expiry, then deletes it', () => {
    expect(run([preview(3, 'app')], { 3: 'open' })[0].action).toBe('keep');
    const expired = run([preview(3, 'app', { 'expires-at': PAST })], { 3: 'open' })[0];
    expect(expired).toMatchObject({ action: 'delete', reason: `expired at ${PAST}` });
  });

  test('an expiry exactly now counts as passed', () => {
    expect(run([preview(3, 'app', { 'expires-at': '2030-06-15T12:00:00Z' })], { 3: 'open' })[0].action).toBe('delete');
  });

  test('when GitHub cannot say, only the expiry decides', () => {
    expect(run([preview(4, 'app')], {})[0]).toMatchObject({ action: 'keep', reason: expect.stringContaining('unknown') });
    expect(run([preview(4, 'app', { 'expires-at': PAST })], { 4: 'unknown' })[0].action).toBe('delete');
  });

  test('a missing or malformed expiry never deletes an open preview', () => {
    for (const expiresAt of [undefined, 'tomorrow', '2030-06-10', '2030-13-45T99:00:00Z']) {
      expect(run([preview(5, 'app', { 'expires-at': expiresAt })], { 5: 'open' })[0]).toMatchObject({
        action: 'keep', reason: expect.stringContaining('no valid expires-at'),
      });
    }
  });

  test('prod is never touched, even mis-tagged as a closed preview', () => {
    const prodNamed: StackInfo = { name: `${SERVICE}-prod-app`, status: 'CREATE_COMPLETE', tags: { ...preview(7, 'app').tags, 'expires-at': PAST } };
    const prodTagged = preview(7, 'data', { environment: 'prod', 'expires-at': PAST });
    const decisions = run([prodNamed, prodTagged], { 7: 'closed' });
    expect(decisions.map((d) => d.action)).toEqual(['keep', 'keep']);
    expect(decisions.every((d) => d.reason === 'production: never touched')).toBe(true);
  });

  test('other services are not considered at all', () => {
    const other = { ...preview(7, 'app'), name: 'billing-pr-7-app', tags: { ...preview(7, 'app').tags, service: 'billing' } };
    const ourNameTheirTag = { ...preview(8, 'app'), tags: { ...preview(8, 'app').tags, service: 'billing' } };
    expect(run([other, ourNameTheirTag], { 7: 'closed', 8: 'closed' })).toEqual([]);
  });

  test('keeps stacks whose tags or name do not say "preview of this pull request"', () => {
    const cases: StackInfo[] = [
      preview(9, 'app', { preview: undefined }),
      preview(9, 'app', { preview: 'false' }),
      preview(9, 'app', { pr: '10' }),
      preview(9, 'app', { environment: 'pr-10' }),
      { ...preview(9, 'app'), name: `${SERVICE}-pr-9-extra` },
      { ...preview(9, 'app'), name: `${SERVICE}-pr-09-app` },
      { ...preview(9, 'app'), name: `${SERVICE}-staging-app` },
    ];
    for (const stack of cases) {
      expect(run([stack], { 9: 'closed' })[0]).toMatchObject({ stack, action: 'keep' });
    }
  });

  test('onlyPr narrows the run to one pull request', () => {
    const decisions = run([preview(1, 'app'), preview(2, 'app'), preview(2, 'data')], { 1: 'closed', 2: 'closed' }, 2);
    expect(verdicts(decisions)).toEqual([[`${SERVICE}-pr-2-app`, 'delete'], [`${SERVICE}-pr-2-data`, 'delete']]);
  });

  test('orders by pull request, then app before data', () => {
    const decisions = run([preview(12, 'data'), preview(3, 'data'), preview(12, 'app'), preview(3, 'app')], { 3: 'closed', 12: 'closed' });
    expect(decisions.map((d) => d.stack.name)).toEqual(
      [`${SERVICE}-pr-3-app`, `${SERVICE}-pr-3-data`, `${SERVICE}-pr-12-app`, `${SERVICE}-pr-12-data`]);
  });
});

describe('names', () => {
  test('parsePreviewName accepts only <service>-pr-<n>-<app|data>', () => {
    expect(parsePreviewName(SERVICE, `${SERVICE}-pr-7-app`)).toEqual({ pr: 7, kind: 'app' });
    expect(parsePreviewName(SERVICE, `${SERVICE}-pr-7-data`)).toEqual({ pr: 7, kind: 'data' });
    expect(parsePreviewName(SERVICE, `other-pr-7-app`)).toBeUndefined();
    expect(parsePreviewName(SERVICE, `${SERVICE}-pr-0-app`)).toBeUndefined();
    expect(parsePreviewName(SERVICE, `${SERVICE}-prod-app`)).toBeUndefined();
  });

  test('looksLikeProd catches the name and the environment tag, not services merely containing "prod"', () => {
    expect(looksLikeProd({ name: 'orders-api-prod-app', status: '', tags: {} })).toBe(true);
    expect(looksLikeProd({ name: 'x-pr-1-app', status: '', tags: { environment: 'prod' } })).toBe(true);
    expect(looksLikeProd({ name: 'products-pr-1-app', status: '', tags: { environment: 'pr-1' } })).toBe(false);
  });

  test('pullRequestsToQuery lists each pull request of this service once', () => {
    const stacks = [preview(7, 'app'), preview(7, 'data'), preview(2, 'app'), { ...preview(9, 'app'), tags: { service: 'other' } }];
    expect(pullRequestsToQuery(stacks, SERVICE)).toEqual([2, 7]);
  });
});
