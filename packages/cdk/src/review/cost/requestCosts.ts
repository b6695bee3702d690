import { CostContext, PricedLine, PricedPart, pricedLine } from './pricedLine';
import { servingFunctions } from './servingFunctions';
import { resourcesOfType } from './templateQueries';

/**
 * What the requests cost beyond the function: API Gateway (REST or HTTP API, whichever the stacks have), the
 * buckets' storage and requests (at the profile's S3 figures, for all buckets together), and X-Ray traces when
 * tracing is on (active tracing on a serving function, or on an API stage).
 */
export function requestCosts(ctx: CostContext): PricedPart {
  const { stacks, prices, usage } = ctx;
  const lines: PricedLine[] = [];
  const notes: string[] = [];
  const restApis = resourcesOfType(stacks, 'AWS::ApiGateway::RestApi');
  if (restApis.length > 0) {
    lines.push(pricedLine(prices, 'apiGatewayRestRequest', {
      id: 'apigateway.rest.requests', service: 'API Gateway', description: 'REST API requests',
      quantity: usage.requestsPerMonth, resources: restApis.map((r) => r.path),
    }));
  }
  const httpApis = resourcesOfType(stacks, 'AWS::ApiGatewayV2::Api').filter((r) => r.resource.Properties?.ProtocolType === 'HTTP');
  if (httpApis.length > 0) {
    lines.push(pricedLine(prices, 'apiGatewayHttpRequest', {
      id: 'apigateway.http.requests', service: 'API Gateway', description: 'HTTP API requests',
      quantity: usage.requestsPerMonth, resources: httpApis.map((r) => r.path),
    }));
  }
  if (restApis.length > 0 && httpApis.length > 0) notes.push('The stacks have a REST API and an HTTP API: each is priced at all the requests.');

  const buckets = resourcesOfType(stacks, 'AWS::S3::Bucket').map((r) => r.path);
  if (buckets.length > 0) {
    const s3 = (id: string, priceKey: string, description: string, quantity: number) =>
      pricedLine(prices, priceKey, { id, service: 'S3', description, quantity, resources: buckets });
    lines.push(
      s3('s3.storage', 's3StorageGbMonth', 'Standard storage', usage.s3.storedGB),
      s3('s3.requests.put', 's3PutRequest', 'PUT, COPY, POST, LIST requests', usage.s3.putRequestsPerMonth),
      s3('s3.requests.get', 's3GetRequest', 'GET and other requests', usage.s3.getRequestsPerMonth),
    );
  }

  const tracedFunctions = servingFunctions(stacks).filter((f) => f.resource.Properties?.TracingConfig?.Mode === 'Active');
  const tracedStages = resourcesOfType(stacks, 'AWS::ApiGateway::Stage').filter((r) => r.resource.Properties?.TracingEnabled === true);
  const traced = [...tracedFunctions, ...tracedStages].map((r) => r.path);
  if (traced.length > 0) {
    lines.push(pricedLine(prices, 'xrayTraceRecorded', {
      id: 'xray.traces', service: 'X-Ray', description: 'Traces recorded', quantity: usage.requestsPerMonth, resources: traced,
    }));
  }
  return { lines, notes };
}
