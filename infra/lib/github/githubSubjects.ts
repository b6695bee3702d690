import { PlatformConfig } from '../config';

/** The `iss`/`aud` of GitHub Actions OIDC tokens. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** GitHub environment that gates prod deploys (protect it to the default branch). */
export const PROD_ENVIRONMENT = 'prod';
/** GitHub environment (required reviewers) that gates the rebuild workflow. */
export const REBUILD_ENVIRONMENT = 'rebuild';

function repoPrefix(config: PlatformConfig, name: string): string {
  return `repo:${config.github.org}/${name}`;
}

/** Exact `sub` claims allowed to deploy prod: a push to the default branch, or a job in the `prod` environment. */
export function mainDeploySubjects(config: PlatformConfig): string[] {
  return config.github.repositories.flatMap((repo) => [
    `${repoPrefix(config, repo.name)}:ref:refs/heads/${repo.defaultBranch}`,
    `${repoPrefix(config, repo.name)}:environment:${PROD_ENVIRONMENT}`,
  ]);
}

/** `sub` patterns (StringLike) allowed to deploy previews: pull-request jobs, or jobs in a `pr-*` environment. */
export function previewDeploySubjects(config: PlatformConfig): string[] {
  return config.github.repositories.flatMap((repo) => [
    `${repoPrefix(config, repo.name)}:pull_request`,
    `${repoPrefix(config, repo.name)}:environment:pr-*`,
  ]);
}

/** The one `sub` claim allowed to rebuild the account: the platform repo's `rebuild` environment. */
export function rebuildSubject(config: PlatformConfig): string {
  return `repo:${config.repository}:environment:${REBUILD_ENVIRONMENT}`;
}
