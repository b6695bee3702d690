import * as fs from 'fs';
import * as path from 'path';
import { loadServiceConfig, parseServiceConfig } from '../../src/config/ServiceConfig';
import { parseDeployEnvironment } from '../../src/config/DeployEnvironment';
import { sampleConfig } from '../support/config';
import { SERVICE_DIR, TEMPLATE_CONFIG } from '../support/synth';

/** The rendered files of the service's infra/: its config, and package.json with its lockfile (the library's version). */
const RENDERED = [TEMPLATE_CONFIG, path.join(SERVICE_DIR, 'infra', 'package.json'), path.join(SERVICE_DIR, 'infra', 'package-lock.json')];

describe('service config', () => {
  test('the rendered config loads, unchanged', () => {
    expect(loadServiceConfig()).toEqual(sampleConfig());
    expect(typeof loadServiceConfig().filesApi).toBe('boolean');
  });

  test('infra/service.config.json uses known cargo-generate placeholders', () => {
    const text = fs.readFileSync(TEMPLATE_CONFIG, 'utf8');
    const used = [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]);
    for (const name of used) expect(['project-name', 'owner', 'github_repo', 'aws_region', 'description', 'example_api']).toContain(name);
  });

  test('no other file of infra/, dashboards/, alarms/ or docs/runbooks/ holds Liquid syntax', () => {
    const root = SERVICE_DIR;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', 'cdk.out'].includes(entry.name)) continue;
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (!RENDERED.includes(file) && /\{\{|\{[%]/.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(root, file));
      }
    };
    ['infra', 'dashboards', 'alarms', path.join('docs', 'runbooks')].forEach((d) => walk(path.join(root, d)));
    expect(offenders).toEqual([]);
  });

  test.each([
    ['an unknown field', (c: Record<string, unknown>) => (c.memory = 1), /unknown field "memory"/],
    ['a missing field', (c: Record<string, unknown>) => delete c.owner, /missing field "owner"/],
    ['an unrendered placeholder', (c: Record<string, unknown>) => (c.service = `${'{'.repeat(2)}project-name}}`), /unrendered/],
    ['a bad service name', (c: Record<string, unknown>) => (c.service = 'Orders_API'), /"service"/],
    ['a timeout above API Gateway\'s 29 s', (c: Record<string, unknown>) => (c.timeoutSeconds = 30), /timeoutSeconds/],
    ['a retention CloudWatch does not offer', (c: Record<string, unknown>) => (c.logRetentionDays = { prod: 10, preview: 7 }), /logRetentionDays.prod/],
    ['an unknown architecture', (c: Record<string, unknown>) => (c.architecture = 'arm'), /architecture/],
    ['a filesApi that is no boolean', (c: Record<string, unknown>) => (c.filesApi = 'true'), /"filesApi" must be true or false/],
    ['a logLevel directive with an unknown level', (c: Record<string, unknown>) => (c.logLevel = 'info,hyper=loud'), /"logLevel" directive "hyper=loud"/],
  ])('refuses %s', (_, mutate, message) => {
    const config = sampleConfig();
    mutate(config);
    expect(() => parseServiceConfig(config)).toThrow(message);
  });

  test.each(['orders-pr-api', 'pr-orders', 'orders-pr', 'a-pr-b-pr-c'])('refuses the service name %s: it would match the preview patterns (*-pr-*)', (name) => {
    const config = { ...sampleConfig(), service: name };
    expect(() => parseServiceConfig(config)).toThrow(/"service" = "[a-z-]+" has "pr" as a word .* belong to pull-request previews/);
  });

  test.each(['prices-api', 'orders-prod-api', 'sprint-api', 'april-prs', 'pro-api'])('accepts the service name %s ("pr" only inside a word)', (name) => {
    expect(parseServiceConfig({ ...sampleConfig(), service: name }).service).toBe(name);
  });

  test.each(['info', 'warn,orders_api=debug', 'orders_api', 'info,aws_smithy_runtime=off'])('accepts the logLevel %s', (logLevel) => {
    expect(parseServiceConfig({ ...sampleConfig(), logLevel }).logLevel).toBe(logLevel);
  });
});

describe('deploy environment', () => {
  test.each([
    ['prod', { kind: 'prod', name: 'prod' }],
    ['pr-7', { kind: 'preview', name: 'pr-7', pr: 7 }],
  ])('%s parses', (value, expected) => expect(parseDeployEnvironment(value)).toEqual(expected));

  test.each([undefined, '', 'staging', 'pr-', 'pr-0', 'pr-07', 'PR-7'])('%p is refused', (value) => {
    expect(() => parseDeployEnvironment(value)).toThrow(/"prod" or "pr-<number>"/);
  });
});
