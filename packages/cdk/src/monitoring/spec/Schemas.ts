import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

/** The package's `schemas/` folder: one JSON Schema per data-file kind (editors can point `"$schema"` at them). */
export const SCHEMA_DIR = path.join(__dirname, '..', '..', '..', 'schemas');

/** The data-file kinds and their schema files. */
export const SCHEMA_FILES = {
  dashboard: 'dashboard.schema.json',
  alarms: 'alarms.schema.json',
  metricCatalog: 'metric-catalog.schema.json',
  // The infra review's inputs (src/review/): a service's infra/stateful-overrides.json and infra/traffic-profile.json,
  // and the package's own pricing/prices.json.
  statefulOverrides: 'stateful-overrides.schema.json',
  trafficProfile: 'traffic-profile.schema.json',
  prices: 'prices.schema.json',
} as const;

export type SchemaKind = keyof typeof SCHEMA_FILES;

/** A schema file, parsed. */
export function readSchema(kind: SchemaKind): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, SCHEMA_FILES[kind]), 'utf8')) as Record<string, unknown>;
}

let validators: Record<SchemaKind, ValidateFunction> | undefined;

function validator(kind: SchemaKind): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    for (const k of Object.keys(SCHEMA_FILES) as SchemaKind[]) ajv.addSchema(readSchema(k), SCHEMA_FILES[k]);
    validators = Object.fromEntries(
      (Object.keys(SCHEMA_FILES) as SchemaKind[]).map((k) => [k, ajv.getSchema(SCHEMA_FILES[k])!]),
    ) as Record<SchemaKind, ValidateFunction>;
  }
  return validators[kind];
}

/** `/widgets/3/metrics/0/stat` → `.widgets[3].metrics[0].stat`. */
function jsonPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
}

function describe(e: ErrorObject): string | undefined {
  const hint = (e.parentSchema as { description?: string } | undefined)?.description;
  switch (e.keyword) {
    case 'if':
      return undefined; // the failing `then`/`else` branch reports the problem itself
    case 'additionalProperties':
      return `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'propertyNames':
      return undefined; // reported by the nested error, which names the property
    case 'required':
      return `missing field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      if (e.propertyName !== undefined) return `unknown field "${e.propertyName}"`;
      return `expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}, got ${JSON.stringify(e.data)}`;
    case 'pattern':
      return `${e.propertyName !== undefined ? `"${e.propertyName}"` : JSON.stringify(e.data)} does not match ${(e.params as { pattern: string }).pattern}${hint ? ` (${hint})` : ''}`;
    case 'minItems':
      return hint ?? `expected at least ${(e.params as { limit: number }).limit} item(s)`;
    default:
      return `${e.message ?? e.keyword}${hint ? ` (${hint})` : ''}`;
  }
}

/**
 * Checks `raw` against the schema of its kind; throws one error listing every problem as `<source><path>: <what>`
 * (`alarms/service.json.alarms[0].metric.stat: "P99" does not match ...`).
 */
export function validateAgainstSchema(kind: SchemaKind, raw: unknown, source: string): void {
  const validate = validator(kind);
  if (validate(raw)) return;
  const problems = [...new Set((validate.errors ?? []).flatMap((e) => {
    const what = describe(e);
    return what === undefined ? [] : [`${source}${jsonPath(e.instancePath)}: ${what}`];
  }))];
  throw new Error(problems.length > 0 ? problems.join('\n') : `${source}: does not match ${SCHEMA_FILES[kind]}`);
}

/** The one statistic pattern (CloudWatch's statistics), as the dashboard schema defines it. */
export const STAT: RegExp = (() => {
  const metric = (readSchema('dashboard').definitions as Record<string, { properties: Record<string, { pattern: string }> }>).metric;
  return new RegExp(metric.properties.stat.pattern);
})();

/** True for the periods CloudWatch accepts: 1, 5, 10, 30 or a multiple of 60 seconds. */
export function isValidPeriod(period: number): boolean {
  return Number.isInteger(period) && period > 0 && ([1, 5, 10, 30].includes(period) || period % 60 === 0);
}
