/** Types of the shared dashboards/alarms-as-data format (docs/conventions.md), after placeholder substitution. */

export interface MetricSpec {
  readonly namespace: string;
  readonly metric: string;
  readonly stat: string;
  readonly period: number;
  /** @default no dimensions (an account-level metric) */
  readonly dimensions?: Readonly<Record<string, string>>;
}

interface WidgetBase {
  readonly title?: string;
  /** Grid columns, 1..24. @default 12 (24 for text) */
  readonly width?: number;
  /** Grid rows. @default 6 (2 for text) */
  readonly height?: number;
}

export interface MetricWidgetSpec extends WidgetBase { readonly type: 'metric'; readonly title: string; readonly metrics: readonly MetricSpec[] }
export interface SearchWidgetSpec extends WidgetBase { readonly type: 'search'; readonly title: string; readonly expression: string }
export interface LogsWidgetSpec extends WidgetBase { readonly type: 'logs'; readonly title: string; readonly logGroups: readonly string[]; readonly query: string }
export interface TextWidgetSpec extends WidgetBase { readonly type: 'text'; readonly markdown: string }

export type WidgetSpec = MetricWidgetSpec | SearchWidgetSpec | LogsWidgetSpec | TextWidgetSpec;

export interface DashboardSpec {
  readonly name: string;
  readonly widgets: readonly WidgetSpec[];
}

export const COMPARISONS = [
  'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
] as const;
export const TREAT_MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;
/** `page` wakes someone up; `ticket` is looked at on the next working day. */
export const SEVERITIES = ['page', 'ticket'] as const;

export interface AlarmSpec {
  /** kebab-case; the alarm is named `<service>-<env>-<id>`. */
  readonly id: string;
  readonly description: string;
  /** Repository-relative path of the runbook. */
  readonly runbook: string;
  readonly severity: (typeof SEVERITIES)[number];
  readonly metric: MetricSpec;
  readonly comparison: (typeof COMPARISONS)[number];
  /** A number, or (extension) a string holding exactly one placeholder that resolves to a number. */
  readonly threshold: number;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default "missing" */
  readonly treatMissingData?: (typeof TREAT_MISSING_DATA)[number];
}

export interface AlarmsSpec {
  readonly alarms: readonly AlarmSpec[];
}
