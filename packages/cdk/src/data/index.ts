export * from './FilesBucket';
export * from './DataStack';
