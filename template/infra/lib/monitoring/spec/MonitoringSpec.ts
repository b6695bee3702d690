/**
 * The JSON format of `dashboards/*.json` and `alarms/*.json` (docs/conventions.md, "Dashboards and alarms as data"),
 * after validation and placeholder substitution.
 */

/** One CloudWatch metric. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metric: string;
  /** `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile `pNN[.N]`. */
  readonly stat: string;
  /** Seconds: 60 or a multiple of 60. */
  readonly period: number;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Legend label (extension). */
  readonly label?: string;
}

/** A horizontal line on a graph (extension), e.g. the configured memory. */
export interface AnnotationSpec {
  readonly label: string;
  readonly value: number;
}

export interface MetricWidgetSpec {
  readonly type: 'metric';
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly metrics: readonly MetricSpec[];
  readonly annotations?: readonly AnnotationSpec[];
}

export interface SearchWidgetSpec {
  readonly type: 'search';
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** A `SEARCH('{Namespace,Dim,...} MetricName="X" ...', 'Stat', period)` expression. */
  readonly expression: string;
}

export interface LogsWidgetSpec {
  readonly type: 'logs';
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly logGroups: readonly string[];
  readonly query: string;
}

export interface TextWidgetSpec {
  readonly type: 'text';
  readonly width: number;
  readonly height: number;
  readonly markdown: string;
}

export type WidgetSpec = MetricWidgetSpec | SearchWidgetSpec | LogsWidgetSpec | TextWidgetSpec;

export interface DashboardSpec {
  readonly name: string;
  readonly widgets: readonly WidgetSpec[];
}

export type Comparison =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

export type Severity = 'page' | 'ticket';

interface AlarmCommonSpec {
  /** Kebab-case; the alarm is named `<service>-<env>-<id>` and its runbook is `docs/runbooks/<id>.md`. */
  readonly id: string;
  readonly description: string;
  readonly runbook: string;
  readonly severity: Severity;
}

/** An alarm on one metric, or (extension) on a math expression over named metrics. */
export interface MetricAlarmSpec extends AlarmCommonSpec {
  readonly metric?: MetricSpec;
  /** Metric math over `metrics`, e.g. `100 * m1 / ${memoryMb}` (extension). */
  readonly expression?: string;
  /** Metrics of `expression`, keyed by the id the expression uses (extension). */
  readonly metrics?: Readonly<Record<string, MetricSpec>>;
  /** Label of the expression (extension). */
  readonly label?: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
}

/** A composite alarm in ALARM when any of `anyOf` is (extension). */
export interface CompositeAlarmSpec extends AlarmCommonSpec {
  readonly anyOf: readonly string[];
}

export interface AlarmsSpec {
  readonly alarms: readonly MetricAlarmSpec[];
  readonly composites: readonly CompositeAlarmSpec[];
}
