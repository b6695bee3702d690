import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'deploy-fleet.sh');

/** A fake `gh`: logs its arguments; `run watch` fails for repos named in FAIL_REPO. */
const FAKE_GH = `#!/usr/bin/env bash
echo "$*" >> "$GH_LOG"
case "$1 $2" in
  "workflow run") exit 0 ;;
  "run list") echo 4242 ;;
  "run watch") [[ "$*" == *"$FAIL_REPO"* ]] && exit 1; exit 0 ;;
  "run view") echo failure ;;
esac
`;

function runFleet(services: object[], failRepo = 'none/none') {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
  writeFileSync(join(dir, 'gh'), FAKE_GH);
  chmodSync(join(dir, 'gh'), 0o755);
  writeFileSync(join(dir, 'fleet.json'), JSON.stringify({ services }));
  const summary = join(dir, 'summary.md');
  const run = spawnSync('bash', [SCRIPT, join(dir, 'fleet.json'), summary], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, GH_LOG: join(dir, 'gh.log'), FAIL_REPO: failRepo, POLL_SECONDS: '0' },
  });
  return { status: run.status, summary: readFileSync(summary, 'utf8'), log: readFileSync(join(dir, 'gh.log'), 'utf8') };
}

describe('deploy-fleet.sh', () => {
  const services = [
    { name: 'orders-api', repository: 'acme/orders-api', defaultBranch: 'main' },
    { name: 'files-api', repository: 'acme/files-api', defaultBranch: 'trunk' },
  ];

  it('dispatches deploy.yml on each default branch, waits, and summarizes', () => {
    const { status, summary, log } = runFleet(services);
    expect(status).toBe(0);
    expect(log).toContain('workflow run deploy.yml --repo acme/orders-api --ref main');
    expect(log).toContain('workflow run deploy.yml --repo acme/files-api --ref trunk');
    expect(log).toContain('run watch 4242 --repo acme/files-api --exit-status');
    expect(summary).toContain('| orders-api | acme/orders-api | main | [4242](https://github.com/acme/orders-api/actions/runs/4242) | success |');
    expect(summary).toContain('| files-api | acme/files-api | trunk |');
  });

  it('keeps going after a failed service and exits non-zero', () => {
    const { status, summary } = runFleet(services, 'acme/orders-api');
    expect(status).toBe(1);
    expect(summary).toMatch(/\| orders-api \|.*\| failure \|/);
    expect(summary).toMatch(/\| files-api \|.*\| success \|/);
  });
});
