import * as fs from 'fs';
import { MetricContract } from '../catalog/MetricContract';
import { Feature, FEATURES } from './Features';
import { JsonReader } from './JsonReader';
import {
  AlarmsSpec, AnnotationSpec, Comparison, CompositeAlarmSpec, DashboardSpec, MetricAlarmSpec, MetricSpec, Severity,
  TreatMissingData, WidgetSpec,
} from './MonitoringSpec';
import { PlaceholderValues, substitute } from './Placeholders';

/** What the loader checks specs against and substitutes into them. */
export interface SpecLoaderProps {
  /** Metrics the specs may name. */
  readonly contract: MetricContract;
  /** Values of the `${placeholders}`. */
  readonly values: PlaceholderValues;
  /**
   * Optional parts the service has; entries whose `requires` names another one are left out (and not checked
   * against the contract: what they name may not exist without the feature).
   * @default - every feature
   */
  readonly features?: ReadonlySet<Feature>;
  /**
   * Checks that a runbook path exists (relative to the service root).
   * @default - every runbook is accepted
   */
  readonly runbookExists?: (runbook: string) => boolean;
}

const STAT = /^(Sum|Average|Minimum|Maximum|SampleCount|p\d{1,2}(\.\d{1,2})?)$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const COMPARISONS: readonly Comparison[] = [
  'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
];
const MISSING: readonly TreatMissingData[] = ['breaching', 'notBreaching', 'ignore', 'missing'];
const SEVERITIES: readonly Severity[] = ['page', 'ticket'];
const SEARCH = /^SEARCH\('\{([^}]+)\}\s+MetricName="([^"]+)"/;

/**
 * Reads dashboards/*.json and alarms/*.json: refuses unknown fields, metrics outside the contract and unknown
 * placeholders, then substitutes the placeholders. Any problem throws, which fails `cdk synth`.
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
    const root = new JsonReader(raw, source).object(['name', 'widgets']);
    return {
      name: this.text(root.field('name')),
      widgets: root.field('widgets').items().filter((w) => this.wanted(w)).map((w) => this.widget(w)),
    };
  }

  parseAlarms(raw: unknown, source: string): AlarmsSpec {
    const root = new JsonReader(raw, source).object(['alarms', 'composites'], ['alarms']);
    const alarmReaders = root.field('alarms').items();
    const compositeReaders = root.has('composites') ? root.field('composites').items() : [];
    const ids = [...alarmReaders, ...compositeReaders].map((a) => a.field('id').string(ID));
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) root.fail(`alarm id "${duplicate}" is used twice`);
    const left = new Set(alarmReaders.filter((a) => !this.wanted(a)).map((a) => a.field('id').string(ID)));
    const alarms = alarmReaders.filter((a) => this.wanted(a)).map((a) => this.alarm(a));
    const composites: CompositeAlarmSpec[] = [];
    for (const reader of compositeReaders.filter((c) => this.wanted(c))) {
      const c = this.composite(reader);
      for (const member of c.anyOf) {
        if (!left.has(member) && !alarms.some((a) => a.id === member)) root.fail(`composite "${c.id}" names unknown alarm "${member}"`);
      }
      // A composite loses the members its service does not have, and is left out when none remain.
      const anyOf = c.anyOf.filter((m) => !left.has(m));
      if (anyOf.length > 0) composites.push({ ...c, anyOf });
    }
    return { alarms, composites };
  }

  private widget(w: JsonReader): WidgetSpec {
    const type = w.field('type').oneOf(['metric', 'search', 'logs', 'text'] as const);
    const size = () => ({ width: w.field('width').number(1, 24), height: w.field('height').number(1, 1000) });
    switch (type) {
      case 'metric': {
        w.object(['type', 'title', 'width', 'height', 'metrics', 'annotations', 'requires'], ['type', 'title', 'width', 'height', 'metrics']);
        const metrics = w.field('metrics').items().map((m) => this.metric(m));
        if (metrics.length === 0) w.fail('a metric widget needs at least one metric');
        const annotations = w.has('annotations') ? w.field('annotations').items().map((a) => this.annotation(a)) : undefined;
        return { type, title: this.text(w.field('title')), ...size(), metrics, annotations };
      }
      case 'search': {
        w.object(['type', 'title', 'width', 'height', 'expression', 'requires'], ['type', 'title', 'width', 'height', 'expression']);
        const expression = w.field('expression');
        const match = SEARCH.exec(expression.string());
        if (!match) return expression.fail('expected SEARCH(\'{Namespace,Dimension,...} MetricName="Name" ...\', \'Stat\', period)');
        const [namespace, ...dims] = match[1].split(',').map((s) => s.trim());
        this.checkMetric(expression, namespace, match[2], dims);
        return { type, title: this.text(w.field('title')), ...size(), expression: this.text(expression) };
      }
      case 'logs': {
        w.object(['type', 'title', 'width', 'height', 'logGroups', 'query', 'requires'], ['type', 'title', 'width', 'height', 'logGroups', 'query']);
        const logGroups = w.field('logGroups').items().map((g) => this.text(g));
        if (logGroups.length === 0) w.fail('a logs widget needs at least one log group');
        return { type, title: this.text(w.field('title')), ...size(), logGroups, query: this.text(w.field('query')) };
      }
      case 'text':
        w.object(['type', 'width', 'height', 'markdown', 'requires'], ['type', 'width', 'height', 'markdown']);
        return { type, ...size(), markdown: this.text(w.field('markdown')) };
    }
  }

  private metric(m: JsonReader): MetricSpec {
    m.object(['namespace', 'metric', 'stat', 'period', 'dimensions', 'label'], ['namespace', 'metric', 'stat', 'period', 'dimensions']);
    const namespace = m.field('namespace').string();
    const metric = m.field('metric').string();
    const dimsReader = m.field('dimensions');
    const dimNames = dimsReader.keys();
    this.checkMetric(m, namespace, metric, dimNames);
    const period = m.field('period').number(60, 86400);
    if (period % 60 !== 0) m.field('period').fail('must be a multiple of 60');
    const dimensions: Record<string, string> = {};
    for (const name of dimNames) dimensions[name] = this.text(dimsReader.field(name));
    return {
      namespace: this.text(m.field('namespace')),
      metric,
      stat: m.field('stat').string(STAT),
      period,
      dimensions,
      label: m.has('label') ? this.text(m.field('label')) : undefined,
    };
  }

  private annotation(a: JsonReader): AnnotationSpec {
    a.object(['label', 'value']);
    return { label: this.text(a.field('label')), value: this.numeric(a.field('value')) };
  }

  private alarm(a: JsonReader): MetricAlarmSpec {
    const common = ['id', 'description', 'runbook', 'severity', 'comparison', 'threshold', 'evaluationPeriods', 'datapointsToAlarm', 'treatMissingData'];
    const isExpression = a.has('expression');
    if (isExpression) a.object([...common, 'expression', 'metrics', 'label', 'requires'], [...common, 'expression', 'metrics']);
    else a.object([...common, 'metric', 'requires'], [...common, 'metric']);
    const evaluationPeriods = a.field('evaluationPeriods').number(1, 100);
    const datapointsToAlarm = a.field('datapointsToAlarm').number(1, evaluationPeriods);
    let metrics: Record<string, MetricSpec> | undefined;
    if (isExpression) {
      const reader = a.field('metrics');
      metrics = {};
      for (const key of reader.keys()) {
        if (!/^[a-z][a-zA-Z0-9_]*$/.test(key)) reader.fail(`metric id "${key}" must start with a lowercase letter`);
        metrics[key] = this.metric(reader.field(key));
      }
      if (Object.keys(metrics).length === 0) reader.fail('an expression needs at least one metric');
    }
    return {
      ...this.alarmCommon(a),
      metric: isExpression ? undefined : this.metric(a.field('metric')),
      expression: isExpression ? this.text(a.field('expression')) : undefined,
      metrics,
      label: a.has('label') ? this.text(a.field('label')) : undefined,
      comparison: a.field('comparison').oneOf(COMPARISONS),
      threshold: this.numeric(a.field('threshold')),
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: a.field('treatMissingData').oneOf(MISSING),
    };
  }

  private composite(c: JsonReader): CompositeAlarmSpec {
    c.object(['id', 'description', 'runbook', 'severity', 'anyOf', 'requires'], ['id', 'description', 'runbook', 'severity', 'anyOf']);
    const anyOf = c.field('anyOf').items().map((m) => m.string(ID));
    if (anyOf.length === 0) c.fail('anyOf needs at least one alarm id');
    return { ...this.alarmCommon(c), anyOf };
  }

  private alarmCommon(a: JsonReader) {
    const id = a.field('id').string(ID);
    const runbook = a.field('runbook').string();
    if (runbook !== `docs/runbooks/${id}.md`) a.field('runbook').fail(`must be docs/runbooks/${id}.md`);
    if (this.props.runbookExists && !this.props.runbookExists(runbook)) a.field('runbook').fail(`${runbook} does not exist`);
    return {
      id,
      description: this.text(a.field('description')),
      runbook,
      severity: a.field('severity').oneOf(SEVERITIES),
    };
  }

  /** Whether an entry's `requires` (a list of FEATURES) are all features of the service. */
  private wanted(entry: JsonReader): boolean {
    if (!entry.has('requires')) return true;
    const required = entry.field('requires').items().map((f) => f.oneOf(FEATURES));
    if (required.length === 0) entry.field('requires').fail('list at least one feature, or leave "requires" out');
    return required.every((f) => this.props.features?.has(f) ?? true);
  }

  private checkMetric(at: JsonReader, namespace: string, metric: string, dims: readonly string[]): void {
    const problem = this.props.contract.check(namespace, metric, dims);
    if (problem) at.fail(problem);
  }

  /** A string with its placeholders substituted. */
  private text(r: JsonReader): string {
    return substitute(r.string(), this.props.values, r.path);
  }

  /** A number, or a string of placeholders that resolves to one (e.g. "${memoryMb}"). */
  private numeric(r: JsonReader): number {
    if (typeof r.value === 'number') return r.number(-1e12, 1e12, false);
    const value = Number(this.text(r));
    if (!Number.isFinite(value)) r.fail(`"${r.value}" does not resolve to a number`);
    return value;
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}
