import Ajv2020 from 'ajv/dist/2020';
import { parseSearchExpression } from '@serverless-axum/cdk';
import { DASHBOARD_BODY_SCHEMA } from '../support/dashboardBodySchema';
import { synthPlatform } from '../support/synthPlatform';

const validate = new Ajv2020({ allErrors: true, strict: true, strictTuples: false }).compile(DASHBOARD_BODY_SCHEMA);

interface Widget { x: number; y: number; width: number; height: number; type: string; properties: Record<string, unknown> }

/** The fleet dashboard's body as the prod stack deploys it; CloudFormation values inside it become `<token>`. */
function fleetDashboardBody(): { widgets: Widget[] } {
  const { template } = synthPlatform().of('prod');
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards.length).toBe(1);
  const body = dashboards[0].Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<token>')).join('');
  return JSON.parse(text);
}

describe('the fleet dashboard, rendered by the CDK library', () => {
  const body = fleetDashboardBody();

  it('is a valid CloudWatch dashboard body', () => {
    const ok = validate(JSON.parse(JSON.stringify(body)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('lays widgets out inside the 24-column grid without overlap', () => {
    const cells = new Set<string>();
    for (const w of body.widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) for (let y = w.y; y < w.y + w.height; y++) {
        expect(cells.has(`${x},${y}`)).toBe(false);
        cells.add(`${x},${y}`);
      }
    }
  });

  it('renders every SEARCH as a parseable metric-math expression', () => {
    const expressions = body.widgets
      .flatMap((w) => (w.properties.metrics as unknown[][] | undefined) ?? [])
      .flatMap((row) => row.filter((item): item is { expression: string } => typeof item === 'object' && item !== null && 'expression' in item));
    expect(expressions.length).toBeGreaterThanOrEqual(6);
    for (const e of expressions) expect(() => parseSearchExpression(e.expression)).not.toThrow();
  });

  it('the schema rejects what CloudWatch would reject', () => {
    const bad = (mutate: (b: { widgets: Widget[] }) => void) => {
      const copy = JSON.parse(JSON.stringify(body));
      mutate(copy);
      return validate(copy);
    };
    const search = (b: { widgets: Widget[] }) => b.widgets.find((w) => Array.isArray(w.properties.metrics))!;
    expect(bad((b) => { b.widgets[0].width = 25; })).toBe(false);
    expect(bad((b) => { b.widgets[0].type = 'chart'; })).toBe(false);
    expect(bad((b) => { delete search(b).properties.region; })).toBe(false);
    expect(bad((b) => { search(b).properties.colour = 'red'; })).toBe(false);
    expect(bad((b) => { const last = b.widgets[b.widgets.length - 1]; last.properties.query = 'fields @message'; })).toBe(false);
  });
});
