/** Namespace the CIS metric filters publish into. */
export const CIS_METRIC_NAMESPACE = 'CloudTrailMetrics';

/** One CIS-benchmark CloudTrail metric filter: a metric that counts matching trail events. */
export interface CisMetricFilterSpec {
  /** Metric name in {@link CIS_METRIC_NAMESPACE}. */
  readonly metricName: string;
  /** CloudWatch Logs filter pattern over CloudTrail JSON events. */
  readonly pattern: string;
}

const IAM_POLICY_EVENTS = [
  'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
  'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion',
  'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
];

/** CIS AWS Foundations (CloudWatch section) filters: root use, unauthorized calls, IAM policy changes, console sign-in without MFA. */
export const CIS_METRIC_FILTERS: readonly CisMetricFilterSpec[] = [
  {
    metricName: 'RootAccountUsage',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    metricName: 'UnauthorizedApiCalls',
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  },
  {
    metricName: 'IamPolicyChanges',
    pattern: `{ ${IAM_POLICY_EVENTS.map((e) => `($.eventName = ${e})`).join(' || ')} }`,
  },
  {
    metricName: 'ConsoleSignInWithoutMfa',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
];
