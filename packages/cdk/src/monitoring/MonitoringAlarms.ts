import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmsSpec, MetricAlarmSpec, MetricSpec } from './spec/MonitoringSpec';

/** Props of {@link MonitoringAlarms}. */
export interface MonitoringAlarmsProps {
  /** The alarms, loaded and checked. */
  readonly spec: AlarmsSpec;
  /** The name of the alarm of a spec id, e.g. `<service>-<env>-<id>` or `platform-account-<id>`. */
  readonly alarmName: (id: string) => string;
  /** Where runbook paths are relative to, e.g. `https://github.com/org/name/blob/main` (a trailing `/` is optional). */
  readonly runbookBaseUrl: string;
  /**
   * Actions of every alarm (ALARM and OK).
   * @default - none
   */
  readonly actions?: readonly cloudwatch.IAlarmAction[];
}

/**
 * Turns an alarms spec into CloudWatch metric alarms and composite alarms, described as
 * `[<severity>] <description> Runbook: <url>`.
 */
export class MonitoringAlarms extends Construct {
  /** The metric alarms, by spec id. */
  public readonly metricAlarms: ReadonlyMap<string, cloudwatch.Alarm>;
  /** The composite alarms, by spec id. */
  public readonly compositeAlarms: ReadonlyMap<string, cloudwatch.CompositeAlarm>;

  constructor(scope: Construct, id: string, props: MonitoringAlarmsProps) {
    super(scope, id);
    const base = props.runbookBaseUrl.replace(/\/+$/, '');
    const describe = (text: string, runbook: string, severity: string) => `[${severity}] ${text} Runbook: ${base}/${runbook}`;

    const metricAlarms = new Map<string, cloudwatch.Alarm>();
    for (const spec of props.spec.alarms) {
      const alarm = new cloudwatch.Alarm(this, spec.id, {
        alarmName: props.alarmName(spec.id),
        alarmDescription: describe(spec.description, spec.runbook, spec.severity),
        metric: alarmMetric(spec),
        threshold: spec.threshold,
        comparisonOperator: spec.comparison as cloudwatch.ComparisonOperator,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        treatMissingData: spec.treatMissingData as cloudwatch.TreatMissingData,
      });
      props.actions?.forEach((a) => {
        alarm.addAlarmAction(a);
        alarm.addOkAction(a);
      });
      metricAlarms.set(spec.id, alarm);
    }

    const compositeAlarms = new Map<string, cloudwatch.CompositeAlarm>();
    for (const spec of props.spec.composites) {
      const alarm = new cloudwatch.CompositeAlarm(this, spec.id, {
        compositeAlarmName: props.alarmName(spec.id),
        alarmDescription: describe(spec.description, spec.runbook, spec.severity),
        alarmRule: cloudwatch.AlarmRule.anyOf(...spec.anyOf.map((m) => metricAlarms.get(m)!)),
      });
      props.actions?.forEach((a) => {
        alarm.addAlarmAction(a);
        alarm.addOkAction(a);
      });
      compositeAlarms.set(spec.id, alarm);
    }
    this.metricAlarms = metricAlarms;
    this.compositeAlarms = compositeAlarms;
  }
}

/** A CDK metric from a spec metric. */
export function toMetric(spec: MetricSpec): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: spec.namespace,
    metricName: spec.metric,
    statistic: spec.stat,
    period: Duration.seconds(spec.period),
    dimensionsMap: { ...spec.dimensions },
    label: spec.label,
  });
}

function alarmMetric(spec: MetricAlarmSpec): cloudwatch.IMetric {
  if (spec.metric) return toMetric(spec.metric);
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  for (const [key, m] of Object.entries(spec.metrics!)) usingMetrics[key] = toMetric(m);
  const periods = Object.values(spec.metrics!).map((m) => m.period);
  return new cloudwatch.MathExpression({
    expression: spec.expression!,
    usingMetrics,
    label: spec.label,
    period: Duration.seconds(Math.max(...periods)),
  });
}
