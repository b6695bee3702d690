import * as fs from 'fs';
import * as path from 'path';
import { loadServiceConfig } from '../../lib/config/ServiceConfig';
import { loadCustomMetricCatalog } from '../../lib/monitoring/catalog/CustomMetricCatalog';
import { MetricContract } from '../../lib/monitoring/catalog/MetricContract';
import { Feature } from '../../lib/monitoring/spec/Features';
import { PlaceholderValues } from '../../lib/monitoring/spec/Placeholders';
import { SpecLoader } from '../../lib/monitoring/spec/SpecLoader';
import { ServiceNaming } from '../../lib/naming/ServiceNaming';

/** The service's root (the parent of infra/). */
export const SERVICE_DIR = path.join(__dirname, '..', '..', '..');

/** The service's config and its prod names. */
export const CONFIG = loadServiceConfig();
export const PROD = new ServiceNaming(CONFIG.service, 'prod');

/** Placeholder values of the service's prod environment. */
export const VALUES: PlaceholderValues = {
  service: CONFIG.service, env: 'prod', region: CONFIG.region, functionName: PROD.functionName, apiName: PROD.apiName,
  stage: PROD.stageName, dashboardName: PROD.dashboardName, functionLogGroup: PROD.functionLogGroupName,
  accessLogGroup: PROD.accessLogGroupName, memoryMb: String(CONFIG.memoryMb), timeoutMs: String(CONFIG.timeoutSeconds * 1000),
};

/**
 * A loader against the real catalog.json and runbooks.
 * @param features the service's features; default: every feature (so every spec entry is checked)
 */
export function loader(features?: ReadonlySet<Feature>): SpecLoader {
  return new SpecLoader({
    contract: new MetricContract(loadCustomMetricCatalog(path.join(SERVICE_DIR, 'metrics', 'catalog.json'))),
    values: VALUES,
    features,
    runbookExists: (r) => fs.existsSync(path.join(SERVICE_DIR, r)),
  });
}

export function readSpec(relative: string): any {
  return JSON.parse(fs.readFileSync(path.join(SERVICE_DIR, relative), 'utf8'));
}
