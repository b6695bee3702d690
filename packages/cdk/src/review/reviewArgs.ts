import { parseArgs } from 'util';
import { PREVIEW_ENV, PROD_ENV } from '../contracts';
import { STATEFUL_OVERRIDES_FILE } from './guard/statefulOverrides';
import { InputError } from './InputError';

/** The entry point's arguments. */
export interface ReviewArgs {
  readonly base: string;
  readonly head: string;
  readonly env: string;
  readonly previewBase?: string;
  readonly previewHead?: string;
  readonly overrides?: string;
  readonly traffic?: string;
  readonly catalog?: string;
  readonly prices?: string;
  readonly format: 'markdown' | 'json';
  readonly help: boolean;
}

export const REVIEW_USAGE = `Usage: serverless-axum-review --base <cdk.out> --head <cdk.out> [--env prod|pr-<n>]
         [--preview-base <cdk.out> --preview-head <cdk.out>] [--overrides <${STATEFUL_OVERRIDES_FILE}>]
         [--traffic <infra/traffic-profile.json>] [--catalog <metrics/catalog.json>] [--prices <prices.json>]
         [--format markdown|json]

Reviews a pull request's infrastructure offline from two cloud assemblies (cdk synth of the base and of the head):
what changes per stack, IAM and network changes, the stateful guard (prod), and the monthly cost of prod and a
preview against the base. Exit status: 0 reviewed, 1 the stateful guard blocks, 2 bad input.`;

/** Parses the entry point's arguments; anything wrong is an {@link InputError}. */
export function parseReviewArgs(argv: readonly string[]): ReviewArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        'base': { type: 'string' },
        'head': { type: 'string' },
        'env': { type: 'string', default: PROD_ENV },
        'preview-base': { type: 'string' },
        'preview-head': { type: 'string' },
        'overrides': { type: 'string' },
        'traffic': { type: 'string' },
        'catalog': { type: 'string' },
        'prices': { type: 'string' },
        'format': { type: 'string', default: 'markdown' },
        'help': { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const str = (key: string) => values[key] as string | undefined;
  if (values.help) return { base: '', head: '', env: PROD_ENV, format: 'markdown', help: true };
  const base = str('base');
  const head = str('head');
  if (!base || !head) throw new InputError('--base and --head are required (the cloud assemblies of the base and of the head)');
  const env = str('env')!;
  if (env !== PROD_ENV && !PREVIEW_ENV.test(env)) throw new InputError(`--env must be ${PROD_ENV} or pr-<n>, got "${env}"`);
  const format = str('format');
  if (format !== 'markdown' && format !== 'json') throw new InputError(`--format must be markdown or json, got "${format}"`);
  if ((str('preview-base') === undefined) !== (str('preview-head') === undefined)) {
    throw new InputError('--preview-base and --preview-head go together');
  }
  return {
    base, head, env, format, help: false,
    previewBase: str('preview-base'), previewHead: str('preview-head'),
    overrides: str('overrides'), traffic: str('traffic'), catalog: str('catalog'), prices: str('prices'),
  };
}
