export * from './cdkBootstrapRoleArns';
export * from './githubSubjects';
export * from './GithubDeployAccess';
export * from './GithubDeployRole';
export * from './PreviewBoundary';
export * from './PreviewExecutionRole';
