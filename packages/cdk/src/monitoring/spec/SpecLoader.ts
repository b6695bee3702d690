import * as fs from 'fs';
import { MetricCatalog } from '../catalog/MetricCatalog';
import { Feature } from './Features';
import {
  AlarmsSpec, AnnotationSpec, Comparison, CompositeAlarmSpec, DashboardSpec, MetricAlarmSpec, MetricSpec, Severity,
  TreatMissingData, WidgetSpec,
} from './MonitoringSpec';
import { checkPlaceholders, PlaceholderValues, substitute } from './Placeholders';
import { isValidPeriod, validateAgainstSchema } from './Schemas';
import { parseSearchExpression, requiredTermValues } from './SearchExpression';

/** What the loader checks files against and substitutes into them. */
export interface SpecLoaderProps {
  /** Metrics the files may name. */
  readonly catalog: MetricCatalog;
  /** Values of the `${placeholders}` at this scope (a service environment, or the account). */
  readonly values: PlaceholderValues;
  /**
   * Optional parts the service has; entries whose `requires` names another one are left out (and not checked
   * against the catalog: what they name may not exist without the feature).
   * @default - every feature
   */
  readonly features?: ReadonlySet<Feature>;
  /**
   * The runbook path an alarm must have.
   * @default - `docs/runbooks/<id>.md`
   */
  readonly runbookPath?: (id: string) => string;
  /**
   * Checks that a runbook exists (its path is relative to the repository root).
   * @default - every runbook is accepted
   */
  readonly runbookExists?: (runbook: string) => boolean;
}

/** Raw shapes, as the schemas guarantee them (before substitution and defaults). */
type Raw = Record<string, unknown>;
interface RawMetric { namespace: string; metric: string; stat: string; period: number; dimensions?: Record<string, string>; label?: string }
interface RawEntry extends Raw { requires?: Feature[]; id?: string }

const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The one reader of dashboards/*.json and alarms/*.json, for the platform and every service: the file's JSON Schema
 * (unknown fields, types, ranges, enums), then what a schema cannot say — placeholders, metrics outside the catalog,
 * SEARCH expressions, periods, runbooks, unique ids, composites' members, features. Placeholders are substituted
 * last. Any problem throws, which fails `cdk synth`.
 */
export class SpecLoader {
  constructor(private readonly props: SpecLoaderProps) {}

  loadDashboard(file: string): DashboardSpec {
    return this.parseDashboard(readJson(file), file);
  }

  loadAlarms(file: string): AlarmsSpec {
    return this.parseAlarms(readJson(file), file);
  }

  parseDashboard(raw: unknown, source: string): DashboardSpec {
    validateAgainstSchema('dashboard', raw, source);
    checkAllPlaceholders(raw, source);
    const root = raw as { name: string; widgets: RawEntry[] };
    const name = this.text(root.name, `${source}.name`);
    if (!DASHBOARD_NAME.test(name)) throw new Error(`${source}.name: "${name}" is not a valid dashboard name`);
    const widgets = root.widgets
      .map((w, i) => ({ w, where: `${source}.widgets[${i}]` }))
      .filter(({ w }) => this.wanted(w))
      .map(({ w, where }) => this.widget(w, where));
    return { name, widgets };
  }

  parseAlarms(raw: unknown, source: string): AlarmsSpec {
    validateAgainstSchema('alarms', raw, source);
    checkAllPlaceholders(raw, source);
    const root = raw as { alarms: RawEntry[]; composites?: RawEntry[] };
    const rawComposites = root.composites ?? [];
    const ids = [...root.alarms, ...rawComposites].map((a) => a.id as string);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) throw new Error(`${source}: duplicate alarm id "${duplicate}"`);

    const left = new Set(root.alarms.filter((a) => !this.wanted(a)).map((a) => a.id as string));
    const alarms = root.alarms
      .map((a, i) => ({ a, where: `${source}.alarms[${i}]` }))
      .filter(({ a }) => this.wanted(a))
      .map(({ a, where }) => this.alarm(a, where));
    const composites: CompositeAlarmSpec[] = [];
    rawComposites.forEach((c, i) => {
      if (!this.wanted(c)) return;
      const where = `${source}.composites[${i}]`;
      const anyOf = c.anyOf as string[];
      for (const member of anyOf) {
        if (!left.has(member) && !alarms.some((a) => a.id === member)) throw new Error(`${where}: composite "${c.id}" names unknown alarm "${member}"`);
      }
      // A composite loses the members its service does not have, and is left out when none remain.
      const kept = anyOf.filter((m) => !left.has(m));
      if (kept.length > 0) composites.push({ ...this.alarmCommon(c, where), anyOf: kept });
    });
    return { alarms, composites };
  }

  private widget(w: RawEntry, where: string): WidgetSpec {
    const size = (width: number, height: number) => ({ width: (w.width as number | undefined) ?? width, height: (w.height as number | undefined) ?? height });
    switch (w.type as WidgetSpec['type']) {
      case 'metric': {
        const metrics = (w.metrics as RawMetric[]).map((m, i) => this.metric(m, `${where}.metrics[${i}]`));
        const annotations = (w.annotations as { label: string; value: number | string }[] | undefined)
          ?.map((a, i): AnnotationSpec => ({ label: this.text(a.label, `${where}.annotations[${i}].label`), value: this.numeric(a.value, `${where}.annotations[${i}].value`) }));
        return { type: 'metric', title: this.text(w.title as string, `${where}.title`), ...size(12, 6), metrics, annotations };
      }
      case 'search': {
        const expression = w.expression as string;
        this.checkSearch(expression, `${where}.expression`);
        return { type: 'search', title: this.text(w.title as string, `${where}.title`), ...size(12, 6), expression: this.text(expression, `${where}.expression`) };
      }
      case 'logs': {
        const logGroups = (w.logGroups as string[]).map((g, i) => this.text(g, `${where}.logGroups[${i}]`));
        return { type: 'logs', title: this.text(w.title as string, `${where}.title`), ...size(12, 6), logGroups, query: this.text(w.query as string, `${where}.query`) };
      }
      case 'text': {
        const title = w.title === undefined ? undefined : this.text(w.title as string, `${where}.title`);
        return { type: 'text', title, ...size(24, 2), markdown: this.text(w.markdown as string, `${where}.markdown`) };
      }
    }
  }

  private checkSearch(expression: string, where: string): void {
    let parsed;
    try {
      parsed = parseSearchExpression(expression);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    if (!parsed.schema) throw new Error(`${where}: a dashboard SEARCH must name its {Namespace,Dimension,...} schema`);
    const { namespace, dimensions } = parsed.schema;
    if (!this.props.catalog.namespaces.includes(namespace)) {
      throw new Error(`${where}: unknown namespace "${namespace}" (known: ${this.props.catalog.namespaces.join(', ')})`);
    }
    const names = requiredTermValues(parsed.query, 'MetricName');
    if (names.length === 0) throw new Error(`${where}: a dashboard SEARCH must name its metric (MetricName="...")`);
    for (const name of names) this.props.catalog.check(namespace, name, dimensions, where);
  }

  private metric(m: RawMetric, where: string): MetricSpec {
    const dimensions = m.dimensions ?? {};
    this.props.catalog.check(m.namespace, m.metric, Object.keys(dimensions), where);
    if (!isValidPeriod(m.period)) throw new Error(`${where}.period: ${m.period} is not 1, 5, 10, 30 or a multiple of 60`);
    return {
      namespace: this.text(m.namespace, `${where}.namespace`),
      metric: m.metric,
      stat: m.stat,
      period: m.period,
      dimensions: Object.fromEntries(Object.entries(dimensions).map(([k, v]) => [k, this.text(v, `${where}.dimensions.${k}`)])),
      label: m.label === undefined ? undefined : this.text(m.label, `${where}.label`),
    };
  }

  private alarm(a: RawEntry, where: string): MetricAlarmSpec {
    const evaluationPeriods = a.evaluationPeriods as number;
    const datapointsToAlarm = (a.datapointsToAlarm as number | undefined) ?? evaluationPeriods;
    if (datapointsToAlarm > evaluationPeriods) {
      throw new Error(`${where}.datapointsToAlarm: ${datapointsToAlarm} is more than evaluationPeriods (${evaluationPeriods})`);
    }
    const rawMetrics = a.metrics as Record<string, RawMetric> | undefined;
    return {
      ...this.alarmCommon(a, where),
      metric: a.metric === undefined ? undefined : this.metric(a.metric as RawMetric, `${where}.metric`),
      expression: a.expression === undefined ? undefined : this.text(a.expression as string, `${where}.expression`),
      metrics: rawMetrics && Object.fromEntries(Object.entries(rawMetrics).map(([k, m]) => [k, this.metric(m, `${where}.metrics.${k}`)])),
      label: a.label === undefined ? undefined : this.text(a.label as string, `${where}.label`),
      comparison: a.comparison as Comparison,
      threshold: this.numeric(a.threshold as number | string, `${where}.threshold`),
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: (a.treatMissingData as TreatMissingData | undefined) ?? 'missing',
    };
  }

  private alarmCommon(a: RawEntry, where: string): { id: string; description: string; runbook: string; severity: Severity } {
    const id = a.id as string;
    const runbook = a.runbook as string;
    const expected = (this.props.runbookPath ?? ((i: string) => `docs/runbooks/${i}.md`))(id);
    if (runbook !== expected) throw new Error(`${where}.runbook: must be ${expected}`);
    if (this.props.runbookExists && !this.props.runbookExists(runbook)) throw new Error(`${where}.runbook: ${runbook} does not exist`);
    return { id, description: this.text(a.description as string, `${where}.description`), runbook, severity: a.severity as Severity };
  }

  /** Whether an entry's `requires` (features) are all features of the service. */
  private wanted(entry: RawEntry): boolean {
    return (entry.requires ?? []).every((f) => this.props.features?.has(f) ?? true);
  }

  /** A string with its placeholders substituted. */
  private text(value: string, where: string): string {
    return substitute(value, this.props.values, where);
  }

  /** A number, or a `${placeholder}` that resolves to one (e.g. "${memoryMb}"). */
  private numeric(value: number | string, where: string): number {
    if (typeof value === 'number') return value;
    const resolved = Number(this.text(value, where));
    if (!Number.isFinite(resolved) || value.trim() === '') throw new Error(`${where}: ${value} does not resolve to a number`);
    return resolved;
  }
}

/** Unknown placeholder names are refused anywhere in a file, in entries left out by `requires` too. */
function checkAllPlaceholders(value: unknown, where: string): void {
  if (typeof value === 'string') checkPlaceholders(value, where);
  else if (Array.isArray(value)) value.forEach((v, i) => checkAllPlaceholders(v, `${where}[${i}]`));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) if (k !== '$schema') checkAllPlaceholders(v, `${where}.${k}`);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}
