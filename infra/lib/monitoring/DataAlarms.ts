import { Construct } from 'constructs';
import { Duration, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns } from 'aws-cdk-lib';
import { AlarmsSpec } from './MonitoringSpec';

export interface DataAlarmsProps {
  /** A parsed alarms definition. */
  readonly spec: AlarmsSpec;
  /** Alarm names are `<namePrefix>-<id>`, e.g. `platform-account`. */
  readonly namePrefix: string;
  /** Topic notified on ALARM and OK. */
  readonly topic: sns.ITopic;
  /** Base URL runbook paths are appended to in alarm descriptions. @default paths as given */
  readonly runbookBaseUrl?: string;
}

/** CloudWatch alarms rendered from an alarms-as-data definition, all notifying one topic. */
export class DataAlarms extends Construct {
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DataAlarmsProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    this.alarms = props.spec.alarms.map((spec) => {
      const runbook = props.runbookBaseUrl ? `${props.runbookBaseUrl.replace(/\/$/, '')}/${spec.runbook}` : spec.runbook;
      const alarm = new cloudwatch.Alarm(this, spec.id, {
        alarmName: `${props.namePrefix}-${spec.id}`,
        alarmDescription: `[${spec.severity}] ${spec.description} Runbook: ${runbook}`,
        metric: new cloudwatch.Metric({
          namespace: spec.metric.namespace,
          metricName: spec.metric.metric,
          statistic: spec.metric.stat,
          period: Duration.seconds(spec.metric.period),
          dimensionsMap: spec.metric.dimensions,
        }),
        comparisonOperator: spec.comparison as cloudwatch.ComparisonOperator,
        threshold: spec.threshold,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        treatMissingData: spec.treatMissingData as cloudwatch.TreatMissingData,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    });
  }
}
