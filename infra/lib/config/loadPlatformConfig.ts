import { readFileSync } from 'fs';
import { GithubRepository, PlatformConfig } from './PlatformConfig';

const TOP_LEVEL_KEYS = [
  'account', 'region', 'owner', 'repository', 'github', 'alertEmails', 'monthlyBudgetUsd',
  'lambdaConcurrencyQuota', 'concurrencyAlarmPercent', 'cdkQualifier', 'trailRetentionDays',
];
const GITHUB_NAME = /^[A-Za-z0-9_.-]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function fail(message: string): never {
  throw new Error(`platform config: ${message}`);
}

function rejectUnknownKeys(value: Record<string, unknown>, allowed: string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`unknown field ${where}${key}`);
  }
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function asString(value: unknown, where: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length === 0) fail(`${where} must be a non-empty string`);
  if (pattern && !pattern.test(value)) fail(`${where} "${value}" does not match ${pattern}`);
  return value;
}

function asNumber(value: unknown, where: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(`${where} must be a number in [${min}, ${max}]`);
  }
  return value;
}

function parseRepository(value: unknown, index: number): GithubRepository {
  const where = `github.repositories[${index}]`;
  const repo = asObject(value, where);
  rejectUnknownKeys(repo, ['name', 'defaultBranch'], `${where}.`);
  return {
    name: asString(repo.name, `${where}.name`, GITHUB_NAME),
    defaultBranch: repo.defaultBranch === undefined ? 'main' : asString(repo.defaultBranch, `${where}.defaultBranch`),
  };
}

/** Parses and validates a platform config object; unknown fields are errors. */
export function parsePlatformConfig(raw: unknown): PlatformConfig {
  const config = asObject(raw, 'config');
  rejectUnknownKeys(config, TOP_LEVEL_KEYS, '');
  const github = asObject(config.github, 'github');
  rejectUnknownKeys(github, ['org', 'repositories'], 'github.');
  if (!Array.isArray(github.repositories) || github.repositories.length === 0) {
    fail('github.repositories must list at least one repository');
  }
  const emails = config.alertEmails ?? [];
  if (!Array.isArray(emails)) fail('alertEmails must be an array');
  const percent = asNumber(config.concurrencyAlarmPercent, 'concurrencyAlarmPercent', 1, 100, 80);
  return {
    account: config.account === undefined ? undefined : asString(config.account, 'account', /^\d{12}$/),
    region: config.region === undefined ? undefined : asString(config.region, 'region', /^[a-z]{2}(-[a-z]+)+-\d$/),
    owner: asString(config.owner, 'owner'),
    repository: asString(config.repository, 'repository', /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/),
    github: {
      org: asString(github.org, 'github.org', GITHUB_NAME),
      repositories: github.repositories.map(parseRepository),
    },
    alertEmails: emails.map((e, i) => asString(e, `alertEmails[${i}]`, EMAIL)),
    monthlyBudgetUsd: asNumber(config.monthlyBudgetUsd, 'monthlyBudgetUsd', 1, 1_000_000, 10),
    lambdaConcurrencyQuota: asNumber(config.lambdaConcurrencyQuota, 'lambdaConcurrencyQuota', 10, 1_000_000, 1000),
    concurrencyAlarmPercent: percent,
    cdkQualifier: config.cdkQualifier === undefined ? 'hnb659fds' : asString(config.cdkQualifier, 'cdkQualifier', /^[a-z0-9]{1,10}$/),
    trailRetentionDays: asNumber(config.trailRetentionDays, 'trailRetentionDays', 1, 3653, 365),
  };
}

/** Reads `platform.config.json` (or another file) into a validated {@link PlatformConfig}. */
export function loadPlatformConfig(file: string): PlatformConfig {
  return parsePlatformConfig(JSON.parse(readFileSync(file, 'utf8')));
}
