/**
 * What `operations.json` says: how a deployed service environment is named and measured. The serverless-axum CLI
 * compiles in the very same file (`include_str!`), so the names the stacks get here are the names `status`, `verify`,
 * `record-deploy` and `check-monitoring` look for; nothing below retypes a value of the file.
 */
import operations from './operations.json';

/** The placeholders a name pattern may hold: `{service}`, `{env}` (prod or pr-<n>), `{kind}` (data or app), `{id}` (an alarm id). */
export const NAME_PLACEHOLDERS = ['service', 'env', 'kind', 'id'] as const;
export type NamePlaceholder = (typeof NAME_PLACEHOLDERS)[number];
/** Values for the placeholders of a pattern; values the pattern does not use are ignored. */
export type NameValues = Partial<Record<NamePlaceholder, string>>;

/** The name patterns of a service environment's resources (`names` of operations.json). */
export interface ServiceNamePatterns {
  readonly stack: string;
  readonly function: string;
  readonly api: string;
  readonly stage: string;
  readonly dashboard: string;
  readonly alarm: string;
}

/** Copied key by key, so a key missing from the file fails the type-check here rather than a deploy. */
export const SERVICE_NAME_PATTERNS: ServiceNamePatterns = Object.freeze({
  stack: operations.names.stack,
  function: operations.names.function,
  api: operations.names.api,
  stage: operations.names.stage,
  dashboard: operations.names.dashboard,
  alarm: operations.names.alarm,
});

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * `pattern` with each `{placeholder}` replaced by its value. Throws on a placeholder outside NAME_PLACEHOLDERS, on
 * one without a value and on a stray brace: a name built from a half-filled pattern would name nothing the CLI finds.
 */
export function fillName(pattern: string, values: NameValues): string {
  if (/[{}]/.test(pattern.replace(PLACEHOLDER, ''))) throw new Error(`name pattern "${pattern}" has an unmatched brace`);
  return pattern.replace(PLACEHOLDER, (_, name: string) => {
    if (!(NAME_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new Error(`name pattern "${pattern}" has an unknown placeholder {${name}} (known: ${NAME_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
    }
    const value = values[name as NamePlaceholder];
    if (value === undefined) throw new Error(`name pattern "${pattern}" needs a value for {${name}}`);
    return value;
  });
}

/** The environment name of production. */
export const PROD_ENV: string = operations.environments.prod;
/** A preview environment name: `pr-<n>`, the pull request's number (up to 7 digits) in group 1. */
export const PREVIEW_ENV = new RegExp(operations.environments.preview);

/** The alias API Gateway invokes in prod; CodeDeploy shifts it to each new version, `verify --rollback` shifts it back. */
export const LIVE_ALIAS: string = operations.liveAlias;

/**
 * Dimensions every custom metric and every delivery metric carries. Typed by their names (a JSON import widens to
 * `string[]`), and checked against the file when this module loads, so the type cannot drift from the file.
 */
export const METRIC_DIMENSIONS = exactly(operations.metricDimensions, ['Service', 'Environment'] as const, 'metricDimensions');

/** The delivery metrics (DORA's four keys) `serverless-axum record-deploy` publishes per service and environment. */
export const DELIVERY_NAMESPACE: string = operations.delivery.namespace;

/** One delivery metric: its CloudWatch name and unit. */
export interface DeliveryMetric {
  readonly name: string;
  readonly unit: string;
}
export type DeliveryMetricKey = 'deployments' | 'failedDeployments' | 'leadTime' | 'timeToRestore';

const metric = (m: DeliveryMetric): DeliveryMetric => Object.freeze({ name: m.name, unit: m.unit });
/** Each delivery metric by what it measures; copied key by key, as the name patterns are. */
export const DELIVERY_METRICS: Readonly<Record<DeliveryMetricKey, DeliveryMetric>> = Object.freeze({
  deployments: metric(operations.delivery.metrics.deployments),
  failedDeployments: metric(operations.delivery.metrics.failedDeployments),
  leadTime: metric(operations.delivery.metrics.leadTime),
  timeToRestore: metric(operations.delivery.metrics.timeToRestore),
});

/** The stacks of one service environment: `data` (stateful, deployed first) and `app` (stateless). */
export const STACK_KINDS = ['data', 'app'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/** The name of a service's stack (`names.stack`: `<service>-<env>-<kind>`; docs/conventions.md, "Names"). */
export function serviceStackName(service: string, env: string, kind: StackKind): string {
  return fillName(SERVICE_NAME_PATTERNS.stack, { service, env, kind });
}

/**
 * The pull request and stack kind of a preview stack's name (`<service>-pr-<n>-<kind>`), or undefined for any other
 * name: the only stack names the preview janitor may ever delete. The stack pattern is filled with everything but
 * `{env}`; what stands in the env's place must be a whole preview environment name.
 */
export function parsePreviewStackName(service: string, name: string): { pr: number; kind: StackKind } | undefined {
  for (const kind of STACK_KINDS) {
    const around = fillName(SERVICE_NAME_PATTERNS.stack, { service, kind, env: '{env}' }).split('{env}');
    if (around.length !== 2) throw new Error(`stack name pattern "${SERVICE_NAME_PATTERNS.stack}" must hold {env} exactly once`);
    const [before, after] = around;
    if (name.length <= before.length + after.length || !name.startsWith(before) || !name.endsWith(after)) continue;
    const env = PREVIEW_ENV.exec(name.slice(before.length, name.length - after.length));
    if (env) return { pr: Number(env[1]), kind };
  }
  return undefined;
}

/** `actual` (read from operations.json at `key`), typed as `expected` once they are equal; throws otherwise. */
function exactly<T extends readonly string[]>(actual: readonly string[], expected: T, key: string): T {
  if (actual.length !== expected.length || actual.some((v, i) => v !== expected[i])) {
    throw new Error(`operations.json ${key} is ${JSON.stringify(actual)}; this library is typed for ${JSON.stringify(expected)}`);
  }
  return Object.freeze([...actual]) as unknown as T;
}
