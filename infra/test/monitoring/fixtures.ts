import { join } from 'path';
import { MetricCatalog, PlaceholderValues } from '../../lib';
import { REPO_ROOT } from '../support/synthPlatform';

export const CATALOG = MetricCatalog.forPlatform(join(REPO_ROOT, 'template', 'metrics', 'catalog.json'));
export const VALUES: PlaceholderValues = {
  service: 'platform', env: 'account', region: 'eu-west-1', account: '123456789012',
  trailLogGroup: '/aws/cloudtrail/platform-account', concurrencyAlarmThreshold: '800',
};
export const FLEET_DASHBOARD = join(REPO_ROOT, 'dashboards', 'fleet.json');
export const ACCOUNT_ALARMS = join(REPO_ROOT, 'alarms', 'account.json');
