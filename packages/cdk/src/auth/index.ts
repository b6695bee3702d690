export * from './ServiceUserPool';
