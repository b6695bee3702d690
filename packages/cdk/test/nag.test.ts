import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configCases, configOverrides, ENVS, synthService } from './support/synth';

/** cdk-nag 3 runs as a CDK policy-validation plugin; `validateScope` runs the same rules and returns the findings. */
describe.each(configCases())('%s', (_, overrides) => describe.each(ENVS)('cdk-nag AwsSolutions on %s', (env) => {
  const { app } = synthService(env, {}, configOverrides(overrides));

  test('no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('every acknowledgement gives a reason a reviewer can check', () => {
    const acks = app.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data));
    expect(acks.length).toBeGreaterThan(0);
    // Each acknowledgement is recorded as { "<plugin>::<rule id>": reason }.
    for (const [id, reason] of acks.flatMap((a) => Object.entries(a as Record<string, string>))) {
      expect(id).toMatch(/^[A-Za-z]+::AwsSolutions-[A-Z]+\d+/);
      expect({ id, length: reason.length }).toEqual({ id, length: expect.any(Number) });
      expect(reason.length).toBeGreaterThanOrEqual(40);
    }
  });
}));
