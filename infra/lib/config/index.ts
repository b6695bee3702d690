export * from './PlatformConfig';
export * from './loadPlatformConfig';
