import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AUTH_ENV } from '../contracts';

/** What the function needs to serve the Files API. */
export interface FilesAccess {
  /** The bucket (`FILES_BUCKET`). */
  readonly bucket: s3.IBucket;
  /** Name of the export `bucket`'s ARN is imported from (how cdk-nag spells the bucket in its findings). */
  readonly bucketArnExport: string;
  /** Key prefix of the Files API (`FILES_PREFIX`); the role may only touch keys under it. */
  readonly prefix: string;
}

/**
 * What the service's token check is configured with (docs/auth.md); each becomes one of the function's
 * environment variables named in `AUTH_ENV` of the contracts.
 */
export interface FunctionAuth {
  /** `AUTH_ISSUER`: the issuer URL, compared with `iss`. */
  readonly issuer: string;
  /** `AUTH_AUDIENCE`: accepted audiences, comma-separated. */
  readonly audience: string;
  /** `AUTH_JWKS_URL`: where the signing keys are; absent: the service finds them by OIDC discovery. */
  readonly jwksUrl?: string;
  /** `AUTH_SCOPE_PREFIX`: what the API's scopes are prefixed with in tokens (Cognito: `<identifier>/`). */
  readonly scopePrefix?: string;
}

/** The `AUTH_*` variables of `auth` (unset ones left out, so the service tells "not set" from "empty"). */
export function authEnvironment(auth: FunctionAuth): Record<string, string> {
  const env: Record<string, string> = { [AUTH_ENV.issuer]: auth.issuer, [AUTH_ENV.audience]: auth.audience };
  if (auth.jwksUrl !== undefined) env[AUTH_ENV.jwksUrl] = auth.jwksUrl;
  if (auth.scopePrefix !== undefined) env[AUTH_ENV.scopePrefix] = auth.scopePrefix;
  return env;
}

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
