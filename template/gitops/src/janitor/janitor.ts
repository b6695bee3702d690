import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { Decision, decide, looksLikeProd, previewStackNames, pullRequestsToQuery } from './decide';
import { GithubPullRequests } from './github';
import { WaitOptions, deleteStack, describeStacks, listStacks } from './stacks';

/** Everything one janitor run needs. */
export interface JanitorOptions {
  readonly cfn: CloudFormationClient;
  readonly github: GithubPullRequests;
  readonly service: string;
  readonly now?: Date;
  /** CloudFormation execution role to delete with. @default the role the stack was deployed with */
  readonly roleArn?: string;
  /** Only this pull request's stacks. @default all */
  readonly onlyPr?: number;
  /** Decide and report, delete nothing. @default false */
  readonly dryRun?: boolean;
  readonly wait?: WaitOptions;
}

/** What happened to one stack. */
export type Outcome = 'kept' | 'deleted' | 'would delete' | 'failed' | 'skipped';

export interface JanitorRow {
  readonly stack: string;
  readonly pr?: number;
  readonly outcome: Outcome;
  readonly reason: string;
}

export interface JanitorResult {
  readonly rows: JanitorRow[];
  /** True when any deletion failed. */
  readonly failed: boolean;
}

/**
 * Lists the stacks (or, for one pull request, describes its two), asks GitHub about their pull requests, decides, and deletes. Per pull request the app stack
 * goes first (it imports the data stack's exports); if it cannot be deleted, the data stack is left for next time.
 */
export async function runJanitor(options: JanitorOptions): Promise<JanitorResult> {
  // One pull request: its two stacks by name (the rights a preview role has); otherwise every stack.
  const stacks = options.onlyPr === undefined
    ? await listStacks(options.cfn)
    : await describeStacks(options.cfn, previewStackNames(options.service, options.onlyPr));
  const pullRequests = await options.github.states(pullRequestsToQuery(stacks, options.service));
  const decisions = decide(stacks, {
    service: options.service,
    now: options.now ?? new Date(),
    pullRequests,
    onlyPr: options.onlyPr,
  });
  const rows: JanitorRow[] = [];
  const failedPrs = new Set<number>();
  for (const decision of decisions) {
    rows.push(await act(decision, options, failedPrs));
  }
  return { rows, failed: rows.some((row) => row.outcome === 'failed') };
}

async function act(decision: Decision, options: JanitorOptions, failedPrs: Set<number>): Promise<JanitorRow> {
  const { stack, pr, reason } = decision;
  const row = (outcome: Outcome, why = reason): JanitorRow => ({ stack: stack.name, pr, outcome, reason: why });
  // decide() never returns delete for these; checked again at the last moment, right before the only destructive call.
  if (decision.action === 'keep' || looksLikeProd(stack)) return row('kept');
  if (options.dryRun) return row('would delete');
  if (pr !== undefined && failedPrs.has(pr)) return row('skipped', `${reason}; the app stack of PR #${pr} was not deleted`);
  try {
    await deleteStack(options.cfn, stack.name, options.roleArn, options.wait);
    return row('deleted');
  } catch (error) {
    if (pr !== undefined) failedPrs.add(pr);
    return row('failed', `${reason}; ${(error as Error).message}`);
  }
}
