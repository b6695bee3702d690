import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { toMetric } from './MonitoringAlarms';
import { DashboardSpec, WidgetSpec } from './spec/MonitoringSpec';

/** Props of {@link MonitoringDashboard}. */
export interface MonitoringDashboardProps {
  /** The dashboard, loaded and checked. */
  readonly spec: DashboardSpec;
}

/** Turns a dashboard spec into a CloudWatch dashboard; widgets flow left to right in rows of 24 units. */
export class MonitoringDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.spec.name });
    let row: cloudwatch.IWidget[] = [];
    let width = 0;
    for (const spec of props.spec.widgets) {
      if (width + spec.width > 24) {
        this.dashboard.addWidgets(...row);
        row = [];
        width = 0;
      }
      row.push(toWidget(spec));
      width += spec.width;
    }
    if (row.length > 0) this.dashboard.addWidgets(...row);
  }
}

function toWidget(spec: WidgetSpec): cloudwatch.IWidget {
  const size = { width: spec.width, height: spec.height };
  switch (spec.type) {
    case 'metric':
      return new cloudwatch.GraphWidget({
        title: spec.title,
        ...size,
        left: spec.metrics.map(toMetric),
        leftAnnotations: spec.annotations?.map((a) => ({ label: a.label, value: a.value })),
      });
    case 'search':
      return new cloudwatch.GraphWidget({
        title: spec.title,
        ...size,
        // `${LABEL}` (CloudWatch's dynamic label: each series' own name) — by default aws-cdk-lib would label every
        // series the SEARCH finds with the expression's text.
        left: [new cloudwatch.MathExpression({ expression: spec.expression, usingMetrics: {}, label: '${LABEL}' })],
      });
    case 'logs':
      return new cloudwatch.LogQueryWidget({
        title: spec.title,
        ...size,
        logGroupNames: [...spec.logGroups],
        queryString: spec.query,
        view: cloudwatch.LogQueryVisualizationType.TABLE,
      });
    case 'text':
      return new cloudwatch.TextWidget({ markdown: spec.title ? `# ${spec.title}\n\n${spec.markdown}` : spec.markdown, ...size });
  }
}
