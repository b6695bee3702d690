export * from './PreviewNetwork';
