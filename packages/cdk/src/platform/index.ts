export * from './CustomResourceProviders';
export * from './PreviewBoundary';
