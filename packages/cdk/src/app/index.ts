export * from './AppStack';
export * from './SafeDeployment';
export * from './ServiceApi';
export * from './ServiceFunction';
