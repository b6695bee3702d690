import { readFileSync } from 'fs';
import { join } from 'path';
import { fleetRegions, loadPlatformConfig, parsePlatformConfig } from '../../lib';
import { INFRA_DIR, REPO_ROOT } from '../support/synthPlatform';

const file = join(INFRA_DIR, 'platform.config.json');
const fleetFile = join(REPO_ROOT, 'fleet.json');
const raw = () => JSON.parse(readFileSync(file, 'utf8'));

describe('platform config', () => {
  it('loads the checked-in file: two accounts, the home region first, then every fleet region', () => {
    const config = loadPlatformConfig(file, fleetFile);
    expect(config.accounts).toEqual({ prod: '111111111111', preview: '222222222222' });
    expect(config.unsafeSingleAccount).toBe(false);
    expect(config.regions).toEqual(['us-west-2', 'eu-central-1']);
    expect(config.cdkQualifier).toBe('hnb659fds');
    expect(config.previewCdkQualifier).toBe('previews');
  });

  it('lets every fleet.json service deploy (its repo is in github.repositories)', () => {
    const config = loadPlatformConfig(file, fleetFile);
    const fleet = JSON.parse(readFileSync(fleetFile, 'utf8')) as { services: { repository: string; defaultBranch: string }[] };
    for (const service of fleet.services) {
      const [org, name] = service.repository.split('/');
      expect(org).toBe(config.github.org);
      expect(config.github.repositories).toContainEqual({ name, defaultBranch: service.defaultBranch });
    }
  });

  it('refuses one account for prod and previews unless unsafeSingleAccount says so, and the flag with two accounts', () => {
    const same = { ...raw(), accounts: { prod: '111111111111', preview: '111111111111' } };
    expect(() => parsePlatformConfig(same)).toThrow(/same account: pull requests would deploy next to prod/);
    expect(parsePlatformConfig({ ...same, unsafeSingleAccount: true }).unsafeSingleAccount).toBe(true);
    expect(() => parsePlatformConfig({ ...raw(), unsafeSingleAccount: true })).toThrow(/needs accounts.prod and accounts.preview to be equal/);
    expect(() => parsePlatformConfig({ ...same, unsafeSingleAccount: 'yes' })).toThrow(/true or false/);
  });

  it('refuses a previews qualifier equal to the prod one (previews never write the prod assets bucket)', () => {
    expect(() => parsePlatformConfig({ ...raw(), previewCdkQualifier: 'hnb659fds' })).toThrow(/previewCdkQualifier must differ/);
  });

  it('reads and validates the regions of fleet.json', () => {
    expect(fleetRegions({ services: [{ region: 'eu-west-1' }, { region: 'us-east-1' }] })).toEqual(['eu-west-1', 'us-east-1']);
    expect(() => fleetRegions({ services: [{ name: 'x' }] })).toThrow(/fleet.services\[0\].region/);
    expect(() => fleetRegions({ services: [{ region: 'mars-1' }] })).toThrow(/does not match/);
    expect(parsePlatformConfig(raw(), ['us-west-2', 'eu-west-1', 'eu-west-1']).regions).toEqual(['us-west-2', 'eu-west-1']);
  });

  it('rejects unknown fields and bad values', () => {
    expect(() => parsePlatformConfig({ ...raw(), budget: 5 })).toThrow(/unknown field budget/);
    expect(() => parsePlatformConfig({ ...raw(), account: '123456789012' })).toThrow(/unknown field account/);
    expect(() => parsePlatformConfig({ ...raw(), github: { ...raw().github, repos: [] } })).toThrow(/unknown field github.repos/);
    expect(() => parsePlatformConfig({ ...raw(), accounts: { prod: '1234', preview: '222222222222' } })).toThrow(/accounts.prod/);
    expect(() => parsePlatformConfig({ ...raw(), accounts: { prod: '111111111111' } })).toThrow(/accounts.preview/);
    expect(() => parsePlatformConfig({ ...raw(), homeRegion: undefined })).toThrow(/homeRegion/);
    expect(() => parsePlatformConfig({ ...raw(), alertEmails: ['nobody'] })).toThrow(/alertEmails\[0\]/);
    expect(() => parsePlatformConfig({ ...raw(), concurrencyAlarmPercent: 150 })).toThrow(/concurrencyAlarmPercent/);
    expect(() => parsePlatformConfig({ ...raw(), github: { org: 'acme', repositories: [] } })).toThrow(/at least one/);
  });
});
