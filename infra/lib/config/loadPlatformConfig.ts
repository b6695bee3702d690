import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_PREVIEW_CDK_QUALIFIER } from '@serverless-axum/cdk';
import { GithubRepository, PlatformConfig } from './PlatformConfig';

const TOP_LEVEL_KEYS = [
  'accounts', 'unsafeSingleAccount', 'homeRegion', 'owner', 'repository', 'github', 'alertEmails', 'monthlyBudgetUsd',
  'previewMonthlyBudgetUsd', 'lambdaConcurrencyQuota', 'concurrencyAlarmPercent', 'cdkQualifier', 'previewCdkQualifier',
  'trailRetentionDays', 'previewTrailRetentionDays',
];
const GITHUB_NAME = /^[A-Za-z0-9_.-]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov)?(-[a-z]+)+-\d$/;
const QUALIFIER = /^[a-z0-9]{1,10}$/;

/** `fleet.json` at the repository root: the services a rebuild redeploys, and the regions they run in. */
export const DEFAULT_FLEET_FILE = join(__dirname, '..', '..', '..', 'fleet.json');

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

function parseAccounts(value: unknown, unsafeSingleAccount: boolean): PlatformConfig['accounts'] {
  const accounts = asObject(value, 'accounts');
  rejectUnknownKeys(accounts, ['prod', 'preview'], 'accounts.');
  const prod = asString(accounts.prod, 'accounts.prod', ACCOUNT_ID);
  const preview = asString(accounts.preview, 'accounts.preview', ACCOUNT_ID);
  if (prod === preview && !unsafeSingleAccount) {
    fail('accounts.prod and accounts.preview are the same account: pull requests would deploy next to prod. '
      + 'Use two accounts, or set "unsafeSingleAccount": true to try the template (README: "One account, unsafe")');
  }
  if (prod !== preview && unsafeSingleAccount) fail('unsafeSingleAccount needs accounts.prod and accounts.preview to be equal');
  return { prod, preview };
}

/**
 * Regions of `fleet.json` services (`region` of each entry), validated. The platform bootstraps and serves each.
 */
export function fleetRegions(fleet: unknown): string[] {
  const services = asObject(fleet, 'fleet').services;
  if (!Array.isArray(services)) fail('fleet.services must be an array');
  return services.map((service, i) => asString(asObject(service, `fleet.services[${i}]`).region, `fleet.services[${i}].region`, REGION));
}

/** Parses and validates a platform config object; unknown fields are errors. `regions` come from the fleet. */
export function parsePlatformConfig(raw: unknown, regionsOfFleet: readonly string[] = []): PlatformConfig {
  const config = asObject(raw, 'config');
  rejectUnknownKeys(config, TOP_LEVEL_KEYS, '');
  const github = asObject(config.github, 'github');
  rejectUnknownKeys(github, ['org', 'repositories'], 'github.');
  if (!Array.isArray(github.repositories) || github.repositories.length === 0) {
    fail('github.repositories must list at least one repository');
  }
  const emails = config.alertEmails ?? [];
  if (!Array.isArray(emails)) fail('alertEmails must be an array');
  if (config.unsafeSingleAccount !== undefined && typeof config.unsafeSingleAccount !== 'boolean') {
    fail('unsafeSingleAccount must be true or false');
  }
  const unsafeSingleAccount = config.unsafeSingleAccount === true;
  const homeRegion = asString(config.homeRegion, 'homeRegion', REGION);
  const budget = asNumber(config.monthlyBudgetUsd, 'monthlyBudgetUsd', 1, 1_000_000, 10);
  const qualifier = (key: string, fallback: string) =>
    (config[key] === undefined ? fallback : asString(config[key], key, QUALIFIER));
  const cdkQualifier = qualifier('cdkQualifier', 'hnb659fds');
  const previewCdkQualifier = qualifier('previewCdkQualifier', DEFAULT_PREVIEW_CDK_QUALIFIER);
  if (cdkQualifier === previewCdkQualifier) fail('previewCdkQualifier must differ from cdkQualifier: previews never use the prod assets bucket');
  return {
    accounts: parseAccounts(config.accounts, unsafeSingleAccount),
    unsafeSingleAccount,
    homeRegion,
    regions: [...new Set([homeRegion, ...regionsOfFleet])],
    owner: asString(config.owner, 'owner'),
    repository: asString(config.repository, 'repository', /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/),
    github: {
      org: asString(github.org, 'github.org', GITHUB_NAME),
      repositories: github.repositories.map(parseRepository),
    },
    alertEmails: emails.map((e, i) => asString(e, `alertEmails[${i}]`, EMAIL)),
    monthlyBudgetUsd: budget,
    previewMonthlyBudgetUsd: asNumber(config.previewMonthlyBudgetUsd, 'previewMonthlyBudgetUsd', 1, 1_000_000, budget),
    lambdaConcurrencyQuota: asNumber(config.lambdaConcurrencyQuota, 'lambdaConcurrencyQuota', 10, 1_000_000, 1000),
    concurrencyAlarmPercent: asNumber(config.concurrencyAlarmPercent, 'concurrencyAlarmPercent', 1, 100, 80),
    cdkQualifier,
    previewCdkQualifier,
    trailRetentionDays: asNumber(config.trailRetentionDays, 'trailRetentionDays', 1, 3653, 365),
    previewTrailRetentionDays: asNumber(config.previewTrailRetentionDays, 'previewTrailRetentionDays', 1, 3653, 14),
  };
}

/**
 * Reads `platform.config.json` (or another file) into a validated {@link PlatformConfig}, with the regions of
 * `fleetFile` (default: the repository's `fleet.json`, when it exists).
 */
export function loadPlatformConfig(file: string, fleetFile: string = DEFAULT_FLEET_FILE): PlatformConfig {
  const regions = existsSync(fleetFile) ? fleetRegions(JSON.parse(readFileSync(fleetFile, 'utf8'))) : [];
  return parsePlatformConfig(JSON.parse(readFileSync(file, 'utf8')), regions);
}
