import * as fs from 'fs';
import * as path from 'path';

/** CPU architecture of the Lambda function or the Fargate tasks. */
export type Architecture = 'arm64' | 'x86_64';

/**
 * What runs the service: a Lambda function behind API Gateway, or Fargate tasks behind an Application Load Balancer
 * (the same binary in the container image of the service's Dockerfile).
 */
export const COMPUTES = ['lambda', 'fargate'] as const;
export type Compute = (typeof COMPUTES)[number];
/** The compute of a config that does not say (configs written before `compute` existed keep running on Lambda). */
export const DEFAULT_COMPUTE: Compute = 'lambda';

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

/** The issuer value that means "the user pool that comes with the stacks". */
export const COGNITO_ISSUER = 'cognito';

/**
 * Authentication of the API (the cargo-generate `auth` answer `jwt`): OAuth 2 bearer tokens (JWTs) from a Cognito user
 * pool that comes with the stacks, or from any other OIDC issuer. docs/auth.md.
 */
export interface AuthConfig {
  /**
   * `"cognito"`: each environment (prod, every preview) gets its own user pool, checked by API Gateway before the
   * function runs and again by the service. Or the `https://` issuer URL of another OIDC provider (Auth0, Okta, Entra
   * ID), which the service alone checks (REST APIs have no JWT authorizer for other issuers).
   */
  readonly issuer: string;
  /**
   * Accepted audiences (`aud`, or `client_id` for tokens without `aud`). Required for another issuer (its API
   * identifier or client ids); with Cognito, the pool's machine client is always accepted and these are added.
   */
  readonly audience: readonly string[];
  /**
   * The API's scopes, name → description. With Cognito they become the resource server's scopes, requested in tokens
   * as `<service>/<name>`; the authorizer lets through tokens holding any of them, the service checks each route's.
   */
  readonly scopes: Readonly<Record<string, string>>;
  /** Paths anyone may GET (and HEAD) without a token: `/health`, `/openapi.json`, `/docs`. */
  readonly publicPaths: readonly string[];
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
  /** Default architecture of the function or the tasks; `-c architecture=` overrides it. */
  readonly architecture: Architecture;
  /**
   * `lambda` (the default when left out) or `fargate`: what runs the service (the cargo-generate `compute` answer).
   * Also picks the dashboard widgets and alarms (spec entries with `"requires": ["lambda"]` or `["fargate"]`).
   */
  readonly compute: Compute;
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
  /** Authentication of the API; `null` (the cargo-generate answer `auth=none`): a public API, no token checked anywhere. */
  readonly auth: AuthConfig | null;
}

/** True when the stacks bring a Cognito user pool (`auth.issuer` is `"cognito"`). */
export function usesCognito(config: Pick<ServiceConfig, 'auth'>): boolean {
  return config.auth !== null && config.auth.issuer === COGNITO_ISSUER;
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
  'logRetentionDays', 'throttle', 'architecture', 'filesApi', 'filesPrefix', 'noncurrentVersionExpirationDays', 'previewTtlDays', 'auth',
  'compute',
];
/** Fields a config may leave out, and what they default to. */
const OPTIONAL: Partial<Record<keyof ServiceConfig, unknown>> = { compute: DEFAULT_COMPUTE };
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
    if (!(key in c) && !(key in OPTIONAL)) problems.push(`missing field "${key}"`);
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
  if ('compute' in c && !(COMPUTES as readonly unknown[]).includes(c.compute)) {
    problems.push(`"compute" must be one of ${COMPUTES.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(c.compute)}`);
  }
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
  if ('auth' in c) problems.push(...authProblems(c.auth));
  if (problems.length > 0) throw new Error(`${source}:\n  - ${problems.join('\n  - ')}`);
  return { ...OPTIONAL, ...c } as unknown as ServiceConfig;
}

const AUTH_KEYS = ['audience', 'issuer', 'publicPaths', 'scopes'];
/** A Cognito scope name (and what RFC 6749 allows in a scope token, minus `/`, which joins it to the identifier). */
const SCOPE_NAME = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/;
/** A path API Gateway can hold as resources: segments of unreserved characters, no `{parameters}`. */
const PUBLIC_PATH = /^(\/[A-Za-z0-9._~-]+)+$/;
/** Resource server scopes Cognito allows. */
const MAX_SCOPES = 100;

/** What is wrong with `auth` (an empty list when it is valid). */
function authProblems(auth: unknown): string[] {
  if (auth === null) return [];
  if (typeof auth !== 'object' || Array.isArray(auth) || auth === undefined) {
    return ['"auth" must be null (a public API) or {"issuer", "audience", "scopes", "publicPaths"}'];
  }
  const a = auth as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(a)) if (!AUTH_KEYS.includes(key)) problems.push(`unknown field "auth.${key}"`);
  for (const key of AUTH_KEYS) if (!(key in a)) problems.push(`missing field "auth.${key}"`);

  const issuer = a.issuer;
  const cognito = issuer === COGNITO_ISSUER;
  if (typeof issuer !== 'string' || (!cognito && !isIssuerUrl(issuer))) {
    problems.push(`"auth.issuer" must be "${COGNITO_ISSUER}" (a user pool comes with the stacks) or the https:// URL of an OIDC issuer, exactly as its tokens' "iss" spells it (e.g. "https://acme.okta.com/oauth2/default"), got ${JSON.stringify(issuer)}`);
  }
  const audience = a.audience;
  if (!Array.isArray(audience) || audience.some((v) => typeof v !== 'string' || v.trim() === '' || v.includes(',') || v !== v.trim())) {
    problems.push('"auth.audience" must be a list of audiences (non-empty strings without commas or surrounding spaces)');
  } else {
    if (new Set(audience).size !== audience.length) problems.push('"auth.audience" lists an audience twice');
    if (!cognito && typeof issuer === 'string' && audience.length === 0) {
      problems.push(`"auth.audience" must name at least one audience for the issuer ${issuer} (its API identifier or client id): without one, a token that issuer signed for any other application would be accepted`);
    }
  }
  const scopes = a.scopes;
  if (typeof scopes !== 'object' || scopes === null || Array.isArray(scopes)) {
    problems.push('"auth.scopes" must be an object of scope name → description');
  } else {
    const entries = Object.entries(scopes as Record<string, unknown>);
    if (entries.length === 0) problems.push('"auth.scopes" must name at least one scope (the machine client asks for them, the authorizer requires one)');
    if (entries.length > MAX_SCOPES) problems.push(`"auth.scopes" may hold at most ${MAX_SCOPES} scopes (Cognito's limit per resource server)`);
    for (const [name, description] of entries) {
      if (!SCOPE_NAME.test(name)) problems.push(`"auth.scopes" name "${name}" must be 1-256 printable ASCII characters without space, '"', '/' or '\\'`);
      if (typeof description !== 'string' || description.trim() === '' || description.length > 256) {
        problems.push(`"auth.scopes.${name}" must be a description of 1-256 characters`);
      }
    }
  }
  const publicPaths = a.publicPaths;
  if (!Array.isArray(publicPaths) || publicPaths.some((p) => typeof p !== 'string' || !PUBLIC_PATH.test(p))) {
    problems.push('"auth.publicPaths" must be a list of paths like "/health" (segments of letters, digits, ".", "_", "~", "-"; not "/" and no {parameters})');
  } else if (new Set(publicPaths).size !== publicPaths.length) {
    problems.push('"auth.publicPaths" lists a path twice');
  }
  return problems;
}

function isIssuerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.search === '' && url.hash === ''
    && !value.includes('{{') && url.hostname.includes('.');
}
