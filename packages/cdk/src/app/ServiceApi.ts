import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ThrottleConfig } from '../config/ServiceConfig';
import { fixedNameLogGroup } from '../logs/fixedNameLogGroup';

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
   * Keep the access log group when the stack is deleted.
   * @default false
   */
  readonly retainLogs?: boolean;
  readonly description?: string;
}

/**
 * The REST API in front of the function: `/` and `/{proxy+}` proxy every method to it, binary bodies pass through
 * (`*\/*`), the stage has metrics, tracing, throttling and JSON access logs in their own log group.
 */
export class ServiceApi extends Construct {
  public readonly api: apigateway.RestApi;
  public readonly accessLogGroup: logs.LogGroup;

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
    this.api.root.addMethod('ANY', integration);
    this.api.root.addResource('{proxy+}').addMethod('ANY', integration);

    const acknowledge = (rule: string, reason: string) => Validations.of(this.api).acknowledge({ id: rule, reason });
    acknowledge(
      'AwsSolutions-APIG2',
      'Requests are validated by the service itself (typed extractors answering problem+json, described in /openapi.json); a proxy integration has no models to validate against.',
    );
    acknowledge(
      'AwsSolutions-APIG3',
      'No per-service WAF web ACL: stage throttling bounds abuse, and a web ACL per preview environment would cost more than the service; attach an account-level ACL from the platform when needed.',
    );
    acknowledge(
      'AwsSolutions-APIG4',
      'The template ships a public API; authentication is an application concern added per service (an authorizer or in-service auth).',
    );
    acknowledge('AwsSolutions-COG4', 'See AwsSolutions-APIG4: no Cognito user pool is part of the template.');
    acknowledge(
      'AwsSolutions-APIG6',
      'Per-request JSON access logs and the function\'s own logs are kept; execution logging would create the unmanaged log group API-Gateway-Execution-Logs_<id>/<stage>, which has no retention and outlives the stack.',
    );
  }
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
