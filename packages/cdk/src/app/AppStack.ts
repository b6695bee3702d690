import { CfnOutput, Duration, Fn, Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cognitoIssuer } from '../auth/ServiceUserPool';
import { Architecture, ServiceConfig, usesCognito } from '../config/ServiceConfig';
import { STACK_OUTPUTS } from '../contracts';
import { DeployEnvironment } from '../config/DeployEnvironment';
import { CustomMetricCatalog } from '../monitoring/catalog/CustomMetricCatalog';
import { ServiceMonitoring } from '../monitoring/ServiceMonitoring';
import { enabledFeatures } from '../monitoring/spec/Features';
import { ServiceNaming } from '../naming/ServiceNaming';
import { SafeDeployment } from './SafeDeployment';
import { ApiAuth, ServiceApi } from './ServiceApi';
import { FilesAccess, FunctionAuth, ServiceFunction } from './ServiceFunction';

/** Props of {@link AppStack}. */
export interface AppStackProps extends StackProps {
  readonly config: ServiceConfig;
  readonly deployEnv: DeployEnvironment;
  readonly naming: ServiceNaming;
  /** A directory holding `bootstrap`, or a `bootstrap.zip`. */
  readonly artifact: string;
  readonly architecture: Architecture;
  /** Metrics the service's code emits. */
  readonly catalog: CustomMetricCatalog;
  /** The service's root (dashboards/, alarms/, docs/runbooks/). */
  readonly serviceDir: string;
  /**
   * ARN of the alerts topic.
   * @default - from SSM `/platform/alerts-topic-arn` at deploy time
   */
  readonly alertsTopicArn?: string;
}

/**
 * The stateless stack, `<service>-<env>-app`: function, API and, in prod, monitoring and canary deployments.
 * Previews deploy all at once and have neither dashboard nor alarms.
 */
export class AppStack extends Stack {
  public readonly api: ServiceApi;
  public readonly function: ServiceFunction;
  public readonly monitoring?: ServiceMonitoring;
  public readonly deployment?: SafeDeployment;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, naming } = props;
    const prod = props.deployEnv.kind === 'prod';
    // With the Files API: the data stack's bucket, imported through its named exports.
    const files: FilesAccess | undefined = config.filesApi
      ? {
          bucket: s3.Bucket.fromBucketAttributes(this, 'FilesBucket', {
            bucketName: Fn.importValue(naming.exportName('files-bucket-name')),
            bucketArn: Fn.importValue(naming.exportName('files-bucket-arn')),
          }),
          bucketArnExport: naming.exportName('files-bucket-arn'),
          prefix: config.filesPrefix,
        }
      : undefined;
    const logRetention = (prod ? config.logRetentionDays.prod : config.logRetentionDays.preview) as logs.RetentionDays;
    const auth = authSettings(this, config, naming);

    this.function = new ServiceFunction(this, 'Service', {
      functionName: naming.functionName,
      roleName: naming.roleName('function'),
      logGroupName: naming.functionLogGroupName,
      description: config.description,
      artifact: props.artifact,
      architecture: props.architecture,
      environment: naming.env,
      memoryMb: config.memoryMb,
      timeoutSeconds: config.timeoutSeconds,
      logLevel: config.logLevel,
      logRetention,
      retainLogs: prod,
      // Prod's previous version must outlive the deploy that replaces it: it is what a rollback goes back to.
      retainVersions: prod,
      files,
      auth: auth?.function,
    });

    let handler: lambda.IFunction = this.function.function;
    if (prod) {
      this.monitoring = new ServiceMonitoring(this, 'Monitoring', {
        naming,
        region: this.region,
        memoryMb: config.memoryMb,
        timeoutMs: Duration.seconds(config.timeoutSeconds).toMilliseconds(),
        functionLogGroup: this.function.logGroup,
        catalog: props.catalog,
        serviceDir: props.serviceDir,
        runbookBaseUrl: `https://github.com/${config.repository}/blob/main/`,
        alertsTopicArn: props.alertsTopicArn,
        features: enabledFeatures(config),
      });
      this.deployment = new SafeDeployment(this, 'Deployment', { function: this.function.function });
      this.deployment.rollBackOn(this.monitoring.metricAlarms);
      handler = this.deployment.alias;
    }

    this.api = new ServiceApi(this, 'Api', {
      apiName: naming.apiName,
      stageName: naming.stageName,
      accessLogGroupName: naming.accessLogGroupName,
      description: config.description,
      logRetention,
      retainLogs: prod,
      handler,
      throttle: config.throttle,
      auth: auth?.api,
    });

    new CfnOutput(this, STACK_OUTPUTS.apiUrl, { value: this.api.api.url, description: 'Base URL of the API' });
    new CfnOutput(this, STACK_OUTPUTS.docsUrl, { value: `${this.api.api.url}docs`, description: 'API documentation (Swagger UI)' });
    if (this.monitoring) {
      const region = this.region;
      new CfnOutput(this, STACK_OUTPUTS.dashboardUrl, {
        value: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${naming.dashboardName}`,
        description: 'CloudWatch dashboard of the service',
      });
    }
  }
}

/** The API's and the function's auth settings. */
interface AuthSettings {
  readonly api: ApiAuth;
  readonly function: FunctionAuth;
}

/**
 * Cognito: the data stack's user pool and machine client, imported through their named exports; the issuer and
 * JWKS URL of the pool, its client (and any other audience of the config) as audience, `<service>/` as scope prefix.
 * Another issuer: its URL and audiences only (the service discovers its keys).
 */
function authSettings(stack: Stack, config: ServiceConfig, naming: ServiceNaming): AuthSettings | undefined {
  const auth = config.auth;
  if (auth === null) return undefined;
  if (!usesCognito(config)) {
    return { api: { kind: 'service' }, function: { issuer: auth.issuer, audience: auth.audience.join(',') } };
  }
  const userPoolId = Fn.importValue(naming.exportName('user-pool-id'));
  const clientId = Fn.importValue(naming.exportName('user-pool-client-id'));
  const userPool = cognito.UserPool.fromUserPoolArn(stack, 'UserPool', Fn.importValue(naming.exportName('user-pool-arn')));
  const issuer = cognitoIssuer(stack.region, userPoolId);
  const identifier = naming.service;
  return {
    api: {
      kind: 'cognito',
      userPool,
      scopes: Object.keys(auth.scopes).map((scope) => `${identifier}/${scope}`),
      publicPaths: auth.publicPaths,
    },
    function: {
      issuer,
      audience: [clientId, ...auth.audience].join(','),
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      scopePrefix: `${identifier}/`,
    },
  };
}
