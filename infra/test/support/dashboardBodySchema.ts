/**
 * JSON schema for the parts of the CloudWatch dashboard body we render (metric, log and text widgets), written from
 * AWS "Dashboard Body Structure and Syntax". Unknown properties are rejected so typos cannot slip through.
 */
const metricRendering = {
  type: 'object',
  additionalProperties: false,
  properties: {
    accountId: { type: 'string' }, color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' }, expression: { type: 'string', minLength: 1 },
    id: { type: 'string', pattern: '^[a-z][A-Za-z0-9_]*$' }, label: { type: 'string' }, period: { type: 'integer', minimum: 1 },
    region: { type: 'string' }, stat: { type: 'string' }, visible: { type: 'boolean' }, yAxis: { enum: ['left', 'right'] },
  },
};

const metricRow = {
  type: 'array',
  minItems: 1,
  oneOf: [
    // [ { expression, id?, ... } ]: an expression only needs an id when another expression refers to it (aws-cdk-lib
    // renders the fleet's SEARCH expressions without one).
    { prefixItems: [{ ...metricRendering, required: ['expression'] }], minItems: 1, maxItems: 1, items: false },
    // [ Namespace, MetricName, (DimName, DimValue)*, { rendering }? ]
    { prefixItems: [{ type: 'string', minLength: 1 }, { type: 'string', minLength: 1 }], minItems: 2, items: { anyOf: [{ type: 'string' }, metricRendering] } },
  ],
};

const common = {
  x: { type: 'integer', minimum: 0, maximum: 23 },
  y: { type: 'integer', minimum: 0 },
  width: { type: 'integer', minimum: 1, maximum: 24 },
  height: { type: 'integer', minimum: 1, maximum: 1000 },
};

const metricWidget = {
  type: 'object', additionalProperties: false, required: ['type', 'properties'],
  properties: {
    type: { const: 'metric' }, ...common,
    properties: {
      type: 'object', additionalProperties: false, required: ['metrics', 'region'],
      properties: {
        accountId: { type: 'string' }, annotations: { type: 'object' }, liveData: { type: 'boolean' }, legend: { type: 'object' },
        metrics: { type: 'array', minItems: 1, maxItems: 500, items: metricRow },
        period: { type: 'integer', minimum: 1 }, region: { type: 'string', minLength: 1 }, stat: { type: 'string' },
        title: { type: 'string' }, view: { enum: ['timeSeries', 'singleValue', 'gauge', 'bar', 'pie'] },
        stacked: { type: 'boolean' }, setPeriodToTimeRange: { type: 'boolean' }, sparkline: { type: 'boolean' },
        trend: { type: 'boolean' }, yAxis: { type: 'object' }, table: { type: 'object' },
      },
    },
  },
};

const logWidget = {
  type: 'object', additionalProperties: false, required: ['type', 'properties'],
  properties: {
    type: { const: 'log' }, ...common,
    properties: {
      type: 'object', additionalProperties: false, required: ['query', 'region'],
      properties: {
        accountId: { type: 'string' }, query: { type: 'string', pattern: "^SOURCE '[^']+'( \\| SOURCE '[^']+')* \\| \\S" },
        region: { type: 'string', minLength: 1 }, title: { type: 'string' },
        view: { enum: ['table', 'timeSeries', 'bar', 'pie'] }, stacked: { type: 'boolean' },
      },
    },
  },
};

const textWidget = {
  type: 'object', additionalProperties: false, required: ['type', 'properties'],
  properties: {
    type: { const: 'text' }, ...common,
    properties: {
      type: 'object', additionalProperties: false, required: ['markdown'],
      properties: { markdown: { type: 'string', minLength: 1 }, background: { enum: ['solid', 'transparent'] } },
    },
  },
};

export const DASHBOARD_BODY_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['widgets'],
  properties: {
    start: { type: 'string' },
    end: { type: 'string' },
    periodOverride: { enum: ['auto', 'inherit'] },
    variables: { type: 'array' },
    widgets: { type: 'array', maxItems: 500, items: { oneOf: [metricWidget, logWidget, textWidget] } },
  },
};
