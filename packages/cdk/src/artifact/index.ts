export * from './LambdaArtifact';
