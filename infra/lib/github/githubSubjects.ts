import { GITHUB_ENVIRONMENTS } from '@serverless-axum/cdk';
import { PlatformConfig } from '../config';

/** The `iss`/`aud` of GitHub Actions OIDC tokens. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** GitHub environment that gates prod deploys. */
export const PROD_ENVIRONMENT = GITHUB_ENVIRONMENTS.prod;
/** GitHub environment (required reviewers) that gates the rebuild workflow. */
export const REBUILD_ENVIRONMENT = GITHUB_ENVIRONMENTS.rebuild;
/** GitHub environment of the scheduled preview janitor (a `pr-*` name: it only ever touches previews). */
export const JANITOR_ENVIRONMENT = GITHUB_ENVIRONMENTS.janitor;

/**
 * The claims every fleet repository's OIDC `sub` is built from (GitHub's OIDC subject customization, applied once per
 * repository by `infra/scripts/oidc-subject-claims.ts`). With them the `sub` names the workflow file and the ref it
 * ran from, so a role can trust "deploy.yml on main in the prod environment" and nothing else:
 * `repo:acme/orders-api:environment:prod:job_workflow_ref:acme/orders-api/.github/workflows/deploy.yml@refs/heads/main`.
 */
export const OIDC_SUBJECT_CLAIM_KEYS = ['repo', 'context', 'job_workflow_ref'] as const;

/** Workflow files the platform's roles trust, by the job that runs in them. */
export const WORKFLOW_FILES = {
  deploy: 'deploy.yml',
  preview: 'preview.yml',
  janitor: 'janitor.yml',
  rebuild: 'rebuild.yml',
} as const;

/** `<org>/<repo>/.github/workflows/<file>@<ref>`: GitHub's `job_workflow_ref` claim. */
export function jobWorkflowRef(repository: string, file: string, ref: string): string {
  return `${repository}/.github/workflows/${file}@${ref}`;
}

/** A customized `sub` claim: `repo:<org>/<repo>:<context>:job_workflow_ref:<job_workflow_ref>`. */
export function customizedSubject(repository: string, context: string, workflowRef: string): string {
  return `repo:${repository}:${context}:job_workflow_ref:${workflowRef}`;
}

function serviceRepositories(config: PlatformConfig): string[] {
  return config.github.repositories.map((repo) => `${config.github.org}/${repo.name}`);
}

/**
 * Exact `sub` claims allowed to deploy prod: each repository's deploy.yml, run from its default branch, in the `prod`
 * environment. A push to another branch, another workflow on main, or deploy.yml dispatched on a branch is refused.
 */
export function mainDeploySubjects(config: PlatformConfig): string[] {
  return config.github.repositories.map((repo) => {
    const repository = `${config.github.org}/${repo.name}`;
    return customizedSubject(repository, `environment:${PROD_ENVIRONMENT}`,
      jobWorkflowRef(repository, WORKFLOW_FILES.deploy, `refs/heads/${repo.defaultBranch}`));
  });
}

/**
 * `sub` patterns (StringLike) allowed to deploy previews: preview.yml of a same-repository pull request (any PR ref),
 * and janitor.yml from the default branch in the `pr-janitor` environment. Only the preview account trusts them.
 */
export function previewDeploySubjects(config: PlatformConfig): string[] {
  return config.github.repositories.flatMap((repo) => {
    const repository = `${config.github.org}/${repo.name}`;
    return [
      customizedSubject(repository, 'pull_request', jobWorkflowRef(repository, WORKFLOW_FILES.preview, 'refs/pull/*/merge')),
      customizedSubject(repository, `environment:${JANITOR_ENVIRONMENT}`,
        jobWorkflowRef(repository, WORKFLOW_FILES.janitor, `refs/heads/${repo.defaultBranch}`)),
    ];
  });
}

/** The one `sub` claim allowed to rebuild an account: the platform repo's rebuild.yml on main, `rebuild` environment. */
export function rebuildSubject(config: PlatformConfig): string {
  return customizedSubject(config.repository, `environment:${REBUILD_ENVIRONMENT}`,
    jobWorkflowRef(config.repository, WORKFLOW_FILES.rebuild, 'refs/heads/main'));
}

/** Every repository whose OIDC subject must be customized: the platform repository and each fleet repository. */
export function repositoriesNeedingSubjectClaims(config: PlatformConfig): string[] {
  return [...new Set([config.repository, ...serviceRepositories(config)])];
}
