import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { authEnvironment, FilesAccess, FunctionAuth } from './ServiceFunction';

/** What the service's configuration through its environment is made of, whatever runs it (function or container). */
export interface ServiceEnvironmentProps {
  /** `prod` or `pr-<n>`: `APP_ENVIRONMENT`. */
  readonly environment: string;
  /** `RUST_LOG`. */
  readonly logLevel: string;
  readonly files?: FilesAccess;
  readonly auth?: FunctionAuth;
}

/**
 * The environment variables the service reads (Files API bucket and prefix, token check, environment, log level):
 * one list for the Lambda function and the Fargate container, so both computes run the binary the same way.
 */
export function serviceEnvironment(props: ServiceEnvironmentProps): Record<string, string> {
  return {
    ...(props.files ? { FILES_BUCKET: props.files.bucket.bucketName, FILES_PREFIX: props.files.prefix } : {}),
    ...(props.auth ? authEnvironment(props.auth) : {}),
    APP_ENVIRONMENT: props.environment,
    RUST_LOG: props.logLevel,
  };
}

/** The cdk-nag acknowledgement that goes with {@link grantFilesAccess} on `role`. */
export function acknowledgeFilesAccess(role: iam.IRole, files: FilesAccess): void {
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${files.bucketArnExport}/${files.prefix}*]`,
    reason: 'Object-level access of the Files API: any key under the service prefix of its own bucket (keys are user-chosen paths).',
  });
}

/** Object read/write/delete under the prefix (also what presigned URLs, signed with this role, may do) and listing of it. */
export function grantFilesAccess(role: iam.IRole, bucket: s3.IBucket, prefix: string): void {
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
