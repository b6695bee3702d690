export * from './ServiceConfig';
export * from './DeployEnvironment';
