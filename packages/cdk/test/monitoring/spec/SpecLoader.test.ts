import { CONFIG, loader, PROD, readSpec } from '../../support/specs';

describe('SpecLoader', () => {
  test('substitutes placeholders, numeric ones included', () => {
    const d = loader().parseDashboard(readSpec('dashboards/service.json'), 'd');
    expect(d.name).toBe(PROD.dashboardName);
    const memory = d.widgets.find((w) => w.type === 'metric' && w.title.startsWith('Max memory'));
    expect(memory).toMatchObject({ metrics: [{ namespace: `ServerlessAxum/Logs/${PROD.functionName}`, dimensions: {} }], annotations: [{ value: CONFIG.memoryMb }] });
    const a = loader().parseAlarms(readSpec('alarms/service.json'), 'a');
    expect(a.alarms.find((x) => x.id === 'lambda-duration')).toMatchObject({ expression: `100 * duration / ${CONFIG.timeoutSeconds * 1000}` });
    expect(a.alarms.find((x) => x.id === 'lambda-errors')?.metric?.dimensions).toEqual({ FunctionName: PROD.functionName });
  });

  describe('"requires": entries for features the service lacks are left out', () => {
    const files = (extra: object) => ({ type: 'metric', title: 'files', width: 6, height: 6, ...extra,
      metrics: [{ namespace: 'ServerlessAxum', metric: 'BytesIn', stat: 'Sum', period: 60, dimensions: { Service: '${service}', Environment: '${env}' } }] });
    const dashboard = { name: 'n', widgets: [{ type: 'text', width: 6, height: 6, markdown: 'x' }, files({ requires: ['filesApi'] })] };

    test('a widget is kept with the feature and dropped without it', () => {
      expect(loader(new Set(['filesApi'])).parseDashboard(dashboard, 'd').widgets.map((w) => w.type)).toEqual(['text', 'metric']);
      expect(loader(new Set()).parseDashboard(dashboard, 'd').widgets.map((w) => w.type)).toEqual(['text']);
    });

    test('a dropped widget is not checked against the metric contract; a kept one is', () => {
      const unknown = { name: 'n', widgets: [{ ...files({ requires: ['filesApi'] }), metrics: [{ namespace: 'ServerlessAxum', metric: 'Uploads', stat: 'Sum', period: 60, dimensions: {} }] }] };
      expect(loader(new Set()).parseDashboard(unknown, 'd').widgets).toEqual([]);
      expect(() => loader(new Set(['filesApi'])).parseDashboard(unknown, 'd')).toThrow(/ServerlessAxum\/Uploads is not in the metric catalog \(metrics\/catalog.json/);
    });

    test('an unknown feature or an empty list is refused', () => {
      expect(() => loader(new Set()).parseDashboard({ name: 'n', widgets: [files({ requires: ['files'] })] }, 'd')).toThrow(/requires\[0\]: expected one of filesApi/);
      expect(() => loader(new Set()).parseDashboard({ name: 'n', widgets: [files({ requires: [] })] }, 'd')).toThrow(/at least one feature/);
    });

    test('a dropped alarm leaves its composites, which are dropped when no member remains', () => {
      const spec = readSpec('alarms/service.json');
      spec.alarms[0].requires = ['filesApi'];
      spec.composites.push({ ...spec.composites[0], id: 'lambda-errors', runbook: 'docs/runbooks/lambda-errors.md', anyOf: [spec.alarms[0].id] });
      spec.alarms[0].id = 'lambda-crashes';
      spec.composites[0].anyOf[0] = 'lambda-crashes';
      spec.composites[1].anyOf = ['lambda-crashes'];
      // The service's compute stays (its alarms are the composite's other members); only the Files API is missing.
      const without = loader(new Set(['lambda'])).parseAlarms(spec, 'a');
      expect(without.alarms.map((a) => a.id)).not.toContain('lambda-crashes');
      expect(without.composites.map((c) => c.id)).toEqual(['service-unhealthy']);
      expect(without.composites[0].anyOf).not.toContain('lambda-crashes');
      // It keeps every other member of the service's compute (the other compute's alarms are dropped like lambda-crashes).
      const ofOtherCompute = (id: string) => spec.alarms.find((a: any) => a.id === id)?.requires?.includes('fargate');
      expect(without.composites[0].anyOf).toEqual(spec.composites[0].anyOf.filter((id: string) => id !== 'lambda-crashes' && !ofOtherCompute(id)));
    });
  });

  const alarms = () => readSpec('alarms/service.json');

  test.each([
    ['an unknown placeholder', (s: any) => (s.alarms[0].description = 'for ${function}'), /unknown placeholder \$\{function\}/],
    ['an unknown field', (s: any) => (s.alarms[0].treshold = 1), /alarms\[0\]: unknown field "treshold"/],
    ['an unknown top-level field', (s: any) => (s.dashboards = []), /unknown field "dashboards"/],
    ['a bad stat', (s: any) => (s.alarms[0].metric.stat = 'P99'), /stat: "P99" does not match/],
    ['a period that is not a multiple of 60', (s: any) => (s.alarms[0].metric.period = 90), /multiple of 60/],
    ['datapointsToAlarm above evaluationPeriods', (s: any) => (s.alarms[0].datapointsToAlarm = 9), /datapointsToAlarm/],
    ['a runbook elsewhere than docs/runbooks/<id>.md', (s: any) => (s.alarms[0].runbook = 'docs/errors.md'), /must be docs\/runbooks\/lambda-errors.md/],
    ['a missing runbook', (s: any) => { s.alarms[0].id = 'lambda-crashes'; s.alarms[0].runbook = 'docs/runbooks/lambda-crashes.md'; }, /does not exist/],
    ['a duplicate id', (s: any) => { s.alarms[1].id = s.alarms[0].id; s.alarms[1].runbook = s.alarms[0].runbook; }, /duplicate alarm id "lambda-errors"/],
    ['a composite of an unknown alarm', (s: any) => s.composites[0].anyOf.push('api-4xx-rate'), /unknown alarm "api-4xx-rate"/],
    ['a threshold that is no number', (s: any) => (s.alarms[0].threshold = '${service}'), /does not resolve to a number/],
    ['an expression metric id the expression language refuses', (s: any) => { const a = s.alarms.find((x: any) => x.expression); a.metrics.M1 = a.metrics[Object.keys(a.metrics)[0]]; }, /must start with a lowercase letter/],
  ])('fails on %s', (_, mutate, message) => {
    const spec = alarms();
    mutate(spec);
    expect(() => loader().parseAlarms(spec, 'alarms')).toThrow(message);
  });

  test('fails on an unknown widget type and on an unknown field in a widget', () => {
    expect(() => loader().parseDashboard({ name: 'n', widgets: [{ type: 'alarm', width: 6, height: 6 }] }, 'd')).toThrow(/expected one of metric, search, logs, text/);
    expect(() => loader().parseDashboard({ name: 'n', widgets: [{ type: 'text', width: 6, height: 6, markdown: 'x', color: 'red' }] }, 'd')).toThrow(/unknown field "color"/);
  });
});
