export * from './catalog';
export * from './spec';
export * from './AlertsTopic';
export * from './LogMetricFilters';
export * from './MonitoringAlarms';
export * from './MonitoringDashboard';
export * from './ServiceMonitoring';
