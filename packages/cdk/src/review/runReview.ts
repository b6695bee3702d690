import * as fs from 'fs';
import * as path from 'path';
import { PROD_ENV } from '../contracts';
import { loadCustomMetricCatalog } from '../monitoring/catalog/CustomMetricCatalog';
import { readCloudAssembly } from './assembly/CloudAssembly';
import { buildReview } from './buildReview';
import { loadPriceTable } from './cost/PriceTable';
import { loadTrafficProfile } from './cost/TrafficProfile';
import { loadStatefulOverrides, STATEFUL_OVERRIDES_FILE } from './guard/statefulOverrides';
import { InputError } from './InputError';
import { Review } from './Review';
import { ReviewArgs } from './reviewArgs';

/** Reads the files the arguments name and reviews. Missing optional files (overrides, traffic, catalog) are fine. */
export function runReview(args: ReviewArgs): Review {
  const catalog = args.catalog !== undefined && fs.existsSync(args.catalog) ? loadCatalog(args.catalog) : undefined;
  return buildReview({
    env: args.env,
    prod: args.env === PROD_ENV,
    base: readCloudAssembly(args.base),
    head: readCloudAssembly(args.head),
    preview: args.previewBase && args.previewHead
      ? { base: readCloudAssembly(args.previewBase), head: readCloudAssembly(args.previewHead) }
      : undefined,
    overrides: loadStatefulOverrides(args.overrides),
    overridesFile: args.overrides === undefined ? STATEFUL_OVERRIDES_FILE : shownPath(args.overrides),
    prices: loadPriceTable(args.prices),
    profile: loadTrafficProfile(args.traffic),
    catalog,
  });
}

/**
 * How the overrides file is named in the review: relative to the working directory (the service's root, where
 * `serverless-axum diff` runs) when inside it, so a pull request comment says `infra/stateful-overrides.json`
 * rather than a checkout's absolute path.
 */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

function loadCatalog(file: string) {
  try {
    return loadCustomMetricCatalog(file);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}
