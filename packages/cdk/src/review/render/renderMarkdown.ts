import { Review } from '../Review';
import { renderCost } from './renderCost';
import { renderInfraDiff } from './renderInfraDiff';

/** The first line of the Markdown: a workflow finds its sticky pull request comment by it. */
export const REVIEW_MARKER = '<!-- serverless-axum-review -->';

/** The review as Markdown, for a sticky pull request comment and the job summary alike. */
export function renderMarkdown(review: Review): string {
  return [REVIEW_MARKER, renderInfraDiff(review), renderCost(review.cost)].join('\n\n') + '\n';
}
