import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { MetricCatalog } from './MetricCatalog';
import { AlarmSpec, AlarmsSpec, COMPARISONS, SEVERITIES, TREAT_MISSING_DATA } from './MonitoringSpec';
import { PlaceholderValues } from './Placeholders';
import { METRIC_FIELDS, readMetricSpec } from './readMetricSpec';
import { SpecReader } from './SpecReader';

const ALARM_FIELDS = [
  'id', 'description', 'runbook', 'severity', 'metric', 'comparison', 'threshold', 'evaluationPeriods',
  'datapointsToAlarm', 'treatMissingData',
] as const;

function readAlarm(raw: unknown, where: string, values: PlaceholderValues, catalog: MetricCatalog, repoRoot: string): AlarmSpec {
  const r = new SpecReader(raw, where, values, ALARM_FIELDS);
  const id = r.string('id');
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) throw new Error(`${where}.id: "${id}" is not kebab-case`);
  const runbook = r.string('runbook');
  if (!existsSync(join(repoRoot, runbook))) throw new Error(`${where}.runbook: ${runbook} does not exist`);
  const evaluationPeriods = r.integer('evaluationPeriods', 1, 100);
  const datapointsToAlarm = r.optionalInteger('datapointsToAlarm', 1, evaluationPeriods);
  return {
    id,
    description: r.string('description'),
    runbook,
    severity: r.oneOf('severity', SEVERITIES),
    metric: readMetricSpec(r.child('metric', METRIC_FIELDS), catalog),
    comparison: r.oneOf('comparison', COMPARISONS),
    threshold: r.numberOrPlaceholder('threshold'),
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: r.oneOf('treatMissingData', TREAT_MISSING_DATA, 'missing'),
  };
}

/** Parses an alarms definition: strict fields, known placeholders, catalog metrics, existing runbooks, unique ids. */
export function parseAlarmsSpec(raw: unknown, values: PlaceholderValues, catalog: MetricCatalog, repoRoot: string, where = 'alarms'): AlarmsSpec {
  const r = new SpecReader(raw, where, values, ['alarms']);
  const alarms = r.array('alarms').map((a, i) => readAlarm(a, `${where}.alarms[${i}]`, values, catalog, repoRoot));
  const seen = new Set<string>();
  for (const alarm of alarms) {
    if (seen.has(alarm.id)) throw new Error(`${where}: duplicate alarm id "${alarm.id}"`);
    seen.add(alarm.id);
  }
  return { alarms };
}

/** Reads and parses an alarms definition file; runbook paths are relative to `repoRoot`. */
export function loadAlarmsSpec(file: string, values: PlaceholderValues, catalog: MetricCatalog, repoRoot: string): AlarmsSpec {
  return parseAlarmsSpec(JSON.parse(readFileSync(file, 'utf8')), values, catalog, repoRoot, file);
}
