import * as fs from 'fs';
import * as path from 'path';
import { loadServiceConfig } from '../../src/config/ServiceConfig';
import { loadCustomMetricCatalog } from '../../src/monitoring/catalog/CustomMetricCatalog';
import { MetricCatalog } from '../../src/monitoring/catalog/MetricCatalog';
import { Feature } from '../../src/monitoring/spec/Features';
import { PlaceholderValues } from '../../src/monitoring/spec/Placeholders';
import { SpecLoader } from '../../src/monitoring/spec/SpecLoader';
import { ServiceNaming } from '../../src/naming/ServiceNaming';
import { SERVICE_DIR } from './synth';

export { SERVICE_DIR };

/** The service's config and its prod names. */
export const CONFIG = loadServiceConfig();
export const PROD = new ServiceNaming(CONFIG.service, 'prod');

/** Placeholder values of the service's prod environment. */
export const VALUES: PlaceholderValues = {
  service: CONFIG.service, env: 'prod', region: CONFIG.region, functionName: PROD.functionName, apiName: PROD.apiName,
  stage: PROD.stageName, dashboardName: PROD.dashboardName, functionLogGroup: PROD.functionLogGroupName,
  accessLogGroup: PROD.accessLogGroupName, memoryMb: String(CONFIG.memoryMb), timeoutMs: String(CONFIG.timeoutSeconds * 1000),
  // Fargate's, as CloudFormation resolves them at deploy time (the real ones are tokens at synth).
  loadBalancer: 'app/orders-api-prod/0123456789abcdef', targetGroup: 'targetgroup/orders-api-prod/0123456789abcdef',
  clusterName: 'orders-api-prod-cluster', ecsServiceName: 'orders-api-prod-service', containerLogGroup: PROD.containerLogGroupName,
};

/** The service catalog of template/metrics/catalog.json. */
export const SERVICE_CATALOG = MetricCatalog.forService(loadCustomMetricCatalog(path.join(SERVICE_DIR, 'metrics', 'catalog.json')));

/**
 * A loader against the real catalog.json and runbooks.
 * @param features the service's features; default: every feature (so every spec entry is checked)
 */
export function loader(features?: ReadonlySet<Feature>): SpecLoader {
  return new SpecLoader({
    catalog: SERVICE_CATALOG,
    values: VALUES,
    features,
    runbookExists: (r) => fs.existsSync(path.join(SERVICE_DIR, r)),
  });
}

export function readSpec(relative: string): any {
  return JSON.parse(fs.readFileSync(path.join(SERVICE_DIR, relative), 'utf8'));
}
