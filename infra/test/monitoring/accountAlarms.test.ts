import { readFileSync } from 'fs';
import { basename } from 'path';
import { REPO_ROOT } from '../support/synthPlatform';
import { ACCOUNT_ALARMS, LOADER } from './fixtures';

const raw = () => JSON.parse(readFileSync(ACCOUNT_ALARMS, 'utf8'));

describe('alarms/account.json', () => {
  const spec = LOADER.loadAlarms(ACCOUNT_ALARMS);

  it('gives every account alarm its runbook docs/runbooks/account-<id>.md', () => {
    for (const alarm of spec.alarms) expect(alarm.runbook).toBe(`docs/runbooks/account-${alarm.id}.md`);
  });

  it('resolves the concurrency threshold placeholder to a number', () => {
    expect(spec.alarms.find((a) => a.id === 'lambda-claimed-concurrency')?.threshold).toBe(800);
  });

  it('every runbook mentions its alarm by full name', () => {
    for (const alarm of spec.alarms) {
      const text = readFileSync(`${REPO_ROOT}/${alarm.runbook}`, 'utf8');
      expect([basename(alarm.runbook), text.includes(`platform-account-${alarm.id}`)]).toEqual([basename(alarm.runbook), true]);
    }
  });
});

describe('the CDK library\'s loader on account alarms', () => {
  const first = (patch: object) => ({ alarms: [{ ...raw().alarms[0], ...patch }] });
  const parse = (r: unknown) => LOADER.parseAlarms(r, 'alarms');

  it('fails on unknown fields, placeholders, metrics, and bad values', () => {
    expect(() => parse(first({ owner: 'me' }))).toThrow(/unknown field "owner"/);
    expect(() => parse(first({ description: 'see ${dashboardUrl}' }))).toThrow(/unknown placeholder/);
    expect(() => parse(first({ metric: { namespace: 'CloudTrailMetrics', metric: 'RootLogin', stat: 'Sum', period: 300 } }))).toThrow(/CloudTrailMetrics\/RootLogin is not in the metric catalog \(the CIS metric filters/);
    expect(() => parse(first({ runbook: 'docs/runbooks/account-missing.md' }))).toThrow(/must be docs\/runbooks\/account-root-account-use.md/);
    expect(() => parse(first({ id: 'missing', runbook: 'docs/runbooks/account-missing.md' }))).toThrow(/does not exist/);
    expect(() => parse(first({ comparison: 'Above' }))).toThrow(/comparison/);
    expect(() => parse(first({ severity: 'urgent' }))).toThrow(/severity/);
    expect(() => parse(first({ id: 'Root_Use' }))).toThrow(/kebab-case/);
    expect(() => parse(first({ datapointsToAlarm: 2 }))).toThrow(/datapointsToAlarm/);
    expect(() => parse(first({ threshold: '${region}' }))).toThrow(/does not resolve to a number/);
    expect(() => parse(first({ threshold: 'ten' }))).toThrow(/expected a number/);
  });

  it('fails on duplicate ids', () => {
    const r = raw();
    expect(() => parse({ alarms: [r.alarms[0], r.alarms[0]] })).toThrow(/duplicate alarm id/);
  });
});
