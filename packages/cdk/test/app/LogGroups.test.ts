import { configCases, ENVS, synthCached } from '../support/synth';

type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/**
 * No orphan log groups: every log group anything in the stacks writes to is a resource of the stacks, with the
 * environment's retention and removal policy, and nothing may create one on its own (Lambda does, on first write,
 * when the function's role may call logs:CreateLogGroup and its group does not exist).
 */
describe.each(configCases())('%s', (_, overrides) => describe.each(ENVS)('log groups of %s', (env) => {
  const s = synthCached(env, overrides);
  const prod = env === 'prod';
  const retention = prod ? s.config.logRetentionDays.prod : s.config.logRetentionDays.preview;
  const templates = s.templates.map((t) => t.toJSON().Resources as Record<string, Resource>);
  const all = templates.flatMap((r) => Object.entries(r));
  const ofType = (type: string) => all.filter(([, r]) => r.Type === type);

  test('every function, CDK\'s provider functions included, logs to a log group of its own stack', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const resources of templates) {
      for (const [id, fn] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
        const ref = fn.Properties?.LoggingConfig?.LogGroup?.Ref;
        expect({ id, logGroup: resources[ref]?.Type }).toEqual({ id, logGroup: 'AWS::Logs::LogGroup' });
      }
    }
  });

  // Prod log groups have fixed names: kept on update, replacement and stack delete, but deleted when a failed first
  // create rolls back (RetainExceptOnCreate), else the retained group's name would make the retry fail. After a
  // deliberate delete the group stays: docs/rebuild.md of the template repo, "Retained log groups".
  const policies = prod ? { deletion: 'RetainExceptOnCreate', replace: 'Retain' } : { deletion: 'Delete', replace: 'Delete' };
  test(`every log group keeps ${retention} days and is ${prod ? 'retained, except on a failed create' : 'deleted with the stack'}`, () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(ofType('AWS::Lambda::Function').length + 1);
    for (const [id, g] of groups) {
      expect({ id, retention: g.Properties?.RetentionInDays, deletion: g.DeletionPolicy, replace: g.UpdateReplacePolicy })
        .toEqual({ id, retention, ...policies });
    }
  });

  test('no resource with a fixed name is plainly retained (a failed first create would leave it blocking the retry)', () => {
    const plainlyRetained = all.filter(([, r]) => r.DeletionPolicy === 'Retain' && r.Type !== 'AWS::S3::Bucket').map(([id]) => id);
    expect(plainlyRetained).toEqual([]);
  });

  test('no role may create log groups (no AWSLambdaBasicExecutionRole, no logs:CreateLogGroup)', () => {
    const text = JSON.stringify(templates);
    expect(text).not.toContain('AWSLambdaBasicExecutionRole');
    expect(text).not.toContain('logs:CreateLogGroup');
    expect(text).not.toMatch(/"logs:\*"/);
  });

  test('API Gateway execution logging (its unmanaged API-Gateway-Execution-Logs_* group) is off', () => {
    for (const [, stage] of ofType('AWS::ApiGateway::Stage')) {
      for (const setting of stage.Properties?.MethodSettings ?? []) expect(setting.LoggingLevel ?? 'OFF').toBe('OFF');
    }
    expect(ofType('AWS::ApiGateway::Account')).toEqual([]);
  });
}));
