import * as fs from 'fs';
import * as path from 'path';

/** One metric the service's code may emit (EMF). */
export interface CatalogMetric {
  readonly name: string;
  readonly unit: string;
  readonly dimensions: readonly string[];
}

/** `metrics/catalog.json`, exported by the Rust service. */
export interface CustomMetricCatalog {
  readonly namespace: string;
  readonly metrics: readonly CatalogMetric[];
}

/** Default location: `<service root>/metrics/catalog.json`. */
export const DEFAULT_CATALOG_PATH = path.join(__dirname, '..', '..', '..', '..', 'metrics', 'catalog.json');

/** Reads and checks the catalog of custom metrics. */
export function loadCustomMetricCatalog(file: string = DEFAULT_CATALOG_PATH): CustomMetricCatalog {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as CustomMetricCatalog;
  if (typeof raw.namespace !== 'string' || !Array.isArray(raw.metrics)) {
    throw new Error(`${file}: expected {"namespace": string, "metrics": [...]}`);
  }
  for (const m of raw.metrics) {
    if (typeof m.name !== 'string' || !Array.isArray(m.dimensions)) throw new Error(`${file}: bad metric ${JSON.stringify(m)}`);
  }
  return raw;
}
