import { PREVIEW_ENV, PROD_ENV } from '../contracts';

/** Where a copy of the service runs: production, or the preview of one pull request. */
export type DeployEnvironment =
  | { readonly kind: 'prod'; readonly name: typeof PROD_ENV }
  | { readonly kind: 'preview'; readonly name: string; readonly pr: number };

/** Parses the `env` context value: `prod` or `pr-<number>` (`environments` of operations.json). */
export function parseDeployEnvironment(value: unknown): DeployEnvironment {
  if (value === PROD_ENV) return { kind: 'prod', name: PROD_ENV };
  const match = typeof value === 'string' ? PREVIEW_ENV.exec(value) : null;
  if (match) return { kind: 'preview', name: value as string, pr: Number(match[1]) };
  throw new Error(`context "env" must be "${PROD_ENV}" or "pr-<number>" (e.g. -c env=pr-7), got ${JSON.stringify(value)}`);
}

/** True for the production environment. */
export function isProd(env: DeployEnvironment): boolean {
  return env.kind === 'prod';
}
