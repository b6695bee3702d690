import * as path from 'path';
import { AssemblyStacks, readCloudAssembly } from '../../src/review/assembly/CloudAssembly';
import { buildReview, ReviewInputs } from '../../src/review/buildReview';
import { loadPriceTable } from '../../src/review/cost/PriceTable';
import { Review } from '../../src/review/Review';

/** The review's fixtures (fixtures/README.md says what each is). */
export const FIXTURES = path.join(__dirname, 'fixtures');

/** The cloud assembly of fixture `name`. */
export function assembly(name: string): AssemblyStacks {
  return readCloudAssembly(path.join(FIXTURES, name));
}

/** The prod review of fixture `head` against `base/`, with the shipped prices and no overrides unless given. */
export function reviewOf(head: string, inputs: Partial<ReviewInputs> = {}): Review {
  return buildReview({
    env: 'prod',
    prod: true,
    base: assembly('base'),
    head: assembly(head),
    overrides: [],
    overridesFile: 'infra/stateful-overrides.json',
    prices: loadPriceTable(),
    ...inputs,
  });
}
