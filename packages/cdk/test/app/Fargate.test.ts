import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PLATFORM_PARAMETERS, PREVIEW_NETWORK_AZS } from '../../src/contracts';
import { ServiceNaming } from '../../src/naming/ServiceNaming';
import { CFN_TAGGABILITY } from '../../src/tagging/CfnTaggability';
import { TEST_CONTAINER_IMAGE, TEST_EXPIRES_AT } from '../support/sample';
import { configOverrides, dashboardBody, ENVS, synthCached, synthService } from '../support/synth';

type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string };

/** Compute `fargate`, as the service's config otherwise is; the image is a pushed one, so nothing is built. */
const FARGATE = { ...configOverrides({}), compute: 'fargate' as const };
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe.each(ENVS)('compute fargate, %s', (env) => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `fargate-${env}-`));
  outdirs.push(outdir);
  const s = synthService(env, {}, FARGATE, outdir);
  const t = s.appTemplate;
  const resources = Object.entries(t.toJSON().Resources as Record<string, Resource>);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
  const names = new ServiceNaming(s.config.service, env);
  const prod = env === 'prod';

  test('no Lambda function, API Gateway, CodeDeploy or live alias in the app stack', () => {
    const types = new Set(resources.map(([, r]) => r.Type));
    expect([...types].filter((type) => /^AWS::(Lambda|ApiGateway|CodeDeploy)::/.test(type))).toEqual([]);
    expect(s.stacks.app.function).toBeUndefined();
    expect(s.stacks.app.deployment).toBeUndefined();
  });

  test('an internet-facing load balancer listens on HTTP 80 and checks /health on the container port', () => {
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing', Type: 'application' });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080, Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/health', Matcher: { HttpCode: '200' },
    });
  });

  test('the Fargate service rolls a failing deploy back, runs with public IPs and keeps full capacity while deploying', () => {
    t.resourceCountIs('AWS::ECS::Service', 1);
    t.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100 },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED' }) },
      PropagateTags: 'SERVICE',
    });
  });

  test('the task runs the given image on the configured architecture, with the service\'s environment, health check and stop timeout', () => {
    const [, task] = ofType('AWS::ECS::TaskDefinition')[0];
    expect(task.Properties!.RuntimePlatform).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: s.config.architecture === 'arm64' ? 'ARM64' : 'X86_64' });
    expect(task.Properties!.Family).toBe(names.prefix);
    const service = task.Properties!.ContainerDefinitions.find((c: any) => c.Name === 'Service');
    expect(JSON.stringify(service.Image)).toContain('/orders-api:0123456789abcdef');
    expect(service.HealthCheck.Command).toEqual(['CMD', '/service', 'healthcheck']);
    expect(service.StopTimeout).toBe(30);
    const envVars = Object.fromEntries(service.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
    expect(envVars).toMatchObject({ HOST: '0.0.0.0', PORT: '8080', SHUTDOWN_TIMEOUT_SECS: '25', APP_ENVIRONMENT: env, RUST_LOG: s.config.logLevel });
    // The drain deadline ends before ECS kills the container.
    expect(Number(envVars.SHUTDOWN_TIMEOUT_SECS)).toBeLessThan(service.StopTimeout);
    if (s.config.filesApi) expect(Object.keys(envVars)).toEqual(expect.arrayContaining(['FILES_BUCKET', 'FILES_PREFIX']));
    if (s.config.auth) expect(Object.keys(envVars)).toEqual(expect.arrayContaining(['AUTH_ISSUER', 'AUTH_AUDIENCE']));
  });

  test('the same environment as the Lambda function gets, plus the container\'s own', () => {
    const lambda = synthCached(env).appTemplate.findResources('AWS::Lambda::Function');
    const fn = Object.values(lambda).find((r: any) => r.Properties.FunctionName === names.functionName)!;
    const [, task] = ofType('AWS::ECS::TaskDefinition')[0];
    const service = task.Properties!.ContainerDefinitions.find((c: any) => c.Name === 'Service');
    const containerNames = service.Environment.map((e: { Name: string }) => e.Name).sort();
    expect(containerNames).toEqual([...Object.keys(fn.Properties.Environment.Variables), 'HOST', 'PORT', 'SHUTDOWN_TIMEOUT_SECS'].sort());
  });

  test(`autoscaling keeps ${prod ? 2 : 1} task(s) at least, on CPU (60 %) and on requests per target`, () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: prod ? 2 : 1, ScalableDimension: 'ecs:service:DesiredCount', ServiceNamespace: 'ecs',
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 60,
      }),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
      }),
    });
  });

  test(prod
    ? 'prod has a VPC of its own'
    : 'a preview runs in the platform\'s preview network (its SSM parameters), creating no VPC of its own', () => {
    const parameters = t.toJSON().Parameters as Record<string, { Type: string; Default?: string }>;
    const defaults = Object.values(parameters).map((p) => p.Default);
    const network = [PLATFORM_PARAMETERS.previewVpcId, PLATFORM_PARAMETERS.previewPublicSubnetIds];
    if (prod) {
      t.resourceCountIs('AWS::EC2::VPC', 1);
      expect(defaults).not.toEqual(expect.arrayContaining([network[0]]));
      return;
    }
    for (const type of ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::InternetGateway', 'AWS::EC2::RouteTable']) t.resourceCountIs(type, 0);
    expect(defaults).toEqual(expect.arrayContaining(network));
    const subnetsParameter = Object.entries(parameters).find(([, p]) => p.Default === PLATFORM_PARAMETERS.previewPublicSubnetIds)![0];
    const [, service] = ofType('AWS::ECS::Service')[0];
    const subnets = service.Properties!.NetworkConfiguration.AwsvpcConfiguration.Subnets;
    // One subnet per AZ of the preview network, each picked from the list parameter by index.
    expect(subnets).toEqual([...Array(PREVIEW_NETWORK_AZS).keys()].map((i) => ({ 'Fn::Select': [i, { 'Fn::Split': [',', { Ref: subnetsParameter }] }] })));
    const vpcParameter = Object.entries(parameters).find(([, p]) => p.Default === PLATFORM_PARAMETERS.previewVpcId)![0];
    for (const [, sg] of ofType('AWS::EC2::SecurityGroup')) expect(sg.Properties!.VpcId).toEqual({ Ref: vpcParameter });
  });

  test('the cluster and the ECS service are named <service>-<env>, the load balancer and target group within 32 characters', () => {
    t.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: names.prefix });
    t.hasResourceProperties('AWS::ECS::Service', { ServiceName: names.prefix });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Name: names.loadBalancerName });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Name: names.loadBalancerName });
  });

  test('public subnets without NAT gateway; the tasks accept the load balancer only', () => {
    expect(ofType('AWS::EC2::NatGateway')).toEqual([]);
    for (const [, subnet] of ofType('AWS::EC2::Subnet')) expect(subnet.Properties!.MapPublicIpOnLaunch).toBe(true);
    const ingress = [
      ...ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties!),
      ...ofType('AWS::EC2::SecurityGroup').flatMap(([, r]) => (r.Properties!.SecurityGroupIngress ?? []) as Record<string, any>[]),
    ];
    const [[albSg]] = ofType('AWS::EC2::SecurityGroup').filter(([, r]) => /load balancer/.test(r.Properties!.GroupDescription));
    // From anywhere: port 80 of the load balancer only. Everything else comes from the load balancer's group.
    for (const rule of ingress) {
      if (rule.CidrIp) expect({ port: rule.FromPort, to: rule.ToPort }).toEqual({ port: 80, to: 80 });
      else expect(rule.SourceSecurityGroupId).toEqual({ 'Fn::GetAtt': [albSg, 'GroupId'] });
    }
    expect(ingress.filter((rule) => rule.SourceSecurityGroupId).map((rule) => rule.FromPort)).toEqual([8080]);
  });

  test('logs go to /ecs/<service>-<env> through FireLens with the EMF log format, kept as the function\'s are', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: names.containerLogGroupName, RetentionInDays: prod ? s.config.logRetentionDays.prod : s.config.logRetentionDays.preview },
      DeletionPolicy: prod ? 'RetainExceptOnCreate' : 'Delete',
    });
    const [, task] = ofType('AWS::ECS::TaskDefinition')[0];
    const service = task.Properties!.ContainerDefinitions.find((c: any) => c.Name === 'Service');
    expect(service.LogConfiguration).toEqual({
      LogDriver: 'awsfirelens',
      Options: expect.objectContaining({ Name: 'cloudwatch_logs', log_format: 'json/emf', auto_create_group: 'false' }),
    });
    expect(JSON.stringify(t.toJSON())).not.toContain('logs:CreateLogGroup');
  });

  test('roles are named by convention (the preview boundary reaches them in previews)', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: names.roleName('task'),
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] },
      ...(prod ? {} : { PermissionsBoundary: Match.anyValue() }),
    });
    t.hasResourceProperties('AWS::IAM::Role', { RoleName: names.roleName('task-execution') });
  });

  test('ApiUrl is the load balancer\'s HTTP URL, DocsUrl under it', () => {
    const outputs = t.toJSON().Outputs;
    expect(JSON.stringify(outputs.ApiUrl.Value)).toMatch(/^\{"Fn::Join":\["",\["http:\/\/",\{"Fn::GetAtt":\["[A-Za-z0-9]+","DNSName"\]\},"\/"\]\]\}$/);
    expect(JSON.stringify(outputs.DocsUrl.Value)).toContain('"/docs"');
  });

  test('every resource type is in the taggability table, and every taggable one carries the tag set', () => {
    const expected = {
      service: s.config.service, environment: env, 'managed-by': 'cdk',
      ...(prod ? {} : { preview: 'true', pr: '7', 'expires-at': TEST_EXPIRES_AT }),
    };
    expect([...new Set(resources.map(([, r]) => r.Type).filter((type) => !(type in CFN_TAGGABILITY)))]).toEqual([]);
    for (const [id, r] of resources.filter(([, res]) => CFN_TAGGABILITY[res.Type])) {
      const tags = Object.fromEntries(((r.Properties?.Tags ?? []) as { Key: string; Value: string }[]).map((tag) => [tag.Key, tag.Value]));
      expect({ id, tags }).toEqual({ id, tags: expect.objectContaining(expected) });
    }
  });

  test('cdk-nag AwsSolutions: no unacknowledged finding, every acknowledgement with a reason', () => {
    const report = new AwsSolutionsChecks(s.app).validateScope(s.app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
    const acks = s.app.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data));
    for (const [, reason] of acks.flatMap((a) => Object.entries(a as Record<string, string>))) expect(reason.length).toBeGreaterThanOrEqual(40);
  });

  test('cfn-lint finds no errors', () => {
    const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(outdir, f));
    const run = spawnSync('cfn-lint', ['--regions', ...new Set(['us-east-1', s.config.region]), '--format', 'parseable', '--', ...files], { encoding: 'utf8' });
    if (run.error) throw new Error(`cannot run cfn-lint (pip install cfn-lint): ${run.error.message}`);
    expect(run.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l))).toEqual([]);
    expect(run.status! & ~(4 | 8)).toBe(0);
  });
});

describe('compute fargate, prod monitoring', () => {
  const s = synthService('prod', {}, FARGATE);
  const t = s.appTemplate;

  test('the Fargate alarms, named by convention, none of Lambda\'s; no Lambda log metric filters', () => {
    const names = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName).sort();
    expect(names).toEqual(['alb-5xx-rate', 'alb-latency-p90', 'alb-unhealthy-targets', 'ecs-cpu', 'ecs-memory'].map((id) => `${s.config.service}-prod-${id}`));
    t.resourceCountIs('AWS::Logs::MetricFilter', 0);
    const composite = Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))[0];
    expect(JSON.stringify(composite.Properties.AlarmRule)).not.toMatch(/lambda-|api-/);
  });

  test('the dashboard shows the load balancer, ECS and the service\'s own metrics, none of Lambda\'s or API Gateway\'s', () => {
    const text = JSON.stringify(dashboardBody(t));
    for (const ns of ['AWS/ApplicationELB', 'AWS/ECS', 'ServerlessAxum']) expect(text).toContain(ns);
    expect(text).not.toMatch(/AWS\/Lambda|AWS\/ApiGateway|\/aws\/lambda\//);
    expect(text).toContain(`SOURCE '/ecs/${s.config.service}-prod'`);
  });

  test('the alarms\' dimensions are the load balancer\'s, the target group\'s and the ECS service\'s own', () => {
    const text = JSON.stringify(t.findResources('AWS::CloudWatch::Alarm'));
    expect(text).toContain('LoadBalancerFullName');
    expect(text).toContain('TargetGroupFullName');
    expect(text).not.toMatch(/FunctionName|ApiName/);
  });
});

describe('compute fargate, image', () => {
  test('without containerImage, CDK builds the service\'s Dockerfile for the architecture (an image asset)', () => {
    const s = synthService('pr-7', { containerImage: '', architecture: 'x86_64' }, FARGATE);
    const [task] = Object.values(s.appTemplate.findResources('AWS::ECS::TaskDefinition'));
    expect(task.Properties.RuntimePlatform.CpuArchitecture).toBe('X86_64');
    const image = JSON.stringify(task.Properties.ContainerDefinitions.find((c: any) => c.Name === 'Service').Image);
    expect(image).not.toContain(TEST_CONTAINER_IMAGE.split('/')[1]);
    expect(image).toMatch(/container-assets/);
  });

  test('refuses a containerImage that is no ECR image URI', () => {
    expect(() => synthService('pr-7', { containerImage: 'nginx:latest' }, FARGATE)).toThrow(/context "containerImage" must be an ECR image URI/);
  });
});

describe('compute lambda', () => {
  test.each(ENVS)('%s has no VPC, load balancer or ECS resources', (env) => {
    const types = Object.values(synthCached(env).appTemplate.toJSON().Resources as Record<string, Resource>).map((r) => r.Type);
    expect(types.filter((type) => /^AWS::(EC2|ECS|ElasticLoadBalancingV2|ApplicationAutoScaling)::/.test(type))).toEqual([]);
  });
});
