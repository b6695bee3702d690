/**
 * AWS metrics the dashboards and alarms may name, with the dimension sets CloudWatch publishes them under.
 * Sources: "Types of metrics for Lambda functions" (Lambda developer guide) and "Amazon API Gateway dimensions and
 * metrics" (API Gateway developer guide, REST APIs). A dimension set must match exactly: CloudWatch has no partial match.
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
};
