export * from './cdkBootstrapRoleArns';
export * from './githubSubjects';
export * from './GithubDeployAccess';
export * from './GithubDeployRole';
export * from './PlatformParameters';
export * from './platformRoleNames';
export * from './PreviewBoundary';
export * from './PreviewExecutionRole';
