export * from './AuditTrail';
export * from './cisMetricFilters';
