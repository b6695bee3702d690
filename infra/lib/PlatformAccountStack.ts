import { join, resolve } from 'path';
import { Construct } from 'constructs';
import { Stack, StackProps } from 'aws-cdk-lib';
import { ApiGatewayAccountLogging } from './apigateway';
import { AlertsTopic, MonthlyBudget } from './alerts';
import { AuditTrail, TRAIL_LOG_GROUP_NAME } from './audit';
import { PlatformConfig } from './config';
import { GithubDeployAccess } from './github';
import {
  DataAlarms, DataDashboard, MetricCatalog, PlaceholderValues, loadAlarmsSpec, loadDashboardSpec,
} from './monitoring';

/** The platform stack's name (docs/conventions.md). */
export const PLATFORM_STACK_NAME = 'platform-account';

export interface PlatformAccountStackProps extends StackProps {
  readonly config: PlatformConfig;
  /** Repository root holding `dashboards/`, `alarms/`, `docs/runbooks/` and `template/metrics/catalog.json`. @default the parent of infra/ */
  readonly repoRoot?: string;
}

/** The account layer: GitHub deploy access, alerts topic, budget, audit trail, fleet dashboard and account alarms. */
export class PlatformAccountStack extends Stack {
  public readonly access: GithubDeployAccess;
  public readonly alerts: AlertsTopic;
  public readonly trail: AuditTrail;
  public readonly alarms: DataAlarms;
  public readonly dashboard: DataDashboard;

  constructor(scope: Construct, id: string, props: PlatformAccountStackProps) {
    super(scope, id, { stackName: PLATFORM_STACK_NAME, description: 'Account platform for serverless-axum services', ...props });
    const { config } = props;
    const repoRoot = props.repoRoot ?? resolve(__dirname, '..', '..');

    this.access = new GithubDeployAccess(this, 'Github', { config });
    this.alerts = new AlertsTopic(this, 'Alerts', { emails: config.alertEmails });
    new MonthlyBudget(this, 'Budget', { amountUsd: config.monthlyBudgetUsd, topic: this.alerts.topic });
    this.trail = new AuditTrail(this, 'Audit', { logRetentionDays: config.trailRetentionDays });
    new ApiGatewayAccountLogging(this, 'ApiGatewayLogging');

    const values: PlaceholderValues = {
      service: 'platform',
      env: 'account',
      region: this.region,
      account: this.account,
      trailLogGroup: TRAIL_LOG_GROUP_NAME,
      concurrencyAlarmThreshold: String(Math.floor((config.lambdaConcurrencyQuota * config.concurrencyAlarmPercent) / 100)),
    };
    const catalog = MetricCatalog.forPlatform(join(repoRoot, 'template', 'metrics', 'catalog.json'));
    this.dashboard = new DataDashboard(this, 'FleetDashboard', {
      spec: loadDashboardSpec(join(repoRoot, 'dashboards', 'fleet.json'), values, catalog),
    });
    this.alarms = new DataAlarms(this, 'AccountAlarms', {
      spec: loadAlarmsSpec(join(repoRoot, 'alarms', 'account.json'), values, catalog, repoRoot),
      namePrefix: PLATFORM_STACK_NAME,
      topic: this.alerts.topic,
      runbookBaseUrl: `https://github.com/${config.repository}/blob/main`,
    });
  }
}
