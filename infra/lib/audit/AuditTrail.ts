import { Construct } from 'constructs';
import {
  Duration, RemovalPolicy, Validations, aws_cloudtrail as cloudtrail, aws_logs as logs, aws_s3 as s3,
} from 'aws-cdk-lib';
import { fixedNameLogGroup } from '@serverless-axum/cdk';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from './cisMetricFilters';

export interface AuditTrailProps {
  /** Days the trail's CloudWatch Logs copy is kept (the S3 copy is retained forever). @default 365 */
  readonly logRetentionDays?: number;
  /** Trail name. @default "platform-account" */
  readonly trailName?: string;
}

/** The trail's CloudWatch log group name (used by the fleet dashboard's logs widget). */
export const TRAIL_LOG_GROUP_NAME = '/aws/cloudtrail/platform-account';

function retention(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0).sort((a, b) => a - b);
  const match = allowed.find((v) => v >= days);
  if (match === undefined) throw new Error(`no CloudWatch Logs retention of at least ${days} days`);
  return match as logs.RetentionDays;
}

/**
 * A multi-region CloudTrail trail into an encrypted, versioned, retained bucket (with access logs), also sent to
 * CloudWatch Logs, where CIS metric filters turn risky events into metrics for the account alarms.
 */
export class AuditTrail extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly logGroup: logs.LogGroup;
  public readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    super(scope, id);
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket of the trail bucket; logging it into itself would loop.',
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'trail-bucket/',
    });
    // Fixed name (the fleet dashboard reads it): a failed first rebuild can simply be re-run.
    this.logGroup = fixedNameLogGroup(this, 'LogGroup', {
      logGroupName: TRAIL_LOG_GROUP_NAME, retention: retention(props.logRetentionDays ?? 365), retain: true,
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: props.trailName ?? 'platform-account',
      bucket: this.bucket,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    for (const filter of CIS_METRIC_FILTERS) {
      new logs.MetricFilter(this, `${filter.metricName}Filter`, {
        logGroup: this.logGroup,
        filterName: `cis-${filter.metricName}`,
        filterPattern: logs.FilterPattern.literal(filter.pattern),
        metricNamespace: CIS_METRIC_NAMESPACE,
        metricName: filter.metricName,
        metricValue: '1',
      });
    }
  }
}
