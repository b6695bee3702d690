export * from './Features';
export * from './MonitoringSpec';
export * from './Placeholders';
export * from './Schemas';
export * from './SearchExpression';
export * from './SpecLoader';
