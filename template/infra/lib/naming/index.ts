export * from './ServiceNaming';
