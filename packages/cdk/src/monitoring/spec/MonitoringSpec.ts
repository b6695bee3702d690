/**
 * The JSON format of `dashboards/*.json` and `alarms/*.json` (docs/conventions.md, "Dashboards and alarms as data";
 * schemas/dashboard.schema.json, schemas/alarms.schema.json), after validation, feature selection and placeholder
 * substitution. Defaults are filled in.
 */

/** One CloudWatch metric. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metric: string;
  /** A CloudWatch statistic: `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount`, `IQM` or a percentile `pNN[.N]`. */
  readonly stat: string;
  /** Seconds: 1, 5, 10, 30 or a multiple of 60. */
  readonly period: number;
  /** Empty for an account-level metric. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Legend label. */
  readonly label?: string;
}

/** A horizontal line on a graph, e.g. the configured memory. */
export interface AnnotationSpec {
  readonly label: string;
  readonly value: number;
}

interface WidgetLayout {
  /** Grid columns, 1..24 (default 12; text 24). */
  readonly width: number;
  /** Grid rows (default 6; text 2). */
  readonly height: number;
}

export interface MetricWidgetSpec extends WidgetLayout {
  readonly type: 'metric';
  readonly title: string;
  readonly metrics: readonly MetricSpec[];
  readonly annotations?: readonly AnnotationSpec[];
}

export interface SearchWidgetSpec extends WidgetLayout {
  readonly type: 'search';
  readonly title: string;
  /** A `SEARCH('{Namespace,Dim,...} MetricName="X" ...', 'Stat', period)` expression. */
  readonly expression: string;
}

export interface LogsWidgetSpec extends WidgetLayout {
  readonly type: 'logs';
  readonly title: string;
  readonly logGroups: readonly string[];
  readonly query: string;
}

export interface TextWidgetSpec extends WidgetLayout {
  readonly type: 'text';
  /** Rendered as a heading above the markdown. */
  readonly title?: string;
  readonly markdown: string;
}

export type WidgetSpec = MetricWidgetSpec | SearchWidgetSpec | LogsWidgetSpec | TextWidgetSpec;

export interface DashboardSpec {
  readonly name: string;
  readonly widgets: readonly WidgetSpec[];
}

export const COMPARISONS = [
  'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const TREAT_MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];

/** `page` wakes someone up; `ticket` is looked at on the next working day. */
export const SEVERITIES = ['page', 'ticket'] as const;
export type Severity = (typeof SEVERITIES)[number];

interface AlarmCommonSpec {
  /** Kebab-case; the alarm is named `<prefix>-<id>`. */
  readonly id: string;
  readonly description: string;
  /** Repository-relative path of the runbook. */
  readonly runbook: string;
  readonly severity: Severity;
}

/** An alarm on one metric (`metric`), or on a math expression over named metrics (`expression` + `metrics`). */
export interface MetricAlarmSpec extends AlarmCommonSpec {
  readonly metric?: MetricSpec;
  /** Metric math over `metrics`, e.g. `100 * m1 / 512`. */
  readonly expression?: string;
  /** Metrics of `expression`, keyed by the id the expression uses. */
  readonly metrics?: Readonly<Record<string, MetricSpec>>;
  /** Label of the expression. */
  readonly label?: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  /** Defaults to evaluationPeriods. */
  readonly datapointsToAlarm: number;
  /** Defaults to `missing`. */
  readonly treatMissingData: TreatMissingData;
}

/** A composite alarm in ALARM when any of `anyOf` is. */
export interface CompositeAlarmSpec extends AlarmCommonSpec {
  readonly anyOf: readonly string[];
}

export interface AlarmsSpec {
  readonly alarms: readonly MetricAlarmSpec[];
  readonly composites: readonly CompositeAlarmSpec[];
}
