import { parseSearchExpression, requiredTermValues } from '../../../src/monitoring/spec/SearchExpression';

describe('parseSearchExpression', () => {
  it('parses schema, terms, statistic and period', () => {
    const e = parseSearchExpression(`SEARCH('{AWS/ApiGateway,ApiName,Stage} MetricName="5XXError"', 'Sum', 300)`);
    expect(e.schema).toEqual({ namespace: 'AWS/ApiGateway', dimensions: ['ApiName', 'Stage'] });
    expect(e.query).toEqual({ kind: 'term', key: 'MetricName', op: '=', value: '5XXError', quoted: true });
    expect(e.stat).toBe('Sum');
    expect(e.period).toBe(300);
  });

  it('parses boolean operators, parentheses, partial terms, quoted namespaces and no period', () => {
    const e = parseSearchExpression(
      `SEARCH(' {"Custom/Ns with space", Service} (MetricName="Errors" OR MetricName="Latency") AND NOT Service:orders Environment=prod ', 'p90')`,
    );
    expect(e.schema?.namespace).toBe('Custom/Ns with space');
    expect(e.period).toBeUndefined();
    expect(e.stat).toBe('p90');
    expect(e.query?.kind).toBe('and');
    expect(requiredTermValues(e.query, 'MetricName')).toEqual(['Errors', 'Latency']);
    expect(requiredTermValues(e.query, 'Service')).toEqual([]);
    expect(requiredTermValues(e.query, 'Environment')).toEqual(['prod']);
  });

  it('accepts a query with no schema', () => {
    expect(parseSearchExpression(`SEARCH('Lambda Errors', 'Sum')`).schema).toBeUndefined();
  });

  it.each([
    ['missing SEARCH', `FIND('{AWS/Lambda} x', 'Sum', 60)`, /expected 'SEARCH'/],
    ['unterminated query', `SEARCH('{AWS/Lambda} x, 'Sum', 60)`, /expected/],
    ['unknown statistic', `SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors"', 'Total', 60)`, /unknown statistic/],
    ['bad period', `SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors"', 'Sum', 90)`, /period 90/],
    ['unclosed schema', `SEARCH('{AWS/Lambda,FunctionName MetricName="Errors"', 'Sum', 60)`, /expected '}'/],
    ['repeated dimension', `SEARCH('{AWS/Lambda,FunctionName,FunctionName}', 'Sum', 60)`, /repeated dimension/],
    ['unbalanced parenthesis', `SEARCH('{AWS/Lambda} (Errors OR Throttles', 'Sum', 60)`, /expected '\)'/],
    ['dangling operator', `SEARCH('{AWS/Lambda} Errors OR', 'Sum', 60)`, /expected a search term/],
    ['leading operator', `SEARCH('{AWS/Lambda} AND Errors', 'Sum', 60)`, /left operand/],
    ['missing value', `SEARCH('{AWS/Lambda} MetricName= ', 'Sum', 60)`, /missing value/],
    ['empty query', `SEARCH('  ', 'Sum', 60)`, /empty search query/],
    ['trailing text', `SEARCH('{AWS/Lambda} Errors', 'Sum', 60) + 1`, /unexpected text/],
  ])('rejects %s', (_name, source, message) => {
    expect(() => parseSearchExpression(source)).toThrow(message);
  });
});
