import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadServiceConfig } from '../src/config/ServiceConfig';
import { CFN_TAGGABILITY } from '../src/tagging/CfnTaggability';
import { configCases, ENVS, synthCached } from './support/synth';

/** us-east-1 (where CloudFormation features land first, cfn-lint's default) and the service's own region. */
const REGIONS = [...new Set(['us-east-1', loadServiceConfig().region])];

/**
 * cfn-lint (Python, on PATH) over every synthesized template (both environments, with and without the Files API), in
 * one run (loading its schemas is what takes time): errors fail, warnings are printed.
 */
test('cfn-lint finds no errors', () => {
  const templates = configCases().flatMap(([, overrides]) => ENVS.flatMap((env) => {
    const { outdir, templates: stacks } = synthCached(env, overrides);
    const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(outdir, f));
    expect(files).toHaveLength(stacks.length);
    return files;
  }));
  const run = spawnSync('cfn-lint', ['--regions', ...REGIONS, '--format', 'parseable', '--', ...templates], { encoding: 'utf8' });
  if (run.error) throw new Error(`cannot run cfn-lint (pip install cfn-lint): ${run.error.message}`);
  const lines = run.stdout.split('\n').filter(Boolean);
  const errors = lines.filter((l) => /:E\d{4}:/.test(l));
  if (lines.length > errors.length) console.log(`cfn-lint warnings/infos:\n${lines.join('\n')}`);
  expect(errors).toEqual([]);
  // cfn-lint's exit code is a bit mask: 2 = errors; 4 and 8 (warnings, infos) are allowed.
  expect(run.status! & ~(4 | 8)).toBe(0);
});

test('the taggability table agrees (a type counts as taggable when it is in every region checked) with the CloudFormation schemas cfn-lint ships', () => {
  const types = Object.keys(CFN_TAGGABILITY).filter((t) => t.startsWith('AWS::') && t !== 'AWS::CDK::Metadata');
  const script = [
    'import json, sys',
    'from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as m',
    `REGIONS = ${JSON.stringify(REGIONS)}`,
    'out = {}',
    'for t in json.loads(sys.argv[1]):',
    '    out[t] = all("Tags" in m.get_resource_schema(r, t).schema.get("properties", {}) for r in REGIONS)',
    'print(json.dumps(out))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script, JSON.stringify(types)], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const fromSchemas = JSON.parse(run.stdout) as Record<string, boolean>;
  for (const t of types) expect({ type: t, taggable: fromSchemas[t] }).toEqual({ type: t, taggable: CFN_TAGGABILITY[t] });
});
