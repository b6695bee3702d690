#!/usr/bin/env node
import { InputError } from './InputError';
import { renderMarkdown } from './render/renderMarkdown';
import { parseReviewArgs, REVIEW_USAGE } from './reviewArgs';
import { runReview } from './runReview';

/** Where the entry point writes. */
export interface ReviewOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Exit statuses: the review ran; the stateful guard blocks; the input was bad. */
export const REVIEW_EXIT = { ok: 0, blocked: 1, badInput: 2 } as const;

/**
 * The entry point `serverless-axum diff` runs with two cloud assemblies: prints the review (Markdown or JSON) and
 * returns the exit status. A bug (anything but bad input) is thrown, so it surfaces with its stack.
 */
export function reviewMain(argv: readonly string[], output: ReviewOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  try {
    const args = parseReviewArgs(argv);
    if (args.help) {
      output.out(`${REVIEW_USAGE}\n`);
      return REVIEW_EXIT.ok;
    }
    const review = runReview(args);
    output.out(args.format === 'json' ? `${JSON.stringify(review, null, 2)}\n` : renderMarkdown(review));
    return review.blocked ? REVIEW_EXIT.blocked : REVIEW_EXIT.ok;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    output.err(`serverless-axum-review: ${e.message}\n`);
    return REVIEW_EXIT.badInput;
  }
}

if (require.main === module) process.exitCode = reviewMain(process.argv.slice(2));
