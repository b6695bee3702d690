export * from './Features';
export * from './JsonReader';
export * from './MonitoringSpec';
export * from './Placeholders';
export * from './SpecLoader';
