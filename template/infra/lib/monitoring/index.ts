export * from './catalog';
export * from './spec';
export * from './AlertsTopic';
export * from './LogMetricFilters';
export * from './ServiceAlarms';
export * from './ServiceDashboard';
export * from './ServiceMonitoring';
