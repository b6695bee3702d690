import Ajv2020 from 'ajv/dist/2020';
import { loadDashboardSpec, parseSearchExpression, renderDashboardBody } from '../../lib';
import { DASHBOARD_BODY_SCHEMA } from '../support/dashboardBodySchema';
import { CATALOG, FLEET_DASHBOARD, VALUES } from './fixtures';

const validate = new Ajv2020({ allErrors: true, strict: true, strictTuples: false }).compile(DASHBOARD_BODY_SCHEMA);

describe('renderDashboardBody', () => {
  const body = renderDashboardBody(loadDashboardSpec(FLEET_DASHBOARD, VALUES, CATALOG), 'eu-west-1');

  it('renders the fleet dashboard as a valid CloudWatch dashboard body', () => {
    const ok = validate(JSON.parse(JSON.stringify(body)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('lays widgets out inside the 24-column grid without overlap', () => {
    const cells = new Set<string>();
    for (const w of body.widgets as { x: number; y: number; width: number; height: number }[]) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) for (let y = w.y; y < w.y + w.height; y++) {
        expect(cells.has(`${x},${y}`)).toBe(false);
        cells.add(`${x},${y}`);
      }
    }
  });

  it('renders every SEARCH as a parseable metric-math expression', () => {
    const expressions = (body.widgets as { properties: { metrics?: unknown[][] } }[])
      .flatMap((w) => w.properties.metrics ?? [])
      .flatMap((row) => row.filter((item): item is { expression: string } => typeof item === 'object' && item !== null && 'expression' in item));
    expect(expressions.length).toBeGreaterThanOrEqual(6);
    for (const e of expressions) expect(() => parseSearchExpression(e.expression)).not.toThrow();
  });

  it('the schema rejects what CloudWatch would reject', () => {
    const bad = (mutate: (b: { widgets: Record<string, unknown>[] }) => void) => {
      const copy = JSON.parse(JSON.stringify(body));
      mutate(copy);
      return validate(copy);
    };
    expect(bad((b) => { b.widgets[0].width = 25; })).toBe(false);
    expect(bad((b) => { b.widgets[0].type = 'chart'; })).toBe(false);
    expect(bad((b) => { (b.widgets[1].properties as Record<string, unknown>).region = undefined; delete (b.widgets[1].properties as Record<string, unknown>).region; })).toBe(false);
    expect(bad((b) => { (b.widgets[1].properties as Record<string, unknown>).colour = 'red'; })).toBe(false);
    expect(bad((b) => { const last = b.widgets[b.widgets.length - 1]; (last.properties as Record<string, unknown>).query = 'fields @message'; })).toBe(false);
  });
});
