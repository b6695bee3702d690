import { Duration, RemovalPolicy, SymlinkFollowMode, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Architecture } from '../config/ServiceConfig';

/** What the function needs to serve the Files API. */
export interface FilesAccess {
  /** The bucket (`FILES_BUCKET`). */
  readonly bucket: s3.IBucket;
  /** Name of the export `bucket`'s ARN is imported from (how cdk-nag spells the bucket in its findings). */
  readonly bucketArnExport: string;
  /** Key prefix of the Files API (`FILES_PREFIX`); the role may only touch keys under it. */
  readonly prefix: string;
}

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
  /** The function's `RUST_LOG`. */
  readonly logLevel: string;
  readonly logRetention: logs.RetentionDays;
  /**
   * The Files API's bucket and prefix.
   * @default - no Files API: no `FILES_BUCKET`/`FILES_PREFIX`, no S3 permissions
   */
  readonly files?: FilesAccess;
  /**
   * Keep the log group when the stack is deleted.
   * @default false
   */
  readonly retainLogs?: boolean;
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
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
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
      // RUST_LOG decides what the code logs; Lambda must not drop records (EMF metric records carry no level).
      applicationLogLevelV2: lambda.ApplicationLogLevel.TRACE,
      // INFO keeps the platform.report records the memory metric is derived from.
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        ...(props.files ? { FILES_BUCKET: props.files.bucket.bucketName, FILES_PREFIX: props.files.prefix } : {}),
        APP_ENVIRONMENT: props.environment,
        RUST_LOG: props.logLevel,
      },
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
    if (props.files) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${props.files.bucketArnExport}/${props.files.prefix}*]`,
        reason: 'Object-level access of the Files API: any key under the service prefix of its own bucket (keys are user-chosen paths).',
      });
    }
  }
}

/** Object read/write/delete under the prefix (also what presigned URLs, signed with this role, may do) and listing of it. */
function grantFilesAccess(role: iam.IRole, bucket: s3.IBucket, prefix: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'FilesObjects',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects(`${prefix}*`)],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'FilesList',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    }),
  );
}
