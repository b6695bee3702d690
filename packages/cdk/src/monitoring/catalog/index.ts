export * from './AwsMetricTable';
export * from './CustomMetricCatalog';
export * from './LogMetricCatalog';
export * from './MetricCatalog';
