import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';

/** The service's workflows: `<service>/.github/workflows`, next to this package. */
export const WORKFLOWS_DIR = path.join(__dirname, '..', '..', '..', '.github', 'workflows');
export const WORKFLOW_NAMES = ['ci', 'deploy', 'preview', 'janitor'] as const;
export type WorkflowName = (typeof WORKFLOW_NAMES)[number];

export interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly id?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

export interface Job {
  readonly 'runs-on'?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly needs?: string | string[];
  readonly environment?: string | { name: string; url?: string };
  readonly permissions?: Record<string, string>;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  readonly steps?: Step[];
}

export interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

export function workflowText(name: WorkflowName): string {
  return fs.readFileSync(path.join(WORKFLOWS_DIR, `${name}.yml`), 'utf8');
}

/** Parses a workflow; throws on any YAML error (a Liquid-mangled file usually is one). */
export function loadWorkflow(name: WorkflowName): Workflow {
  const doc = parseDocument(workflowText(name));
  if (doc.errors.length > 0) throw new Error(`${name}.yml: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS() as Workflow;
}

/** Jobs that sign in to AWS. */
export function awsJobs(workflow: Workflow): [string, Job][] {
  return Object.entries(workflow.jobs).filter(([, job]) =>
    (job.steps ?? []).some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@')));
}

export function environmentName(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

export function allRunScripts(workflow: Workflow): string {
  return Object.values(workflow.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? '')).join('\n');
}
