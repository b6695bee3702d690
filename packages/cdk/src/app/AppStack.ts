import { CfnOutput, Duration, Fn, Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cognitoIssuer } from '../auth/ServiceUserPool';
import { Architecture, ServiceConfig, usesCognito } from '../config/ServiceConfig';
import { PLATFORM_PARAMETERS, PREVIEW_NETWORK_AZS, STACK_OUTPUTS } from '../contracts';
import { DeployEnvironment } from '../config/DeployEnvironment';
import { CustomMetricCatalog } from '../monitoring/catalog/CustomMetricCatalog';
import { ServiceMonitoring, ServiceMonitoringProps } from '../monitoring/ServiceMonitoring';
import { enabledFeatures } from '../monitoring/spec/Features';
import { ServiceNaming } from '../naming/ServiceNaming';
import { SafeDeployment } from './SafeDeployment';
import { ApiAuth, ServiceApi } from './ServiceApi';
import { ServiceContainer, SharedNetwork } from './ServiceContainer';
import { FilesAccess, FunctionAuth, ServiceFunction } from './ServiceFunction';

/** Props of {@link AppStack}. */
export interface AppStackProps extends StackProps {
  readonly config: ServiceConfig;
  readonly deployEnv: DeployEnvironment;
  readonly naming: ServiceNaming;
  /** A directory holding `bootstrap`, or a `bootstrap.zip` (compute `lambda`; required there). */
  readonly artifact?: string;
  /**
   * A pushed ECR image URI to run (compute `fargate`).
   * @default - built from the service's Dockerfile
   */
  readonly containerImage?: string;
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
 * The stateless stack, `<service>-<env>-app`. Compute `lambda`: function, API and, in prod, monitoring and canary
 * deployments. Compute `fargate`: VPC, load balancer, ECS service and, in prod, monitoring. Previews deploy all at
 * once and have neither dashboard nor alarms.
 */
export class AppStack extends Stack {
  /** The REST API (compute `lambda`). */
  public api?: ServiceApi;
  /** The function (compute `lambda`). */
  public function?: ServiceFunction;
  /** The tasks and their load balancer (compute `fargate`). */
  public container?: ServiceContainer;
  public monitoring?: ServiceMonitoring;
  /** The `live` alias and its canary deployments (compute `lambda`, prod). */
  public deployment?: SafeDeployment;

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

    const fargate = config.compute === 'fargate';
    const url = fargate
      ? this.buildContainer(props, { files, auth: auth?.function, logRetention, prod })
      : this.buildFunction(props, { files, auth, logRetention, prod });

    // ApiUrl ends in "/" on both computes (API Gateway's stage URL does).
    new CfnOutput(this, STACK_OUTPUTS.apiUrl, { value: url, description: 'Base URL of the API' });
    new CfnOutput(this, STACK_OUTPUTS.docsUrl, { value: `${url}docs`, description: 'API documentation (Swagger UI)' });
    if (this.monitoring) {
      const region = this.region;
      new CfnOutput(this, STACK_OUTPUTS.dashboardUrl, {
        value: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${naming.dashboardName}`,
        description: 'CloudWatch dashboard of the service',
      });
    }
  }

  /** Lambda compute: the function, in prod its monitoring and canary deployment, and the REST API. Returns the API's URL. */
  private buildFunction(props: AppStackProps, shared: SharedSettings & { readonly auth?: AuthSettings }): string {
    const { config, naming } = props;
    const { prod } = shared;
    if (props.artifact === undefined) throw new Error('compute "lambda" needs the Lambda artifact');
    const fn = new ServiceFunction(this, 'Service', {
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
      logRetention: shared.logRetention,
      retainLogs: prod,
      // Prod's previous version must outlive the deploy that replaces it: it is what a rollback goes back to.
      retainVersions: prod,
      files: shared.files,
      auth: shared.auth?.function,
    });
    this.function = fn;

    let handler: lambda.IFunction = fn.function;
    if (prod) {
      const monitoring = this.buildMonitoring(props, {
        kind: 'lambda',
        memoryMb: config.memoryMb,
        timeoutMs: Duration.seconds(config.timeoutSeconds).toMilliseconds(),
        functionLogGroup: fn.logGroup,
      });
      this.deployment = new SafeDeployment(this, 'Deployment', { function: fn.function });
      this.deployment.rollBackOn(monitoring.metricAlarms);
      handler = this.deployment.alias;
    }

    this.api = new ServiceApi(this, 'Api', {
      apiName: naming.apiName,
      stageName: naming.stageName,
      accessLogGroupName: naming.accessLogGroupName,
      description: config.description,
      logRetention: shared.logRetention,
      retainLogs: prod,
      handler,
      throttle: config.throttle,
      auth: shared.auth?.api,
    });
    return this.api.api.url;
  }

  /**
   * Fargate compute: the tasks behind a load balancer (ServiceContainer) and, in prod, monitoring. No `live` alias and
   * no CodeDeploy: ECS's circuit breaker rolls a deploy back whose tasks do not become healthy. Returns the load
   * balancer's URL. API Gateway's throttling and authorizer are not there: the service checks tokens itself.
   */
  private buildContainer(props: AppStackProps, shared: SharedSettings & { readonly auth?: FunctionAuth }): string {
    const { config, naming } = props;
    const { prod } = shared;
    const container = new ServiceContainer(this, 'Service', {
      family: naming.prefix,
      loadBalancerName: naming.loadBalancerName,
      network: prod ? undefined : this.previewNetwork(),
      taskRoleName: naming.roleName('task'),
      executionRoleName: naming.roleName('task-execution'),
      logGroupName: naming.containerLogGroupName,
      serviceDir: props.serviceDir,
      image: props.containerImage,
      architecture: props.architecture,
      environment: naming.env,
      logLevel: config.logLevel,
      logRetention: shared.logRetention,
      retainLogs: prod,
      files: shared.files,
      auth: shared.auth,
      // Previews: the smallest footprint that still serves; prod keeps two tasks, one per AZ.
      scaling: prod
        ? { minTasks: 2, maxTasks: 10, cpuTargetPercent: 60, requestsPerTarget: 1000 }
        : { minTasks: 1, maxTasks: 2, cpuTargetPercent: 60, requestsPerTarget: 1000 },
    });
    this.container = container;
    if (prod) {
      this.buildMonitoring(props, {
        kind: 'fargate',
        loadBalancer: container.loadBalancer.loadBalancerFullName,
        targetGroup: container.targetGroup.targetGroupFullName,
        clusterName: container.cluster.clusterName,
        ecsServiceName: container.service.serviceName,
        containerLogGroup: naming.containerLogGroupName,
      });
    }
    return container.url;
  }

  /**
   * The platform's preview network, read from its SSM parameters by CloudFormation at deploy time (the subnet list's
   * length is the contract's, fixed when the stack is synthesized).
   */
  private previewNetwork(): SharedNetwork {
    const parameter = (name: string) => ssm.StringParameter.valueForStringParameter(this, name);
    const list = (name: string) => Fn.split(',', parameter(name), PREVIEW_NETWORK_AZS);
    return { vpcId: parameter(PLATFORM_PARAMETERS.previewVpcId), publicSubnetIds: list(PLATFORM_PARAMETERS.previewPublicSubnetIds) };
  }

  private buildMonitoring(props: AppStackProps, compute: ServiceMonitoringProps['compute']): ServiceMonitoring {
    const { config, naming } = props;
    this.monitoring = new ServiceMonitoring(this, 'Monitoring', {
      naming,
      region: this.region,
      compute,
      catalog: props.catalog,
      serviceDir: props.serviceDir,
      runbookBaseUrl: `https://github.com/${config.repository}/blob/main/`,
      alertsTopicArn: props.alertsTopicArn,
      features: enabledFeatures(config),
    });
    return this.monitoring;
  }
}

/** What both computes are built with. */
interface SharedSettings {
  readonly files?: FilesAccess;
  readonly logRetention: logs.RetentionDays;
  readonly prod: boolean;
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
