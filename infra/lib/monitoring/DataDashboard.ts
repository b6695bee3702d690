import { Construct } from 'constructs';
import { Stack, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { DashboardSpec } from './MonitoringSpec';
import { renderDashboardBody } from './renderDashboardBody';

export interface DataDashboardProps {
  /** A parsed dashboard definition. */
  readonly spec: DashboardSpec;
}

/** A CloudWatch dashboard rendered from a dashboards-as-data definition. */
export class DataDashboard extends Construct {
  public readonly dashboard: cloudwatch.CfnDashboard;

  constructor(scope: Construct, id: string, props: DataDashboardProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.dashboard = new cloudwatch.CfnDashboard(this, 'Dashboard', {
      dashboardName: props.spec.name,
      dashboardBody: stack.toJsonString(renderDashboardBody(props.spec, stack.region)),
    });
  }
}
