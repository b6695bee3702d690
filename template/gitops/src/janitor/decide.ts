/**
 * What the janitor does with each stack: a pure function of the stacks, the pull requests' states and the time, so
 * every rule is unit-tested without AWS or GitHub. The rules are deliberately conservative: a stack is deleted only
 * when everything about it says "preview of this service", and anything that could be prod is kept.
 */

import { PROD_ENV, STACK_KINDS, StackKind, TAG, parsePreviewStackName, serviceStackName } from '@serverless-axum/cdk/contracts';

/** A CloudFormation stack as the janitor sees it. */
export interface StackInfo {
  readonly name: string;
  readonly status: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** State of a pull request on GitHub; `unknown` when GitHub could not say (not found, API error). */
export type PullRequestState = 'open' | 'closed' | 'unknown';

/** Inputs besides the stacks. */
export interface DecideOptions {
  /** This service's name (tag `service`, and the stack name prefix). */
  readonly service: string;
  /** The current time. */
  readonly now: Date;
  /** State of every pull request the stacks name; missing entries count as `unknown`. */
  readonly pullRequests: ReadonlyMap<number, PullRequestState>;
  /** Only consider the stacks of this pull request (the `closed` event of preview.yml). @default all */
  readonly onlyPr?: number;
}

export type Action = 'delete' | 'keep';

/** The verdict on one stack of this service. */
export interface Decision {
  readonly stack: StackInfo;
  readonly action: Action;
  readonly reason: string;
  /** The pull request the stack belongs to, when it is a well-formed preview stack. */
  readonly pr?: number;
  /** `app` or `data`, when the name says so. */
  readonly kind?: StackKind;
}

/** Names that belong to production whatever their tags say (conventions.md: `<service>-prod-<kind>`). */
export function looksLikeProd(stack: StackInfo): boolean {
  return new RegExp(`(^|-)${PROD_ENV}(-|$)`).test(stack.name) || stack.tags[TAG.environment] === PROD_ENV;
}

/** `<service>-pr-<n>-<app|data>`: the only stack names the janitor may delete (the platform's contract). */
export const parsePreviewName = parsePreviewStackName;

/** The names of the stacks of pull request `pr`'s preview, app first (the order they are deleted in). */
export function previewStackNames(service: string, pr: number): string[] {
  return [...STACK_KINDS].reverse().map((kind) => serviceStackName(service, `pr-${pr}`, kind));
}

/** The PR numbers whose state the janitor must ask GitHub for. */
export function pullRequestsToQuery(stacks: readonly StackInfo[], service: string): number[] {
  const numbers = new Set<number>();
  for (const stack of stacks) {
    const parsed = parsePreviewName(service, stack.name);
    if (parsed && stack.tags[TAG.service] === service) numbers.add(parsed.pr);
  }
  return [...numbers].sort((a, b) => a - b);
}

/**
 * One decision per stack of this service (tag `service`); stacks of other services are left out entirely.
 * Sorted so that, per pull request, the app stack comes before the data stack it imports from.
 */
export function decide(stacks: readonly StackInfo[], options: DecideOptions): Decision[] {
  return stacks
    .filter((stack) => stack.tags[TAG.service] === options.service)
    .map((stack) => decideOne(stack, options))
    .filter((d) => options.onlyPr === undefined || d.pr === options.onlyPr)
    .sort(byPrThenAppFirst);
}

function decideOne(stack: StackInfo, options: DecideOptions): Decision {
  const keep = (reason: string, extra: Partial<Decision> = {}): Decision => ({ stack, action: 'keep', reason, ...extra });
  if (looksLikeProd(stack)) return keep('production: never touched');
  const parsed = parsePreviewName(options.service, stack.name);
  if (!parsed) return keep('not a preview stack name');
  const { pr, kind } = parsed;
  const extra = { pr, kind };
  if (stack.tags[TAG.preview] !== 'true') return keep(`not tagged ${TAG.preview}=true`, extra);
  if (stack.tags[TAG.pr] !== String(pr)) return keep(`tag ${TAG.pr}=${stack.tags[TAG.pr] ?? '(none)'} disagrees with the name`, extra);
  if (stack.tags[TAG.environment] !== `pr-${pr}`) {
    return keep(`tag ${TAG.environment}=${stack.tags[TAG.environment] ?? '(none)'} disagrees with the name`, extra);
  }
  if (stack.status === 'DELETE_COMPLETE') return keep('already deleted', extra);
  const state = options.pullRequests.get(pr) ?? 'unknown';
  if (state === 'closed') return { stack, action: 'delete', reason: `PR #${pr} is closed`, ...extra };
  const expiresAt = parseExpiry(stack.tags[TAG.expiresAt]);
  if (expiresAt !== undefined && expiresAt.getTime() <= options.now.getTime()) {
    return { stack, action: 'delete', reason: `expired at ${stack.tags[TAG.expiresAt]}`, ...extra };
  }
  if (expiresAt === undefined) return keep(`PR #${pr} is ${state}; no valid ${TAG.expiresAt} tag`, extra);
  return keep(`PR #${pr} is ${state}; expires at ${stack.tags[TAG.expiresAt]}`, extra);
}

/** RFC 3339 UTC (`2030-01-31T00:00:00Z`, fractions allowed), as the infra's tagging writes it. */
function parseExpiry(value: string | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function byPrThenAppFirst(a: Decision, b: Decision): number {
  const pr = (a.pr ?? Number.MAX_SAFE_INTEGER) - (b.pr ?? Number.MAX_SAFE_INTEGER);
  if (pr !== 0) return pr;
  const rank = (d: Decision) => (d.kind === 'app' ? 0 : d.kind === 'data' ? 1 : 2);
  return rank(a) - rank(b) || a.stack.name.localeCompare(b.stack.name);
}
