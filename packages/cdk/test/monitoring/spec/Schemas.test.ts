import * as fs from 'fs';
import * as path from 'path';
import { FEATURES } from '../../../src/monitoring/spec/Features';
import { readSchema, SCHEMA_DIR, SCHEMA_FILES, STAT, validateAgainstSchema } from '../../../src/monitoring/spec/Schemas';
import { SERVICE_DIR } from '../../support/synth';

const REPO_ROOT = path.join(SERVICE_DIR, '..');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Every data file of the repository, with its kind: the platform's and the service skeleton's. */
const DATA_FILES: [string, keyof typeof SCHEMA_FILES][] = [
  ['dashboards/fleet.json', 'dashboard'],
  ['alarms/account.json', 'alarms'],
  ['template/dashboards/service.json', 'dashboard'],
  ['template/alarms/service.json', 'alarms'],
  ['template/metrics/catalog.json', 'metricCatalog'],
];

describe('the JSON Schemas of the data files', () => {
  test.each(DATA_FILES)('%s matches its schema', (file, kind) => {
    expect(() => validateAgainstSchema(kind, readJson(path.join(REPO_ROOT, file)), file)).not.toThrow();
  });

  test.each(DATA_FILES.filter(([, kind]) => kind !== 'metricCatalog'))('%s points editors at its schema', (file, kind) => {
    const ref = (readJson(path.join(REPO_ROOT, file)) as { $schema?: string }).$schema;
    expect(ref?.endsWith(`/schemas/${SCHEMA_FILES[kind]}`)).toBe(true);
    // The platform's files reach the schema in this checkout; a service's through its infra/node_modules.
    if (!file.startsWith('template/')) expect(fs.existsSync(path.resolve(path.dirname(path.join(REPO_ROOT, file)), ref!))).toBe(true);
    else expect(ref).toBe(`../infra/node_modules/@serverless-axum/cdk/schemas/${SCHEMA_FILES[kind]}`);
  });

  test('list the features the loader knows, and ship in the package', () => {
    const definitions = (kind: 'dashboard' | 'alarms') => readSchema(kind).definitions as Record<string, { items: { enum: string[] } }>;
    expect(definitions('dashboard').requires.items.enum).toEqual([...FEATURES]);
    expect(definitions('alarms').requires.items.enum).toEqual([...FEATURES]);
    const pkg = readJson(path.join(__dirname, '..', '..', '..', 'package.json')) as { files: string[] };
    expect(pkg.files).toContain('schemas');
    expect(fs.readdirSync(SCHEMA_DIR).sort()).toEqual(Object.values(SCHEMA_FILES).sort());
  });

  test('one statistic pattern, the schema\'s', () => {
    for (const stat of ['Sum', 'Average', 'p90', 'p99.9', 'tm99', 'IQM', 'p100']) expect(STAT.test(stat)).toBe(true);
    for (const stat of ['P99', 'sum', 'p', 'Total']) expect(STAT.test(stat)).toBe(false);
  });

  test.each([
    ['an unknown field', 'dashboard', { name: 'n', widgets: [{ type: 'text', markdown: 'm', colour: 'red' }] }, /\.widgets\[0\]: unknown field "colour"/],
    ['a missing field', 'dashboard', { name: 'n', widgets: [{ type: 'logs', title: 't', logGroups: ['g'] }] }, /\.widgets\[0\]: missing field "query"/],
    ['a width above 24', 'dashboard', { name: 'n', widgets: [{ type: 'text', markdown: 'm', width: 25 }] }, /\.widgets\[0\]\.width: must be <= 24/],
    ['an empty "requires"', 'dashboard', { name: 'n', widgets: [{ type: 'text', markdown: 'm', requires: [] }] }, /requires: list at least one feature/],
    ['a metric alarm that also has metric-math fields', 'alarms', {
      alarms: [{ id: 'a', description: 'd', runbook: 'r', severity: 'page', comparison: 'GreaterThanThreshold', threshold: 1, evaluationPeriods: 1,
        metric: { namespace: 'AWS/Lambda', metric: 'Errors', stat: 'Sum', period: 60 }, label: 'l' }],
    }, /\.alarms\[0\]: unknown field "label"/],
    ['a catalog metric without a unit', 'metricCatalog', { namespace: 'N', metrics: [{ name: 'M', dimensions: [] }] }, /\.metrics\[0\]: missing field "unit"/],
  ] as const)('report %s with its path', (_, kind, raw, message) => {
    expect(() => validateAgainstSchema(kind, raw, 'file')).toThrow(message);
  });
});
