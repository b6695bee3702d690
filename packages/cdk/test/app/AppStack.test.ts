import { Match } from 'aws-cdk-lib/assertions';
import { applicationLogLevelFor } from '../../src/app/ServiceFunction';
import { ServiceNaming } from '../../src/naming/ServiceNaming';
import { ENVS, synthCached, synthService } from '../support/synth';

describe.each(ENVS)('app stack %s', (env) => {
  const s = synthCached(env);
  const t = s.appTemplate;
  const { config } = s;
  const names = new ServiceNaming(config.service, env);
  const prod = env === 'prod';
  const retention = prod ? config.logRetentionDays.prod : config.logRetentionDays.preview;

  test('the function runs the artifact on provided.al2023 with the configured architecture, size, env, JSON logs and tracing', () => {
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: names.functionName,
      Runtime: 'provided.al2023',
      Handler: 'bootstrap',
      Architectures: [config.architecture],
      MemorySize: config.memoryMb,
      Timeout: config.timeoutSeconds,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: {
        LogFormat: 'JSON',
        ApplicationLogLevel: applicationLogLevelFor(config.logLevel),
        SystemLogLevel: 'INFO',
        LogGroup: { Ref: Match.stringLikeRegexp('^ServiceLogGroup') },
      },
      Environment: { Variables: Match.objectLike({ APP_ENVIRONMENT: env, RUST_LOG: config.logLevel }) },
    });
  });

  test('spans reach X-Ray from the function itself: active tracing, no layer, no OpenTelemetry collector settings', () => {
    // The kit sends segment documents to the X-Ray daemon Lambda runs with active tracing (AWS_XRAY_DAEMON_ADDRESS,
    // set by Lambda); an OTLP endpoint would send them to a collector the function does not have instead.
    for (const fn of Object.values(t.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Layers).toBeUndefined();
      const variables = Object.keys(fn.Properties.Environment?.Variables ?? {});
      expect(variables.filter((name) => name.startsWith('OTEL_') || name.startsWith('AWS_XRAY_'))).toEqual([]);
    }
  });

  test('log groups are explicit, named by convention, with retention', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: names.functionLogGroupName, RetentionInDays: retention },
      DeletionPolicy: prod ? 'RetainExceptOnCreate' : 'Delete',
      UpdateReplacePolicy: prod ? 'Retain' : 'Delete',
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: names.accessLogGroupName, RetentionInDays: retention });
  });

  test('the role is named by convention, assumable by Lambda only, with no managed policy and no wildcard action', () => {
    t.resourceCountIs('AWS::IAM::Role', prod ? 2 : 1); // + CodeDeploy's role in prod
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: names.roleName('function'),
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((st: { Action: string | string[] }) => [st.Action].flat());
    expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments']));
  });

  test('the REST API proxies / and /{proxy+}, passes binary bodies, and its stage is the environment', () => {
    t.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: names.apiName,
      BinaryMediaTypes: ['*/*'],
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    // With Cognito auth, each public path adds GET, HEAD and ANY (test/app/Auth.test.ts).
    const publicPaths = config.auth?.issuer === 'cognito' ? config.auth.publicPaths.length : 0;
    t.resourceCountIs('AWS::ApiGateway::Method', 2 + 3 * publicPaths);
    t.allResourcesProperties('AWS::ApiGateway::Method', { Integration: { Type: 'AWS_PROXY' } });
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'ANY', ResourceId: { 'Fn::GetAtt': [Match.anyValue(), 'RootResourceId'] } });
    t.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: env,
      TracingEnabled: true,
      MethodSettings: [Match.objectLike({ MetricsEnabled: true, ThrottlingRateLimit: config.throttle.rateLimit, ThrottlingBurstLimit: config.throttle.burstLimit })],
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
    });
    const stage = Object.values(t.findResources('AWS::ApiGateway::Stage'))[0];
    expect(JSON.stringify(stage.Properties.AccessLogSetting.DestinationArn)).toMatch(/ApiAccessLogs/);
    expect(JSON.parse(stage.Properties.AccessLogSetting.Format)).toEqual(expect.objectContaining({ status: '$context.status', integrationLatency: '$context.integrationLatency' }));
  });

  test('outputs the API and docs URLs; the dashboard URL in prod only', () => {
    t.hasOutput('ApiUrl', {});
    const outputs = t.toJSON().Outputs;
    expect(JSON.stringify(outputs.DocsUrl.Value)).toBe(JSON.stringify(outputs.ApiUrl.Value).replace(/"\]\]\}$/, 'docs"]]}'));
    expect(Object.keys(t.findOutputs('DashboardUrl'))).toHaveLength(prod ? 1 : 0);
    if (prod) {
      expect(outputs.DashboardUrl.Value).toBe(
        `https://${config.region}.console.aws.amazon.com/cloudwatch/home?region=${config.region}#dashboards/dashboard/${names.dashboardName}`,
      );
    }
  });

  test(prod ? 'prod shifts traffic to new versions by canary and rolls back on the alarms' : 'a preview deploys all at once, without dashboard or alarms', () => {
    if (prod) {
      t.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live' });
      t.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        AutoRollbackConfiguration: { Enabled: true, Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']) },
        AlarmConfiguration: { Enabled: true, Alarms: Match.anyValue() },
      });
      const group = Object.values(t.findResources('AWS::CodeDeploy::DeploymentGroup'))[0];
      expect(group.Properties.AlarmConfiguration.Alarms).toHaveLength(Object.keys(t.findResources('AWS::CloudWatch::Alarm')).length);
      t.hasResourceProperties('AWS::ApiGateway::Method', {
        Integration: { Uri: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^DeploymentAlias') }])] } },
      });
      t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      expect(s.stacks.app.terminationProtection).toBe(true);
    } else {
      for (const type of ['AWS::Lambda::Alias', 'AWS::CodeDeploy::DeploymentGroup', 'AWS::CloudWatch::Dashboard', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::Logs::MetricFilter']) {
        t.resourceCountIs(type, 0);
      }
      t.hasResourceProperties('AWS::ApiGateway::Method', {
        Integration: { Uri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceFunction'), 'Arn'] }])] } },
      });
      expect(s.stacks.app.terminationProtection).toBe(false);
    }
  });

  // `verify --rollback` points `live` back to the previous version after CodeDeploy is done: CloudFormation must not
  // delete that version when the next deploy publishes a new one (CDK's currentVersion defaults to DESTROY).
  test(prod ? 'prod keeps every published version, the one live points to included' : 'a preview retains no version', () => {
    const versions = Object.entries(t.findResources('AWS::Lambda::Version'));
    if (prod) {
      expect(versions).toHaveLength(1);
      const [[id, version]] = versions;
      // RetainExceptOnCreate: kept when the next deploy drops it from the template, deleted only if its own deploy rolls back.
      expect({ deletion: version.DeletionPolicy, replace: version.UpdateReplacePolicy }).toEqual({ deletion: 'RetainExceptOnCreate', replace: 'Retain' });
      t.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', FunctionVersion: { 'Fn::GetAtt': [id, 'Version'] } });
    } else {
      // Nothing publishes one today (no alias); were one added, it must go with the next deploy and with the preview.
      for (const [id, version] of versions) {
        expect([id, version.DeletionPolicy ?? 'Delete', version.UpdateReplacePolicy ?? 'Delete']).toEqual([id, 'Delete', 'Delete']);
      }
    }
  });
});

test('-c architecture=x86_64 builds for x86_64', () => {
  const s = synthService('pr-3', { architecture: 'x86_64' });
  s.appTemplate.hasResourceProperties('AWS::Lambda::Function', { Architectures: ['x86_64'] });
});

describe('the function\'s application log level', () => {
  test.each([
    ['info', 'INFO'],
    ['warn', 'INFO'], // EMF metric records carry no level: Lambda counts them as INFO and must keep them
    ['error', 'INFO'],
    ['debug', 'DEBUG'],
    ['info,orders_api=debug', 'DEBUG'],
    ['warn,orders_api=trace,hyper=off', 'TRACE'],
    ['orders_api', 'TRACE'], // a target without a level: all of its levels
    ['info,aws_smithy_runtime=off', 'INFO'],
  ])('RUST_LOG=%s gives %s', (logLevel, expected) => {
    expect(applicationLogLevelFor(logLevel)).toBe(expected);
  });

  test('is never TRACE for the default level (TRACE is hundreds of AWS SDK lines per request)', () => {
    const s = synthCached('prod');
    const fn = Object.values(s.appTemplate.findResources('AWS::Lambda::Function'))
      .find((r) => r.Properties.FunctionName === new ServiceNaming(s.config.service, 'prod').functionName);
    expect(fn?.Properties.LoggingConfig.ApplicationLogLevel).toBe(applicationLogLevelFor(s.config.logLevel));
    expect(applicationLogLevelFor('info')).toBe('INFO');
  });
});
