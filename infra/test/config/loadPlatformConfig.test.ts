import { readFileSync } from 'fs';
import { join } from 'path';
import { loadPlatformConfig, parsePlatformConfig } from '../../lib';
import { INFRA_DIR, REPO_ROOT } from '../support/synthPlatform';

const file = join(INFRA_DIR, 'platform.config.json');
const raw = () => JSON.parse(readFileSync(file, 'utf8'));

describe('platform config', () => {
  it('loads the checked-in file, env-agnostic by default', () => {
    const config = loadPlatformConfig(file);
    expect(config.account).toBeUndefined();
    expect(config.cdkQualifier).toBe('hnb659fds');
  });

  it('lets every fleet.json service deploy (its repo is in github.repositories)', () => {
    const config = loadPlatformConfig(file);
    const fleet = JSON.parse(readFileSync(join(REPO_ROOT, 'fleet.json'), 'utf8')) as { services: { repository: string; defaultBranch: string }[] };
    for (const service of fleet.services) {
      const [org, name] = service.repository.split('/');
      expect(org).toBe(config.github.org);
      expect(config.github.repositories).toContainEqual({ name, defaultBranch: service.defaultBranch });
    }
  });

  it('rejects unknown fields and bad values', () => {
    expect(() => parsePlatformConfig({ ...raw(), budget: 5 })).toThrow(/unknown field budget/);
    expect(() => parsePlatformConfig({ ...raw(), github: { ...raw().github, repos: [] } })).toThrow(/unknown field github.repos/);
    expect(() => parsePlatformConfig({ ...raw(), account: '1234' })).toThrow(/account/);
    expect(() => parsePlatformConfig({ ...raw(), alertEmails: ['nobody'] })).toThrow(/alertEmails\[0\]/);
    expect(() => parsePlatformConfig({ ...raw(), concurrencyAlarmPercent: 150 })).toThrow(/concurrencyAlarmPercent/);
    expect(() => parsePlatformConfig({ ...raw(), github: { org: 'acme', repositories: [] } })).toThrow(/at least one/);
  });
});
