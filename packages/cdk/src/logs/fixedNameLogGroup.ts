import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Props of {@link fixedNameLogGroup}. */
export interface FixedNameLogGroupProps {
  /** The log group's name (fixed: dashboards, alarms and runbooks name it). */
  readonly logGroupName: string;
  readonly retention: logs.RetentionDays;
  /** Keep it, with its history, when the stack is updated or deleted (prod); else it goes with the stack. */
  readonly retain: boolean;
}

/**
 * A log group with a fixed name. Kept, it is `RETAIN_ON_UPDATE_OR_DELETE`: kept on update or delete, but deleted
 * when a failed first create rolls back, which would otherwise leave the name taken and block every retry. A
 * deliberate stack delete leaves it behind: docs/rebuild.md of the template repo, "Retained log groups".
 */
export function fixedNameLogGroup(scope: Construct, id: string, props: FixedNameLogGroupProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention: props.retention,
    removalPolicy: props.retain ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY,
  });
}
