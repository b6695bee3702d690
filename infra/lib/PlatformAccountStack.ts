import { join, resolve } from 'path';
import { Construct } from 'constructs';
import { Fn, Stack, StackProps, aws_cloudwatch_actions as actions } from 'aws-cdk-lib';
import {
  MonitoringAlarms, MonitoringDashboard, PLATFORM_ENVIRONMENT, PLATFORM_SERVICE, PREVIEW_NETWORK_AZS, PlaceholderValues,
} from '@serverless-axum/cdk';
import { ApiGatewayAccountLogging } from './apigateway';
import { AlertsTopic, MonthlyBudget } from './alerts';
import { AuditTrail, TRAIL_LOG_GROUP_NAME } from './audit';
import { AccountKind, PlatformConfig, holdsPreviews, holdsProd } from './config';
import { GithubDeployAccess, PlatformParameters } from './github';
import { platformSpecLoader } from './monitoring';
import { PreviewNetwork } from './network';

/** Prefix of the account alarms' names (docs/conventions.md). */
export const PLATFORM_STACK_NAME = `${PLATFORM_SERVICE}-${PLATFORM_ENVIRONMENT}`;

/** CloudFormation name of the platform stack of `kind`, the same in every region: `platform-prod`, `platform-preview`, or `platform-account` (single account). */
export function platformStackName(kind: AccountKind): string {
  return kind === 'single' ? PLATFORM_STACK_NAME : `platform-${kind}`;
}

/** Construct id of the platform stack of `kind` in `region` (what `cdk deploy 'platform-prod-*'` selects). */
export function platformStackId(kind: AccountKind, region: string): string {
  return `${platformStackName(kind)}-${region}`;
}

export interface PlatformAccountStackProps extends StackProps {
  readonly config: PlatformConfig;
  /** Which side of the platform this account runs. */
  readonly kind: AccountKind;
  /** Region of this stack; the account-wide parts are built only in `config.homeRegion`. */
  readonly region: string;
  /** Repository root holding `dashboards/`, `alarms/`, `docs/runbooks/` and `template/metrics/catalog.json`. @default the parent of infra/ */
  readonly repoRoot?: string;
}

/**
 * One account's platform in one region. In every region: the alerts topic, API Gateway's logging role, the SSM
 * parameters services resolve. In the home region also: GitHub deploy access (IAM is global), the budget, the
 * multi-region audit trail and, in prod, the fleet dashboard and the account alarms.
 */
export class PlatformAccountStack extends Stack {
  public readonly kind: AccountKind;
  public readonly alerts: AlertsTopic;
  /** The VPC Fargate previews run in (accounts that hold previews). */
  public readonly previewNetwork?: PreviewNetwork;
  public readonly access?: GithubDeployAccess;
  public readonly trail?: AuditTrail;
  public readonly alarms?: MonitoringAlarms;
  public readonly dashboard?: MonitoringDashboard;

  /**
   * The region's first availability zones, resolved by CloudFormation (`Fn::GetAZs`) rather than looked up when the
   * app is synthesized: a synth needs no AWS credentials and no cdk.context.json, and AZ names differ per account.
   */
  override get availabilityZones(): string[] {
    return [...Array(PREVIEW_NETWORK_AZS).keys()].map((i) => Fn.select(i, Fn.getAzs()));
  }

  constructor(scope: Construct, id: string, props: PlatformAccountStackProps) {
    super(scope, id, {
      stackName: platformStackName(props.kind),
      description: `serverless-axum platform: ${props.kind} account, ${props.region}`,
      terminationProtection: true,
      ...props,
    });
    const { config, kind } = props;
    const home = props.region === config.homeRegion;
    const repoRoot = props.repoRoot ?? resolve(__dirname, '..', '..');
    this.kind = kind;

    this.alerts = new AlertsTopic(this, 'Alerts', { emails: config.alertEmails });
    new ApiGatewayAccountLogging(this, 'ApiGatewayLogging');
    if (holdsPreviews(kind)) this.previewNetwork = new PreviewNetwork(this, 'PreviewNetwork');
    new PlatformParameters(this, 'Parameters', { config, kind, previewNetwork: this.previewNetwork });
    if (home) {
      this.access = new GithubDeployAccess(this, 'Github', { config, kind });
      const amountUsd = kind === 'preview' ? config.previewMonthlyBudgetUsd : config.monthlyBudgetUsd;
      new MonthlyBudget(this, 'Budget', { amountUsd, topic: this.alerts.topic });
      this.trail = new AuditTrail(this, 'Audit', {
        logRetentionDays: kind === 'preview' ? config.previewTrailRetentionDays : config.trailRetentionDays,
      });
    }
    // The fleet dashboard and the account alarms (CIS metrics from the home-region trail, account concurrency) are prod's.
    if (!home || !holdsProd(kind)) return;

    const values: PlaceholderValues = {
      service: PLATFORM_SERVICE,
      env: PLATFORM_ENVIRONMENT,
      region: this.region,
      account: this.account,
      trailLogGroup: TRAIL_LOG_GROUP_NAME,
      concurrencyAlarmThreshold: String(Math.floor((config.lambdaConcurrencyQuota * config.concurrencyAlarmPercent) / 100)),
    };
    const loader = platformSpecLoader(repoRoot, values);
    this.dashboard = new MonitoringDashboard(this, 'FleetDashboard', {
      spec: loader.loadDashboard(join(repoRoot, 'dashboards', 'fleet.json')),
    });
    this.alarms = new MonitoringAlarms(this, 'AccountAlarms', {
      spec: loader.loadAlarms(join(repoRoot, 'alarms', 'account.json')),
      alarmName: (alarmId) => `${PLATFORM_STACK_NAME}-${alarmId}`,
      runbookBaseUrl: `https://github.com/${config.repository}/blob/main`,
      actions: [new actions.SnsAction(this.alerts.topic)],
    });
  }
}
