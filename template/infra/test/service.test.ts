import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import {
  enabledFeatures, loadCustomMetricCatalog, MetricCatalog, ServiceNaming, SpecLoader, usesCognito,
} from '@serverless-axum/cdk';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SERVICE_DIR, serviceConfig, synthEnvironment } from './support/service';

/**
 * What this service owns on top of the platform's CDK library (which tests its constructs once, in its own package):
 * its config, its dashboard, alarms and runbooks, and the stacks they make together.
 */
const config = serviceConfig();

describe.each(['prod', 'pr-7'])('the %s stacks, synthesized from this service\'s config and data files', (env) => {
  const s = synthEnvironment(env);
  const names = new ServiceNaming(config.service, env);

  test('pass cdk-nag AwsSolutions, every acknowledgement with a reason', () => {
    const report = new AwsSolutionsChecks(s.app).validateScope(s.app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
    const acks = s.app.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data));
    for (const reason of acks.flatMap((a) => Object.values(a as Record<string, string>))) expect(reason.length).toBeGreaterThanOrEqual(40);
  });

  test('pass cfn-lint with no errors in the service\'s region (its own alarms and dashboard shape these templates)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-cfn-lint-'));
    const files = s.templates.map((template, i) => {
      const file = path.join(dir, `stack-${i}.template.json`);
      fs.writeFileSync(file, JSON.stringify(template.toJSON()));
      return file;
    });
    const run = spawnSync('cfn-lint', ['--regions', config.region, '--format', 'parseable', '--', ...files], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    if (run.error) throw new Error(`cannot run cfn-lint (pip install -c ../gitops/ci-requirements.txt cfn-lint): ${run.error.message}`);
    expect(run.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line))).toEqual([]);
  });

  test(`hold ${config.compute === 'fargate' ? 'the Fargate service and its load balancer' : 'the function, its API'}, and (with the Files API or Cognito auth) the data stack`, () => {
    if (config.compute === 'fargate') {
      s.appTemplate.resourceCountIs('AWS::ECS::Service', 1);
      s.appTemplate.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
      s.appTemplate.resourceCountIs('AWS::Lambda::Function', 0);
    } else {
      s.appTemplate.hasResourceProperties('AWS::Lambda::Function', { FunctionName: names.functionName });
      s.appTemplate.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: names.apiName });
    }
    expect(s.data !== undefined).toBe(config.filesApi || usesCognito(config));
  });

  test('check tokens as service.config.json asks: with Cognito, every method but GET/HEAD of a public path has the authorizer', () => {
    const methods = Object.values(s.appTemplate.findResources('AWS::ApiGateway::Method'));
    const resources = s.appTemplate.findResources('AWS::ApiGateway::Resource');
    const pathOf = (ref: any): string => (ref['Fn::GetAtt'] ? '' : `${pathOf(resources[ref.Ref].Properties.ParentId)}/${resources[ref.Ref].Properties.PathPart}`);
    const isPublic = (m: any) => config.auth !== null && config.auth.publicPaths.includes(pathOf(m.Properties.ResourceId)) && ['GET', 'HEAD'].includes(m.Properties.HttpMethod);
    const cognito = usesCognito(config);
    const scopes = config.auth ? Object.keys(config.auth.scopes).map((scope) => `${config.service}/${scope}`) : [];
    for (const m of methods) {
      const expected = cognito && !isPublic(m) ? { type: 'COGNITO_USER_POOLS', scopes } : { type: 'NONE', scopes: undefined };
      expect({ type: m.Properties.AuthorizationType, scopes: m.Properties.AuthorizationScopes }).toEqual(expected);
    }
    // On Fargate there is no API Gateway: the service alone checks tokens.
    const gatewayChecks = cognito && config.compute === 'lambda';
    expect(methods.filter(isPublic)).toHaveLength(gatewayChecks ? 2 * config.auth!.publicPaths.length : 0);
    for (const t of s.templates) t.resourceCountIs('AWS::Cognito::UserPool', t === s.data && cognito ? 1 : 0);
  });

  test('hold, in prod only, the dashboard and every alarm of dashboards/service.json and alarms/service.json', () => {
    const alarms = [
      ...Object.values(s.appTemplate.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName),
      ...Object.values(s.appTemplate.findResources('AWS::CloudWatch::CompositeAlarm')).map((r) => r.Properties.AlarmName),
    ].filter((name): name is string => typeof name === 'string');
    if (env !== 'prod') {
      s.appTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
      expect(alarms).toEqual([]);
      return;
    }
    s.appTemplate.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: names.dashboardName });
    const spec = loader().loadAlarms(path.join(SERVICE_DIR, 'alarms', 'service.json'));
    expect(alarms.sort()).toEqual([...spec.alarms, ...spec.composites].map((a) => names.alarmName(a.id)).sort());
  });
});

function loader(): SpecLoader {
  const prod = new ServiceNaming(config.service, 'prod');
  return new SpecLoader({
    catalog: MetricCatalog.forService(loadCustomMetricCatalog(path.join(SERVICE_DIR, 'metrics', 'catalog.json'))),
    values: {
      service: config.service, env: 'prod', region: config.region, functionName: prod.functionName, apiName: prod.apiName,
      stage: prod.stageName, dashboardName: prod.dashboardName, functionLogGroup: prod.functionLogGroupName,
      accessLogGroup: prod.accessLogGroupName, memoryMb: String(config.memoryMb), timeoutMs: String(config.timeoutSeconds * 1000),
      // Fargate's names are CloudFormation values at synth: any stand-in lists the alarms.
      loadBalancer: 'app/lb/0', targetGroup: 'targetgroup/tg/0', clusterName: 'cluster', ecsServiceName: 'service',
      containerLogGroup: prod.containerLogGroupName,
    },
    features: enabledFeatures(config),
    runbookExists: (runbook) => fs.existsSync(path.join(SERVICE_DIR, runbook)),
  });
}

test('every runbook page in docs/runbooks/ belongs to an alarm of alarms/service.json', () => {
  // Read raw: an alarm this service's features leave out keeps its runbook page.
  const raw = JSON.parse(fs.readFileSync(path.join(SERVICE_DIR, 'alarms', 'service.json'), 'utf8')) as { alarms: { id: string }[]; composites?: { id: string }[] };
  const ids = [...raw.alarms, ...(raw.composites ?? [])].map((a) => `${a.id}.md`);
  const pages = fs.readdirSync(path.join(SERVICE_DIR, 'docs', 'runbooks')).filter((f) => f !== 'README.md');
  expect(pages.sort()).toEqual(ids.sort());
});
