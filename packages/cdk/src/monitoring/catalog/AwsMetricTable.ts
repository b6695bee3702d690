/**
 * AWS metrics the dashboards and alarms may name, with the dimension sets CloudWatch publishes them under.
 * Sources: "Types of metrics for Lambda functions" (Lambda developer guide) and "Amazon API Gateway dimensions and
 * metrics" (API Gateway developer guide, REST APIs), "CloudWatch metrics for your Application Load Balancer" (Elastic
 * Load Balancing guide) and "Amazon ECS CloudWatch metrics" (ECS developer guide; service-level utilization without
 * Container Insights). A dimension set must match exactly: CloudWatch has no partial match.
 */
export interface AwsNamespaceTable {
  readonly metrics: readonly string[];
  readonly dimensionSets: readonly (readonly string[])[];
}

export const AWS_METRIC_TABLE: Readonly<Record<string, AwsNamespaceTable>> = {
  'AWS/Lambda': {
    metrics: [
      'Invocations', 'Errors', 'Throttles', 'Duration', 'ConcurrentExecutions', 'UnreservedConcurrentExecutions',
      'ClaimedAccountConcurrency', 'DeadLetterErrors', 'DestinationDeliveryFailures', 'RecursiveInvocationsDropped',
      'ProvisionedConcurrencyInvocations', 'ProvisionedConcurrencySpilloverInvocations', 'ProvisionedConcurrentExecutions',
      'ProvisionedConcurrencyUtilization', 'PostRuntimeExtensionsDuration', 'IteratorAge', 'AsyncEventsReceived',
      'AsyncEventAge', 'AsyncEventsDropped',
    ],
    dimensionSets: [[], ['FunctionName'], ['FunctionName', 'Resource'], ['FunctionName', 'Resource', 'ExecutedVersion']],
  },
  'AWS/ApiGateway': {
    metrics: ['4XXError', '5XXError', 'CacheHitCount', 'CacheMissCount', 'Count', 'IntegrationLatency', 'Latency'],
    dimensionSets: [['ApiName'], ['ApiName', 'Stage'], ['ApiName', 'Method', 'Resource', 'Stage']],
  },
  'AWS/ApplicationELB': {
    metrics: [
      'RequestCount', 'RequestCountPerTarget', 'TargetResponseTime', 'HTTPCode_Target_2XX_Count', 'HTTPCode_Target_3XX_Count',
      'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_4XX_Count', 'HTTPCode_ELB_5XX_Count',
      'HealthyHostCount', 'UnHealthyHostCount', 'TargetConnectionErrorCount', 'ActiveConnectionCount', 'NewConnectionCount',
      'RejectedConnectionCount', 'ProcessedBytes',
    ],
    // Per load balancer (its own 4XX/5XX, connections), per target group of it (targets' codes, response time, hosts).
    dimensionSets: [['LoadBalancer'], ['LoadBalancer', 'TargetGroup'], ['TargetGroup'], ['LoadBalancer', 'AvailabilityZone'], ['LoadBalancer', 'AvailabilityZone', 'TargetGroup']],
  },
  'AWS/ECS': {
    metrics: ['CPUUtilization', 'MemoryUtilization', 'CPUReservation', 'MemoryReservation'],
    dimensionSets: [['ClusterName'], ['ClusterName', 'ServiceName']],
  },
};
