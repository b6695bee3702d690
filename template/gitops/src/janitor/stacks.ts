import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStacksCommand,
  Stack,
  paginateDescribeStacks,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { StackInfo } from './decide';

/** How long to wait for CloudFormation, and how often to look. */
export interface WaitOptions {
  /** Longest wait for one stack, in seconds. @default 1800 */
  readonly maxWaitSeconds?: number;
  /** Seconds between polls. @default 15 */
  readonly pollSeconds?: number;
}

/** Every live stack in the account and region (DescribeStacks returns the tags ListStacks lacks). */
export async function listStacks(cfn: CloudFormationClient): Promise<StackInfo[]> {
  const stacks: StackInfo[] = [];
  for await (const page of paginateDescribeStacks({ client: cfn }, {})) {
    for (const stack of page.Stacks ?? []) stacks.push(toStackInfo(stack));
  }
  return stacks;
}

/**
 * The named stacks that exist. Describing stacks by name needs CloudFormation rights on those stacks only (the
 * preview role has them on `*-pr-*`), where listing every stack needs them on `*`.
 */
export async function describeStacks(cfn: CloudFormationClient, names: readonly string[]): Promise<StackInfo[]> {
  const stacks: StackInfo[] = [];
  for (const name of names) {
    try {
      const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
      for (const stack of Stacks ?? []) stacks.push(toStackInfo(stack));
    } catch (error) {
      if (!isMissingStack(error)) throw error;
    }
  }
  return stacks;
}

/** CloudFormation answers a ValidationError "Stack with id X does not exist" for a stack that is not there. */
function isMissingStack(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e.name === 'ValidationError' && /does not exist/.test(e.message ?? '');
}

function toStackInfo(stack: Stack): StackInfo {
  const tags: Record<string, string> = {};
  for (const tag of stack.Tags ?? []) {
    if (tag.Key !== undefined && tag.Value !== undefined) tags[tag.Key] = tag.Value;
  }
  return { name: stack.StackName ?? '', status: stack.StackStatus ?? 'UNKNOWN', tags };
}

/**
 * Deletes a stack and waits until it is gone. A stack still in an operation (a preview deploy cancelled by a newer
 * push leaves CloudFormation running) is waited for first, since CloudFormation refuses to delete it meanwhile.
 * `roleArn` is the execution role CloudFormation deletes with (previews: the platform's preview-cfn-exec role).
 */
export async function deleteStack(cfn: CloudFormationClient, name: string, roleArn: string | undefined, wait: WaitOptions = {}): Promise<void> {
  const maxWaitTime = wait.maxWaitSeconds ?? 1800;
  const pollSeconds = wait.pollSeconds ?? 15;
  await waitUntilSettled(cfn, name, maxWaitTime, pollSeconds);
  await cfn.send(new DeleteStackCommand({ StackName: name, RoleARN: roleArn }));
  const result = await waitUntilStackDeleteComplete(
    { client: cfn, maxWaitTime, minDelay: pollSeconds, maxDelay: Math.max(pollSeconds, 30) },
    { StackName: name },
  );
  if (result.state !== 'SUCCESS') throw new Error(`${name}: deletion did not complete (${result.state})`);
}

async function waitUntilSettled(cfn: CloudFormationClient, name: string, maxWaitSeconds: number, pollSeconds: number): Promise<void> {
  const deadline = Date.now() + maxWaitSeconds * 1000;
  for (;;) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    const status = Stacks?.[0]?.StackStatus ?? '';
    if (!status.endsWith('_IN_PROGRESS') || status === 'DELETE_IN_PROGRESS') return;
    if (Date.now() + pollSeconds * 1000 > deadline) throw new Error(`${name}: still ${status} after ${maxWaitSeconds}s`);
    await new Promise((resolve) => setTimeout(resolve, pollSeconds * 1000));
  }
}
