import { Duration, RemovalPolicy, SymlinkFollowMode, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Architecture } from '../config/ServiceConfig';
import { fixedNameLogGroup } from '../logs/fixedNameLogGroup';
import { acknowledgeFilesAccess, FilesAccess, FunctionAuth, grantFilesAccess, serviceEnvironment } from './serviceAccess';

// Where the service's access is described (the function and the container share it); named here too, as before.
export type { FilesAccess, FunctionAuth } from './serviceAccess';
export { authEnvironment } from './serviceAccess';

/** Props of {@link ServiceFunction}. */
export interface ServiceFunctionProps {
  readonly functionName: string;
  /** Name of the function's execution role. */
  readonly roleName: string;
  readonly logGroupName: string;
  /** A directory holding `bootstrap`, or a `bootstrap.zip`. */
  readonly artifact: string;
  readonly architecture: Architecture;
  /** `prod` or `pr-<n>`: the function's `APP_ENVIRONMENT`. */
  readonly environment: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The function's `RUST_LOG` (`tracing-subscriber` directives); also sets its application log level. */
  readonly logLevel: string;
  readonly logRetention: logs.RetentionDays;
  /**
   * The Files API's bucket and prefix.
   * @default - no Files API: no `FILES_BUCKET`/`FILES_PREFIX`, no S3 permissions
   */
  readonly files?: FilesAccess;
  /**
   * The token check's settings.
   * @default - no `AUTH_*` variables: the service checks no token (`"auth": null`)
   */
  readonly auth?: FunctionAuth;
  /**
   * Keep the log group when the stack is deleted.
   * @default false
   */
  readonly retainLogs?: boolean;
  /**
   * Keep each published version (`currentVersion`) when a deploy publishes the next one. CDK's default destroys it,
   * and then nothing is left to point the alias back to after CodeDeploy has finished (`verify --rollback`).
   * RetainExceptOnCreate, as for the log groups: a version whose own deploy rolls back is deleted, any other is kept.
   * Kept versions pile up (they count against the account's Lambda code storage) until the function is deleted.
   * @default false
   */
  readonly retainVersions?: boolean;
  /** Description of the function. */
  readonly description?: string;
}

/**
 * The service's Lambda function: the Rust binary on `provided.al2023`, JSON logs into its own log group, active
 * tracing, and a role that may only write its logs and traces and (with the Files API) read/write the Files API's keys.
 */
export class ServiceFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = fixedNameLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName, retention: props.logRetention, retain: props.retainLogs ?? false,
    });

    const role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    this.logGroup.grantWrite(role);
    if (props.files) grantFilesAccess(role, props.files.bucket, props.files.prefix);

    this.function = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      runtime: lambda.Runtime.PROVIDED_AL2023,
      handler: 'bootstrap',
      // A staged debug binary is a symlink (LambdaArtifact.checkArtifact): the asset takes the file it points to.
      code: lambda.Code.fromAsset(props.artifact, { followSymlinks: SymlinkFollowMode.ALWAYS }),
      architecture: props.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // RUST_LOG decides what the code logs; Lambda sets AWS_LAMBDA_LOG_LEVEL from this level, and the service
      // treats it as a ceiling only (the kit's telemetry/logs.rs). Never TRACE: that is hundreds of SDK lines per request.
      applicationLogLevelV2: applicationLogLevelFor(props.logLevel),
      // INFO keeps the platform.report records the memory metric is derived from.
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      tracing: lambda.Tracing.ACTIVE,
      currentVersionOptions: props.retainVersions ? { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE } : undefined,
      environment: serviceEnvironment(props),
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
    if (props.files) acknowledgeFilesAccess(role, props.files);
  }
}

const LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
const APPLICATION_LOG_LEVELS: Record<(typeof LEVELS)[number], lambda.ApplicationLogLevel> = {
  error: lambda.ApplicationLogLevel.ERROR,
  warn: lambda.ApplicationLogLevel.WARN,
  info: lambda.ApplicationLogLevel.INFO,
  debug: lambda.ApplicationLogLevel.DEBUG,
  trace: lambda.ApplicationLogLevel.TRACE,
};

/**
 * The function's application log level for `RUST_LOG` directives (`info`, `warn,orders_api=debug`, …): the most
 * verbose level they enable, so Lambda keeps every record the service writes, and never below INFO, because EMF
 * metric records carry no level and Lambda counts them as INFO. A directive naming a target without a level
 * enables everything for that target (TRACE), as in `tracing-subscriber`.
 */
export function applicationLogLevelFor(directives: string): lambda.ApplicationLogLevel {
  let most = LEVELS.indexOf('info');
  for (const directive of directives.split(',').map((d) => d.trim()).filter((d) => d !== '')) {
    const eq = directive.lastIndexOf('=');
    const level = (eq >= 0 ? directive.slice(eq + 1) : directive).toLowerCase();
    let index: number;
    if ((LEVELS as readonly string[]).includes(level)) index = LEVELS.indexOf(level as (typeof LEVELS)[number]);
    else if (level === 'off' || level === '0') index = -1;
    else if (/^[1-5]$/.test(level)) index = Number(level) - 1;
    else if (eq < 0) index = LEVELS.indexOf('trace'); // a bare target: all its levels
    else throw new Error(`log level directive "${directive}" has no level tracing-subscriber knows`);
    most = Math.max(most, index);
  }
  return APPLICATION_LOG_LEVELS[LEVELS[most]];
}

