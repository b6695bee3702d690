export * from './buildDebugArtifact';
export * from './synthService';
