import { existsSync } from 'fs';
import { join } from 'path';
import {
  awsMetricEntries, CatalogEntry, customMetricEntries, DELIVERY_METRICS, DELIVERY_NAMESPACE, loadCustomMetricCatalog, METRIC_DIMENSIONS,
  MetricCatalog, PlaceholderValues, SpecLoader,
} from '@serverless-axum/cdk';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from '../audit/cisMetricFilters';

/**
 * What the fleet dashboard and the account alarms may name: the CDK library's AWS metric table and the services'
 * custom metrics (the template's `metrics/catalog.json`), plus this account's CIS metric filters and the delivery
 * metrics.
 */
export function platformCatalog(serviceCatalogFile: string): MetricCatalog {
  const cis = CIS_METRIC_FILTERS.map((f) => ({
    namespace: CIS_METRIC_NAMESPACE, name: f.metricName, dimensionSets: [[]], source: 'the CIS metric filters',
  }));
  return new MetricCatalog([
    ...awsMetricEntries(), ...customMetricEntries(loadCustomMetricCatalog(serviceCatalogFile)), ...cis, ...deliveryMetricEntries(),
  ]);
}

/**
 * The delivery (DORA) metrics, by the contracts' names (operations.json, which `serverless-axum record-deploy`
 * publishes them by): per service and environment, the same dimensions as the services' own metrics.
 */
export function deliveryMetricEntries(): CatalogEntry[] {
  return Object.values(DELIVERY_METRICS).map((m) => ({
    namespace: DELIVERY_NAMESPACE, name: m.name, dimensionSets: [METRIC_DIMENSIONS], source: 'the delivery metrics of operations.json',
  }));
}

/**
 * The CDK library's spec loader at account scope, for `dashboards/fleet.json` and `alarms/account.json` of the
 * repository at `repoRoot`: the platform catalog, account runbooks `docs/runbooks/account-<id>.md`.
 */
export function platformSpecLoader(repoRoot: string, values: PlaceholderValues): SpecLoader {
  return new SpecLoader({
    catalog: platformCatalog(join(repoRoot, 'template', 'metrics', 'catalog.json')),
    values,
    runbookPath: (alarmId) => `docs/runbooks/account-${alarmId}.md`,
    runbookExists: (runbook) => existsSync(join(repoRoot, runbook)),
  });
}
