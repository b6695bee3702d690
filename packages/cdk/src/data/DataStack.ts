import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ServiceNaming } from '../naming/ServiceNaming';
import { FilesBucket } from './FilesBucket';

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  readonly naming: ServiceNaming;
  /** Keep data when the stack is deleted (prod). */
  readonly retain: boolean;
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
}

/** The stateful stack, `<service>-<env>-data`: the files bucket, exported by name for the app stack. */
export class DataStack extends Stack {
  public readonly filesBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const files = new FilesBucket(this, 'FilesBucket', {
      retain: props.retain,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      bucketNames: props.namedBuckets
        ? { files: props.naming.bucketName('files', this.account), accessLogs: props.naming.bucketName('access-logs', this.account) }
        : undefined,
    });
    this.filesBucket = files.bucket;
    // Explicit, named exports: the app stack imports them by name (ServiceNaming.exportName) instead of through
    // generated cross-stack references, so the data stack's template does not depend on the app stack's code.
    new CfnOutput(this, 'FilesBucketName', { value: files.bucket.bucketName, exportName: props.naming.exportName('files-bucket-name') });
    new CfnOutput(this, 'FilesBucketArn', { value: files.bucket.bucketArn, exportName: props.naming.exportName('files-bucket-arn') });
  }
}
