import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ServiceUserPool } from '../auth/ServiceUserPool';
import { STACK_OUTPUTS } from '../contracts';
import { ServiceNaming } from '../naming/ServiceNaming';
import { FilesBucket } from './FilesBucket';

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  readonly naming: ServiceNaming;
  /** Keep data when the stack is deleted (prod). */
  readonly retain: boolean;
  /**
   * Hold the Files API's bucket.
   * @default true
   */
  readonly files?: boolean;
  /**
   * Days after which noncurrent object versions expire.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Name the buckets `<service>-<env>-<files|access-logs>-<account>` (previews) instead of letting CloudFormation
   * generate the names.
   * @default false
   */
  readonly namedBuckets?: boolean;
  /**
   * The API's scopes, when the service's tokens come from a Cognito user pool of its own (`"auth": {"issuer":
   * "cognito"}`): the pool lives here.
   * @default - no user pool
   */
  readonly userPoolScopes?: Readonly<Record<string, string>>;
}

/**
 * The stateful stack, `<service>-<env>-data`: what outlives a deploy of the function, exported by name for the app
 * stack. The files bucket (with the Files API), and the Cognito user pool (with Cognito auth).
 *
 * The user pool is here rather than in the app stack because it is state: its machine client's id and secret are
 * handed to callers, and a replaced pool (or client) changes them and the issuer, invalidating every token and
 * stored credential. Prod retains it (and protects it from deletion) like the bucket, which the app stack, replaced
 * and rolled back freely and deployed on every push, must not own. A service with Cognito auth but without the Files
 * API therefore still has a data stack, holding only the pool.
 */
export class DataStack extends Stack {
  public readonly filesBucket?: s3.IBucket;
  public readonly userPool?: ServiceUserPool;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { naming } = props;
    if (props.files ?? true) {
      const files = new FilesBucket(this, 'FilesBucket', {
        retain: props.retain,
        noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
        bucketNames: props.namedBuckets
          ? { files: naming.bucketName('files', this.account), accessLogs: naming.bucketName('access-logs', this.account) }
          : undefined,
      });
      this.filesBucket = files.bucket;
      // Explicit, named exports: the app stack imports them by name (ServiceNaming.exportName) instead of through
      // generated cross-stack references, so the data stack's template does not depend on the app stack's code.
      new CfnOutput(this, 'FilesBucketName', { value: files.bucket.bucketName, exportName: naming.exportName('files-bucket-name') });
      new CfnOutput(this, 'FilesBucketArn', { value: files.bucket.bucketArn, exportName: naming.exportName('files-bucket-arn') });
    }
    if (props.userPoolScopes) {
      this.userPool = new ServiceUserPool(this, 'Auth', { naming, scopes: props.userPoolScopes, retain: props.retain });
      const pool = this.userPool;
      // What a client needs for the client-credentials grant, but its secret (describe-user-pool-client reads it):
      // the workflows read these from `cdk deploy --outputs-file`; the app stack imports the exported ones.
      new CfnOutput(this, STACK_OUTPUTS.authTokenUrl, {
        value: pool.tokenUrl, description: 'OAuth 2 token endpoint (client credentials) of the service\'s user pool',
      });
      new CfnOutput(this, STACK_OUTPUTS.authClientId, {
        value: pool.machineClient.userPoolClientId, exportName: naming.exportName('user-pool-client-id'),
        description: 'Machine-to-machine app client of the user pool',
      });
      new CfnOutput(this, STACK_OUTPUTS.authUserPoolId, {
        value: pool.userPool.userPoolId, exportName: naming.exportName('user-pool-id'), description: 'The service\'s Cognito user pool',
      });
      new CfnOutput(this, 'UserPoolArn', { value: pool.userPool.userPoolArn, exportName: naming.exportName('user-pool-arn') });
    }
  }
}
