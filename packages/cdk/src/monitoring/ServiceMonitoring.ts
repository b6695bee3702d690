import * as fs from 'fs';
import * as path from 'path';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ServiceNaming } from '../naming/ServiceNaming';
import { alertsTopic } from './AlertsTopic';
import { CustomMetricCatalog } from './catalog/CustomMetricCatalog';
import { MetricCatalog } from './catalog/MetricCatalog';
import { LogMetricFilters } from './LogMetricFilters';
import { MonitoringAlarms } from './MonitoringAlarms';
import { MonitoringDashboard } from './MonitoringDashboard';
import { Feature } from './spec/Features';
import { PlaceholderValues } from './spec/Placeholders';
import { SpecLoader } from './spec/SpecLoader';

/** A service on Lambda: what its function's placeholders and log-derived metrics come from. */
export interface LambdaMonitored {
  readonly kind: 'lambda';
  /** Configured memory of the function (the `${memoryMb}` placeholder). */
  readonly memoryMb: number;
  /** Configured timeout of the function (the `${timeoutMs}` placeholder). */
  readonly timeoutMs: number;
  /** The function's log group: source of the log-derived metrics. */
  readonly functionLogGroup: logs.ILogGroup;
}

/** A service on Fargate: the dimensions its load balancer's and ECS service's metrics are published under. */
export interface FargateMonitored {
  readonly kind: 'fargate';
  /** `LoadBalancer` dimension: the load balancer's full name (`app/<name>/<id>`). */
  readonly loadBalancer: string;
  /** `TargetGroup` dimension: the target group's full name (`targetgroup/<name>/<id>`). */
  readonly targetGroup: string;
  readonly clusterName: string;
  /** `ServiceName` dimension of AWS/ECS. */
  readonly ecsServiceName: string;
  readonly containerLogGroup: string;
}

/** Props of {@link ServiceMonitoring}. */
export interface ServiceMonitoringProps {
  readonly naming: ServiceNaming;
  readonly region: string;
  /** What runs the service; its placeholders are the only compute-specific ones with values. */
  readonly compute: LambdaMonitored | FargateMonitored;
  /** Metrics the service's code emits. */
  readonly catalog: CustomMetricCatalog;
  /** The service's root: holds `dashboards/`, `alarms/` and `docs/runbooks/`. */
  readonly serviceDir: string;
  /** Where runbook paths link to, e.g. `https://github.com/org/name/blob/main/`. */
  readonly runbookBaseUrl: string;
  /**
   * ARN of the topic every alarm notifies.
   * @default - the platform's topic, from SSM `/platform/alerts-topic-arn` at deploy time
   */
  readonly alertsTopicArn?: string;
  /** Optional parts the service has: spec entries that require another one are left out. */
  readonly features: ReadonlySet<Feature>;
  /**
   * Dashboard file, relative to `serviceDir`.
   * @default 'dashboards/service.json'
   */
  readonly dashboardFile?: string;
  /**
   * Alarms file, relative to `serviceDir`.
   * @default 'alarms/service.json'
   */
  readonly alarmsFile?: string;
}

/**
 * The facade that turns the service's monitoring data (dashboards/service.json, alarms/service.json) into the
 * log-derived metrics, a dashboard and alarms notifying the alerts topic.
 */
export class ServiceMonitoring extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  /** Metric alarms: the ones a deployment rolls back on. */
  public readonly metricAlarms: readonly cloudwatch.Alarm[];
  /** Composite alarms. */
  public readonly compositeAlarms: readonly cloudwatch.CompositeAlarm[];

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const { naming } = props;
    const { compute } = props;
    const values: PlaceholderValues = {
      service: naming.service,
      env: naming.env,
      region: props.region,
      dashboardName: naming.dashboardName,
      ...(compute.kind === 'lambda'
        ? {
            functionName: naming.functionName,
            apiName: naming.apiName,
            stage: naming.stageName,
            functionLogGroup: naming.functionLogGroupName,
            accessLogGroup: naming.accessLogGroupName,
            memoryMb: String(compute.memoryMb),
            timeoutMs: String(compute.timeoutMs),
          }
        : {
            loadBalancer: compute.loadBalancer,
            targetGroup: compute.targetGroup,
            clusterName: compute.clusterName,
            ecsServiceName: compute.ecsServiceName,
            containerLogGroup: compute.containerLogGroup,
          }),
    };
    const loader = new SpecLoader({
      catalog: MetricCatalog.forService(props.catalog),
      values,
      features: props.features,
      runbookExists: (runbook) => fs.existsSync(path.join(props.serviceDir, runbook)),
    });
    const dashboardSpec = loader.loadDashboard(path.join(props.serviceDir, props.dashboardFile ?? 'dashboards/service.json'));
    const alarmsSpec = loader.loadAlarms(path.join(props.serviceDir, props.alarmsFile ?? 'alarms/service.json'));

    // Lambda's platform.report records; a container has no such records (its utilization is AWS/ECS's).
    if (compute.kind === 'lambda') {
      new LogMetricFilters(this, 'LogMetrics', { logGroup: compute.functionLogGroup, functionName: naming.functionName });
    }
    const topic = alertsTopic(this, 'AlertsTopic', props.alertsTopicArn);
    const alarms = new MonitoringAlarms(this, 'Alarms', {
      spec: alarmsSpec,
      alarmName: (alarmId) => naming.alarmName(alarmId),
      runbookBaseUrl: props.runbookBaseUrl,
      actions: [new actions.SnsAction(topic)],
    });
    this.metricAlarms = [...alarms.metricAlarms.values()];
    this.compositeAlarms = [...alarms.compositeAlarms.values()];
    this.dashboard = new MonitoringDashboard(this, 'Dashboard', { spec: dashboardSpec }).dashboard;
  }
}
