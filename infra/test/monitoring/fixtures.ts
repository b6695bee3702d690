import { join } from 'path';
import { PlaceholderValues } from '@serverless-axum/cdk';
import { platformSpecLoader } from '../../lib';
import { REPO_ROOT } from '../support/synthPlatform';

export const VALUES: PlaceholderValues = {
  service: 'platform', env: 'account', region: 'eu-west-1', account: '123456789012',
  trailLogGroup: '/aws/cloudtrail/platform-account', concurrencyAlarmThreshold: '800',
};
/** The CDK library's loader at account scope, as the platform stack uses it. */
export const LOADER = platformSpecLoader(REPO_ROOT, VALUES);
export const FLEET_DASHBOARD = join(REPO_ROOT, 'dashboards', 'fleet.json');
export const ACCOUNT_ALARMS = join(REPO_ROOT, 'alarms', 'account.json');
