import * as fs from 'fs';
import * as path from 'path';

/** CPU architecture of the Lambda function. */
export type Architecture = 'arm64' | 'x86_64';

/** Throttling of the API stage. */
export interface ThrottleConfig {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Burst bucket size. */
  readonly burstLimit: number;
}

/** Log retention in days, per kind of environment. */
export interface LogRetentionConfig {
  readonly prod: number;
  readonly preview: number;
}

/**
 * The service's settings: `infra/service.config.json` of the service, filled in by cargo-generate.
 */
export interface ServiceConfig {
  /** Service name, kebab-case (the cargo-generate `project-name`). */
  readonly service: string;
  /** Owning team or person. */
  readonly owner: string;
  /** GitHub repository, `org/name`. */
  readonly repository: string;
  /** AWS region the stacks deploy to. */
  readonly region: string;
  /** One-line description of the service. */
  readonly description: string;
  /** Lambda memory in MB. */
  readonly memoryMb: number;
  /** Lambda timeout in seconds (API Gateway's integration timeout caps it at 29). */
  readonly timeoutSeconds: number;
  /**
   * `RUST_LOG` of the function (`tracing-subscriber` directives); the function's application log level is the most
   * verbose level it names, at least INFO. Lambda's level only caps `RUST_LOG`, never raises it.
   */
  readonly logLevel: string;
  /** Retention of the function's and the API's log groups. */
  readonly logRetentionDays: LogRetentionConfig;
  /** API stage throttling. */
  readonly throttle: ThrottleConfig;
  /** Default Lambda architecture; `-c architecture=` overrides it. */
  readonly architecture: Architecture;
  /**
   * Whether the service has the example Files API (the cargo-generate `example_api` answer): without it there is no
   * data stack, no bucket, no `FILES_BUCKET` and no Files widgets or alarms (spec entries with `"requires": ["filesApi"]`).
   */
  readonly filesApi: boolean;
  /** `FILES_PREFIX` of the function: key prefix of the Files API inside the bucket (used when `filesApi`). */
  readonly filesPrefix: string;
  /** Days after which noncurrent object versions are expired (prod; used when `filesApi`). */
  readonly noncurrentVersionExpirationDays: number;
  /** Lifetime of a preview before the janitor may delete it (the `expires-at` tag). */
  readonly previewTtlDays: number;
}

/** Environment variable naming another config file (a rendered copy, for working on the template itself). */
export const SERVICE_CONFIG_ENV = 'SERVICE_CONFIG';

/** Default location: `service.config.json` in the current directory (the service's infra/, where cdk and jest run). */
export function defaultConfigPath(): string {
  return path.resolve('service.config.json');
}

const SERVICE_NAME = /^[a-z][a-z0-9-]{2,39}$/;
/** "pr" as a word of a kebab-case name: what preview resource names (`<service>-pr-<n>`) are matched by. */
const PREVIEW_WORD = /(^|-)pr(-|$)/;
/** Levels a `RUST_LOG` directive may end in (`target=level`), as `tracing-subscriber` reads them. */
const LOG_LEVELS = ['off', 'error', 'warn', 'info', 'debug', 'trace', '0', '1', '2', '3', '4', '5'];
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const KEYS: readonly (keyof ServiceConfig)[] = [
  'service', 'owner', 'repository', 'region', 'description', 'memoryMb', 'timeoutSeconds', 'logLevel',
  'logRetentionDays', 'throttle', 'architecture', 'filesApi', 'filesPrefix', 'noncurrentVersionExpirationDays', 'previewTtlDays',
];
/** Retention values CloudWatch Logs accepts. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Reads and validates the service config from `file`, else `SERVICE_CONFIG`, else ./service.config.json. */
export function loadServiceConfig(file: string = process.env[SERVICE_CONFIG_ENV] ?? defaultConfigPath()): ServiceConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read service config ${file}: ${(e as Error).message}`);
  }
  return parseServiceConfig(raw, file);
}

/** Validates a parsed config object; throws naming every problem found. */
export function parseServiceConfig(raw: unknown, source = 'service config'): ServiceConfig {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${source}: expected a JSON object`);
  }
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!(KEYS as readonly string[]).includes(key)) problems.push(`unknown field "${key}"`);
  }
  for (const key of KEYS) {
    if (!(key in c)) problems.push(`missing field "${key}"`);
  }
  const str = (k: string, re?: RegExp) => {
    const v = c[k];
    if (typeof v !== 'string') return problems.push(`"${k}" must be a string`);
    if (/\{\{/.test(v)) return problems.push(`"${k}" is an unrendered template placeholder (${v}); set ${SERVICE_CONFIG_ENV} to a rendered copy`);
    if (re && !re.test(v)) problems.push(`"${k}" = "${v}" does not match ${re}`);
    return 0;
  };
  const int = (v: unknown, name: string, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) problems.push(`"${name}" must be an integer in ${min}..${max}`);
  };
  str('service', SERVICE_NAME);
  if (typeof c.service === 'string' && PREVIEW_WORD.test(c.service)) {
    problems.push(`"service" = "${c.service}" has "pr" as a word ("-pr-", "pr-…" or "…-pr"): names matching *-pr-* belong to pull-request previews (their stacks, roles and log groups), so the preview roles and the janitor could touch this service's prod resources; choose another name`);
  }
  str('owner', /^\S.*$/);
  str('repository', REPOSITORY);
  str('region', REGION);
  str('description');
  str('logLevel', /^[a-z_=,:.0-9]+$/i);
  if (typeof c.logLevel === 'string') {
    for (const directive of c.logLevel.split(',').filter((d) => d.includes('='))) {
      const level = directive.slice(directive.lastIndexOf('=') + 1).toLowerCase();
      if (!LOG_LEVELS.includes(level)) problems.push(`"logLevel" directive "${directive}" must end in one of ${LOG_LEVELS.join(', ')}`);
    }
  }
  if (typeof c.filesApi !== 'boolean') problems.push('"filesApi" must be true or false');
  if (typeof c.filesPrefix !== 'string' || !/^([A-Za-z0-9_.-]+\/)*$/.test(c.filesPrefix)) {
    problems.push('"filesPrefix" must be "" or path segments each ending in "/"');
  }
  int(c.memoryMb, 'memoryMb', 128, 10240);
  int(c.timeoutSeconds, 'timeoutSeconds', 1, 29);
  int(c.noncurrentVersionExpirationDays, 'noncurrentVersionExpirationDays', 1, 3650);
  int(c.previewTtlDays, 'previewTtlDays', 1, 90);
  if (c.architecture !== 'arm64' && c.architecture !== 'x86_64') problems.push('"architecture" must be "arm64" or "x86_64"');
  const throttle = c.throttle as Record<string, unknown> | undefined;
  if (typeof throttle !== 'object' || throttle === null || Object.keys(throttle).sort().join() !== 'burstLimit,rateLimit') {
    problems.push('"throttle" must be {"rateLimit": n, "burstLimit": n}');
  } else {
    int(throttle.rateLimit, 'throttle.rateLimit', 1, 10000);
    int(throttle.burstLimit, 'throttle.burstLimit', 1, 5000);
  }
  const retention = c.logRetentionDays as Record<string, unknown> | undefined;
  if (typeof retention !== 'object' || retention === null || Object.keys(retention).sort().join() !== 'preview,prod') {
    problems.push('"logRetentionDays" must be {"prod": n, "preview": n}');
  } else {
    for (const k of ['prod', 'preview']) {
      if (!RETENTION_DAYS.includes(retention[k] as number)) problems.push(`"logRetentionDays.${k}" must be one of ${RETENTION_DAYS.join(', ')}`);
    }
  }
  if (problems.length > 0) throw new Error(`${source}:\n  - ${problems.join('\n  - ')}`);
  return c as unknown as ServiceConfig;
}
