import { createHash } from 'crypto';
import { SERVICE_NAME_PATTERNS, StackKind, fillName, serviceStackName } from '../contracts';

/** Longest IAM role and Lambda function name. */
const MAX_ROLE_OR_FUNCTION_NAME = 64;
/** Longest S3 bucket name. */
const MAX_BUCKET_NAME = 63;
/** Longest Cognito domain prefix. */
const MAX_DOMAIN_PREFIX = 63;
/** Longest Application Load Balancer and target group name. */
const MAX_LOAD_BALANCER_NAME = 32;
/** Words Cognito refuses in a domain prefix. */
const RESERVED_IN_DOMAIN = /aws|amazon|cognito/g;
/** Length of an AWS account id, the suffix that makes bucket names globally unique. */
const ACCOUNT_ID_LENGTH = 12;

/**
 * `<service>-<env>`: what the names outside operations.json start with (roles, buckets, log groups, exports), which
 * the CLI never looks up.
 */
const PREFIX_PATTERN = '{service}-{env}';

/** What the data stack exports for the app stack (`exportName`). */
export type DataExport = 'files-bucket-name' | 'files-bucket-arn' | 'user-pool-id' | 'user-pool-arn' | 'user-pool-client-id';

/**
 * Every physical name of a service environment, in one place (docs/conventions.md, "Names"). Every name contains
 * `<service>-<env>`, so in a preview it contains `-pr-<n>`: the platform's preview execution role may only touch
 * functions, log groups, buckets and roles whose names match `*-pr-*`. The names the serverless-axum CLI finds a
 * deployed environment by (stack, function, API, stage, dashboard, alarms) are filled from operations.json's patterns.
 */
export class ServiceNaming {
  /** `<service>-<env>`: the prefix of every name below. */
  public readonly prefix: string;

  constructor(public readonly service: string, public readonly env: string) {
    this.prefix = fillName(PREFIX_PATTERN, { service, env });
  }

  /** `<service>-<env>-data` (stateful) or `<service>-<env>-app` (stateless): `names.stack`. */
  stackName(kind: StackKind): string {
    return serviceStackName(this.service, this.env, kind);
  }

  /** Lambda function name: `names.function`. */
  get functionName(): string {
    return this.fill(SERVICE_NAME_PATTERNS.function);
  }

  /** REST API name (the `ApiName` metric dimension): `names.api`. */
  get apiName(): string {
    return this.fill(SERVICE_NAME_PATTERNS.api);
  }

  /** API stage name (the `Stage` metric dimension): `names.stage`, the environment. */
  get stageName(): string {
    return this.fill(SERVICE_NAME_PATTERNS.stage);
  }

  /** Dashboard name: `names.dashboard`. */
  get dashboardName(): string {
    return this.fill(SERVICE_NAME_PATTERNS.dashboard);
  }

  /** Log group of the function. */
  get functionLogGroupName(): string {
    return `/aws/lambda/${this.functionName}`;
  }

  /**
   * Log group of the Fargate tasks (compute `fargate`): `/ecs/<service>-<env>`. Not under `/aws/lambda/`, which is
   * Lambda's; the preview execution role reaches it by its `-pr-` like every other log group.
   */
  get containerLogGroupName(): string {
    return `/ecs/${this.prefix}`;
  }

  /** Log group of the API's access logs. */
  get accessLogGroupName(): string {
    return `/aws/apigateway/${this.prefix}/access`;
  }

  /** IAM role: `<service>-<env>-<what>`. */
  roleName(what: string): string {
    return this.bounded(`${this.prefix}-${kebab(what, 'role')}`, MAX_ROLE_OR_FUNCTION_NAME);
  }

  /** Function of one of CDK's custom resource providers (e.g. autoDeleteObjects): `<service>-<env>-<what>`. */
  providerFunctionName(what: string): string {
    return this.bounded(`${this.prefix}-${kebab(what, 'provider')}`, MAX_ROLE_OR_FUNCTION_NAME);
  }

  /** Log group of a custom resource provider's function (where Lambda writes by default). */
  providerLogGroupName(what: string): string {
    return `/aws/lambda/${this.providerFunctionName(what)}`;
  }

  /**
   * Bucket: `<service>-<env>-<what>-<account>`, globally unique through the account id (a token in env-agnostic
   * stacks). When that exceeds 63 characters, the service part is cut and a hash of the full service name keeps it
   * unique; `-<env>-` (e.g. `-pr-7-`) always stays.
   */
  bucketName(what: string, account: string): string {
    const tail = `-${this.env}-${kebab(what, 'bucket')}-`;
    return `${this.fitted(this.service, MAX_BUCKET_NAME - ACCOUNT_ID_LENGTH - tail.length)}${tail}${account}`;
  }

  /** CloudFormation export of the data stack read by the app stack: `<service>-<env>-<what>`. */
  exportName(what: DataExport): string {
    return `${this.prefix}-${what}`;
  }

  /** The user pool: `<service>-<env>`. */
  get userPoolName(): string {
    return this.prefix;
  }

  /** The user pool's machine-to-machine (client credentials) app client: `<service>-<env>-machine`. */
  get machineClientName(): string {
    return `${this.prefix}-machine`;
  }

  /**
   * Prefix of the user pool's Cognito domain (`https://<prefix>.auth.<region>.amazoncognito.com`), which must be unique
   * in the region across all AWS accounts: `<service>-<env>-<account>`. Cognito refuses prefixes containing `aws`,
   * `amazon` or `cognito` and longer than 63 characters: such words are cut out of the service part (`x` instead), and
   * when anything was cut or the whole is too long, a hash of the full service name keeps it unique; `-<env>-` stays.
   */
  authDomainPrefix(account: string): string {
    const tail = `-${this.env}-`;
    const budget = MAX_DOMAIN_PREFIX - ACCOUNT_ID_LENGTH - tail.length;
    return `${this.fitted(this.service.replace(RESERVED_IN_DOMAIN, 'x'), budget)}${tail}${account}`;
  }

  /** Alarm name: `names.alarm`, `<service>-<env>-<what>`, `what` (the alarm id) in kebab-case. */
  alarmName(what: string): string {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(what)) throw new Error(`alarm id "${what}" must be kebab-case`);
    return this.fill(SERVICE_NAME_PATTERNS.alarm, what);
  }

  /** `pattern` filled with this environment's service and env (and `id`, for alarms). */
  private fill(pattern: string, id?: string): string {
    return fillName(pattern, { service: this.service, env: this.env, id });
  }

  /**
   * The load balancer and its target group (compute `fargate`): `<service>-<env>`, at most 32 characters. Longer, the
   * service part is cut and a hash of the full service name keeps it unique; `-<env>` always stays, so a preview's
   * are matched by the preview execution role's `*-pr-*` patterns like every other name.
   */
  get loadBalancerName(): string {
    const tail = `-${this.env}`;
    return `${this.fitted(this.service, MAX_LOAD_BALANCER_NAME - tail.length)}${tail}`;
  }

  /**
   * `service` (already cleaned of what the name may not hold) when it is the service's name and fits in `budget`
   * characters; else cut to fit with `-<hash of the full service name>`, so two long names stay apart.
   */
  private fitted(service: string, budget: number): string {
    if (service === this.service && service.length <= budget) return service;
    const hash = createHash('sha256').update(this.service).digest('hex').slice(0, 6);
    return `${service.slice(0, budget - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }

  private bounded(name: string, max: number): string {
    if (name.length > max) throw new Error(`"${name}" is longer than ${max} characters: shorten the service name`);
    return name;
  }
}

function kebab(what: string, kind: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(what)) throw new Error(`${kind} name part "${what}" must be kebab-case`);
  return what;
}
