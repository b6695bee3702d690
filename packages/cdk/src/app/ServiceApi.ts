import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ThrottleConfig } from '../config/ServiceConfig';
import { PROBLEM_TYPE_BASE } from '../contracts';
import { fixedNameLogGroup } from '../logs/fixedNameLogGroup';

/**
 * How the API authenticates requests (docs/auth.md).
 * - `cognito`: a Cognito user-pools authorizer on every method but GET/HEAD of the public paths; it lets through
 *   access tokens of the pool holding any of `scopes`, and the service checks the claims again (issuer, client,
 *   each route's scope) from the authorizer's context.
 * - `service`: tokens of another OIDC issuer; REST APIs have no JWT authorizer for those, so the service's own check
 *   (signature by the issuer's keys, issuer, audience, scopes) is the only gate, and every method reaches it.
 */
export type ApiAuth =
  | {
      readonly kind: 'cognito';
      readonly userPool: cognito.IUserPool;
      /** `<identifier>/<scope>` of every scope of the API. */
      readonly scopes: readonly string[];
      /** Paths anyone may GET and HEAD without a token. */
      readonly publicPaths: readonly string[];
    }
  | { readonly kind: 'service' };

/** Props of {@link ServiceApi}. */
export interface ServiceApiProps {
  readonly apiName: string;
  readonly stageName: string;
  readonly accessLogGroupName: string;
  readonly logRetention: logs.RetentionDays;
  /** What every route proxies to: the function, or its `live` alias in prod. */
  readonly handler: lambda.IFunction;
  readonly throttle: ThrottleConfig;
  /**
   * Authentication of the API.
   * @default - none: a public API (`"auth": null`)
   */
  readonly auth?: ApiAuth;
  /**
   * Keep the access log group when the stack is deleted.
   * @default false
   */
  readonly retainLogs?: boolean;
  readonly description?: string;
}

/**
 * The REST API in front of the function: `/` and `/{proxy+}` proxy every method to it, binary bodies pass through
 * (`*\/*`), the stage has metrics, tracing, throttling and JSON access logs in their own log group.
 *
 * With Cognito auth, every method has the user-pools authorizer (with the API's scopes) except GET and HEAD of each
 * public path, which get a resource of their own; the authorizer's refusals (401, 403) are problem+json like the
 * service's own errors (gateway responses).
 *
 * Known limit: with another OIDC issuer (Auth0, Okta, Entra ID) there is no authorizer at all. REST APIs (v1) have no
 * JWT authorizer (HTTP APIs do), so the service's own token check is the gate, and an anonymous request reaches the
 * function (and costs an invocation) before it is refused. REST v1 stays nonetheless, for what the platform builds on
 * it: canary deploys of the `live` alias behind one stage, per-request JSON access logs with the fields the
 * dashboards and alarms read, stage throttling, X-Ray, and the existing `AWS/ApiGateway` monitoring (`ApiName` and
 * `Stage` dimensions). A Lambda TOKEN authorizer would close the gap at the price of a second function.
 */
export class ServiceApi extends Construct {
  public readonly api: apigateway.RestApi;
  public readonly accessLogGroup: logs.LogGroup;
  /** The Cognito authorizer (Cognito auth only). */
  public readonly authorizer?: apigateway.CognitoUserPoolsAuthorizer;

  constructor(scope: Construct, id: string, props: ServiceApiProps) {
    super(scope, id);
    this.accessLogGroup = fixedNameLogGroup(this, 'AccessLogs', {
      logGroupName: props.accessLogGroupName, retention: props.logRetention, retain: props.retainLogs ?? false,
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: props.apiName,
      description: props.description,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      binaryMediaTypes: ['*/*'],
      cloudWatchRole: false,
      deployOptions: {
        stageName: props.stageName,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(),
      },
    });
    const integration = new apigateway.LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false });
    const auth = props.auth;
    let protectedMethod: apigateway.MethodOptions = {};
    if (auth?.kind === 'cognito') {
      this.authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
        authorizerName: `${props.apiName}-cognito`,
        cognitoUserPools: [auth.userPool],
      });
      protectedMethod = {
        authorizer: this.authorizer,
        authorizationType: apigateway.AuthorizationType.COGNITO,
        authorizationScopes: [...auth.scopes],
      };
    }
    this.api.root.addMethod('ANY', integration, protectedMethod);
    this.api.root.addResource('{proxy+}').addMethod('ANY', integration, protectedMethod);

    if (auth?.kind === 'cognito') {
      for (const publicPath of auth.publicPaths) {
        const resource = this.api.root.resourceForPath(publicPath);
        for (const method of PUBLIC_METHODS) {
          const m = resource.addMethod(method, integration, { authorizationType: apigateway.AuthorizationType.NONE });
          const reason = `${method} ${publicPath} is public by design (auth.publicPaths: health checks, the OpenAPI document and its docs page, which hold no data); every other method and path has the Cognito authorizer.`;
          Validations.of(m).acknowledge({ id: 'AwsSolutions-APIG4', reason });
          Validations.of(m).acknowledge({ id: 'AwsSolutions-COG4', reason });
        }
        // Any other method of a public path still needs a token (then the service answers 405 problem+json).
        resource.addMethod('ANY', integration, protectedMethod);
      }
      addProblemResponses(this.api);
    }
    addThrottledResponse(this.api);

    const acknowledge = (rule: string, reason: string) => Validations.of(this.api).acknowledge({ id: rule, reason });
    acknowledge(
      'AwsSolutions-APIG2',
      'Requests are validated by the service itself (typed extractors answering problem+json, described in /openapi.json); a proxy integration has no models to validate against.',
    );
    acknowledge(
      'AwsSolutions-APIG3',
      'No per-service WAF web ACL: stage throttling bounds abuse, and a web ACL per preview environment would cost more than the service; attach an account-level ACL from the platform when needed.',
    );
    if (auth === undefined) {
      acknowledge('AwsSolutions-APIG4', 'A public API by the service\'s choice ("auth": null in service.config.json, the cargo-generate answer auth=none): no method checks a token.');
      acknowledge('AwsSolutions-COG4', 'A public API by the service\'s choice ("auth": null in service.config.json): there is no user pool to authorize with.');
    } else if (auth.kind === 'service') {
      const reason = 'Tokens come from an external OIDC issuer (auth.issuer), for which REST APIs have no JWT authorizer: the service verifies every token itself (signature by the issuer\'s published keys, issuer, audience, scopes) before any route runs.';
      acknowledge('AwsSolutions-APIG4', reason);
      acknowledge('AwsSolutions-COG4', reason);
    }
    acknowledge(
      'AwsSolutions-APIG6',
      'Per-request JSON access logs and the function\'s own logs are kept; execution logging would create the unmanaged log group API-Gateway-Execution-Logs_<id>/<stage>, which has no retention and outlives the stack.',
    );
  }
}

/** Methods of a public path that need no token. */
const PUBLIC_METHODS = ['GET', 'HEAD'] as const;

/**
 * The authorizer's refusals as RFC 9457 problem+json, the kit's shape (`type`, `title`, `status`, `detail`,
 * `instance`, `request_id`), instead of API Gateway's `{"message":"Unauthorized"}`. `instance` is the request path as
 * API Gateway has it (with the stage). Gateway response headers take only static values or request parameters, not
 * `$context.requestId`, so there is no `X-Request-Id` header: the id is in the body.
 */
function addProblemResponses(api: apigateway.RestApi): void {
  const problem = (slug: string, title: string, status: number, detail: string) => JSON.stringify({
    type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, detail, instance: '$context.path', request_id: '$context.requestId',
  });
  api.addGatewayResponse('Unauthorized', {
    type: apigateway.ResponseType.UNAUTHORIZED,
    statusCode: '401',
    responseHeaders: { 'WWW-Authenticate': "'Bearer'", 'Content-Type': "'application/problem+json'" },
    templates: {
      'application/json': problem('unauthorized', 'Unauthorized', 401,
        'A valid bearer token of this API is required: send an OAuth 2 access token holding one of its scopes in the Authorization header.'),
    },
  });
  api.addGatewayResponse('AccessDenied', {
    type: apigateway.ResponseType.ACCESS_DENIED,
    statusCode: '403',
    responseHeaders: { 'Content-Type': "'application/problem+json'" },
    templates: { 'application/json': problem('forbidden', 'Forbidden', 403, 'The token does not allow this request.') },
  });
}

/**
 * The stage throttle's refusal as problem+json with `Retry-After`, instead of API Gateway's
 * `{"message":"Too Many Requests"}`: the 429 every operation's OpenAPI description lists (the kit's
 * `complete_description`), with or without authentication.
 */
function addThrottledResponse(api: apigateway.RestApi): void {
  api.addGatewayResponse('Throttled', {
    type: apigateway.ResponseType.THROTTLED,
    statusCode: '429',
    responseHeaders: { 'Retry-After': "'1'", 'Content-Type': "'application/problem+json'" },
    templates: {
      'application/json': JSON.stringify({
        type: `${PROBLEM_TYPE_BASE}too-many-requests`,
        title: 'Too Many Requests',
        status: 429,
        detail: 'More requests than this API takes at once; retry after the seconds in Retry-After.',
        instance: '$context.path',
        request_id: '$context.requestId',
      }),
    },
  });
}

/** One JSON object per request. */
function accessLogFormat(): apigateway.AccessLogFormat {
  const f = apigateway.AccessLogField;
  return apigateway.AccessLogFormat.custom(
    JSON.stringify({
      requestId: f.contextRequestId(),
      extendedRequestId: f.contextExtendedRequestId(),
      requestTime: f.contextRequestTime(),
      ip: f.contextIdentitySourceIp(),
      userAgent: f.contextIdentityUserAgent(),
      httpMethod: f.contextHttpMethod(),
      resourcePath: f.contextResourcePath(),
      path: f.contextPath(),
      protocol: f.contextProtocol(),
      status: f.contextStatus(),
      responseLength: f.contextResponseLength(),
      responseLatency: f.contextResponseLatency(),
      integrationLatency: f.contextIntegrationLatency(),
      integrationStatus: f.contextIntegrationStatus(),
      errorMessage: f.contextErrorMessage(),
      xrayTraceId: f.contextXrayTraceId(),
    }),
  );
}
