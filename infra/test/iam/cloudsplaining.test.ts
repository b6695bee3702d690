/**
 * cloudsplaining (PyPI, pinned in .ci/requirements.txt) on the identity policy of every role in both accounts: each
 * privilege-escalation path and credentials-exposure action it reports must be acknowledged, with the reason it is
 * safe, in cloudsplaining-acknowledgements.json; an acknowledgement for a finding that no longer exists fails too.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { rolesOf, templatesOf } from '../support/iamModel';
import { synthPlatform } from '../support/synthPlatform';

interface Findings { privilegeEscalation: string[]; credentialsExposure: string[]; permissionsManagement: string[] }
/** Per role: findings by name with the reason each is safe, or `allFindings` for a role that is administrator by design. */
type Acknowledgements = Record<string, { privilegeEscalation?: Record<string, string>; credentialsExposure?: Record<string, string>; allFindings?: string }>;

const acknowledgements = JSON.parse(readFileSync(join(__dirname, 'cloudsplaining-acknowledgements.json'), 'utf8')) as Acknowledgements;

function scan(policies: Record<string, unknown>): Record<string, Findings> {
  const python = process.env.PYTHON ?? 'python3';
  const run = spawnSync(python, [join(__dirname, '..', 'support', 'cloudsplaining_findings.py')], { input: JSON.stringify(policies), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cloudsplaining failed (pip install -r .ci/requirements.txt): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe('cloudsplaining on every synthesized role', () => {
  const roles = rolesOf(templatesOf(synthPlatform()));
  const policies = Object.fromEntries(roles.map((r) => [`${r.account}/${r.name}`, { Version: '2012-10-17', Statement: r.identity }]));
  const findings = scan(policies);

  it('really flags a risky policy (the scan is wired up)', () => {
    const probe = scan({ probe: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:CreateAccessKey'], Resource: '*' }] } });
    expect(probe.probe.privilegeEscalation).toContain('PutRolePolicy');
    expect(probe.probe.credentialsExposure).toContain('iam:CreateAccessKey');
  });

  it('reports only acknowledged privilege-escalation and credentials-exposure findings, each with a reason', () => {
    const unacknowledged: string[] = [];
    for (const [key, found] of Object.entries(findings)) {
      const name = key.split('/')[1];
      const ack = acknowledgements[name] ?? {};
      if (ack.allFindings) continue;
      for (const type of found.privilegeEscalation) if (!ack.privilegeEscalation?.[type]) unacknowledged.push(`${key}: privilege escalation ${type}`);
      for (const action of found.credentialsExposure) if (!ack.credentialsExposure?.[action]) unacknowledged.push(`${key}: credentials exposure ${action}`);
    }
    expect(unacknowledged).toEqual([]);
    for (const ack of Object.values(acknowledgements)) {
      for (const reason of [...Object.values(ack.privilegeEscalation ?? {}), ...Object.values(ack.credentialsExposure ?? {}), ...(ack.allFindings ? [ack.allFindings] : [])]) {
        expect(reason.length).toBeGreaterThan(40);
      }
    }
  });

  it('has no stale acknowledgement', () => {
    const stale: string[] = [];
    for (const [name, ack] of Object.entries(acknowledgements)) {
      const found = Object.entries(findings).filter(([key]) => key.endsWith(`/${name}`)).map(([, f]) => f);
      if (found.length === 0) stale.push(`${name}: no such role`);
      if (ack.allFindings && !found.some((f) => f.privilegeEscalation.length > 0)) stale.push(`${name}: allFindings, but it has none`);
      for (const type of Object.keys(ack.privilegeEscalation ?? {})) if (!found.some((f) => f.privilegeEscalation.includes(type))) stale.push(`${name}: ${type}`);
      for (const action of Object.keys(ack.credentialsExposure ?? {})) if (!found.some((f) => f.credentialsExposure.includes(action))) stale.push(`${name}: ${action}`);
    }
    expect(stale).toEqual([]);
  });

  it('finds no privilege escalation at all in the prod deploy role or the preview role', () => {
    const checked = Object.entries(findings).filter(([key]) => /platform-github-(deploy|preview)$/.test(key));
    expect(checked.length).toBe(2);
    for (const [key, found] of checked) expect([key, found.privilegeEscalation]).toEqual([key, []]);
  });
});
