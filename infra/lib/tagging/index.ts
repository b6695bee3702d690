export * from './applyPlatformTags';
