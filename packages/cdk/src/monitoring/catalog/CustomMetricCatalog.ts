import * as fs from 'fs';
import { validateAgainstSchema } from '../spec/Schemas';

/** One metric the service's code may emit (EMF). */
export interface CatalogMetric {
  readonly name: string;
  readonly unit: string;
  readonly dimensions: readonly string[];
  /** Fields of the record that are not dimensions. */
  readonly properties?: readonly string[];
}

/** `metrics/catalog.json`, exported by the Rust service (schemas/metric-catalog.schema.json). */
export interface CustomMetricCatalog {
  readonly namespace: string;
  readonly metrics: readonly CatalogMetric[];
}

/** Reads and checks a catalog of custom metrics. */
export function loadCustomMetricCatalog(file: string): CustomMetricCatalog {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  validateAgainstSchema('metricCatalog', raw, file);
  return raw as CustomMetricCatalog;
}
