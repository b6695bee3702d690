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

/**
 * The repository's rebuild.yml, which runs deploy-fleet.sh: read as text (infra has no YAML parser), its jobs split
 * at two-space indentation and a step's `run: |` block taken by indentation. Its scripts run here with fakes on PATH.
 */
describe('rebuild.yml', () => {
  const text = readFileSync(join(__dirname, '..', '..', '..', '.github', 'workflows', 'rebuild.yml'), 'utf8');

  function job(name: string): string {
    const lines = text.split('\n');
    const start = lines.indexOf(`  ${name}:`);
    expect(start).toBeGreaterThanOrEqual(0);
    const end = lines.findIndex((line, i) => i > start && /^ {2}[\w-]+:/.test(line));
    return lines.slice(start, end < 0 ? undefined : end).join('\n');
  }

  /** The `run: |` script of the step named `step` in `block`, de-indented. */
  function runScript(block: string, step: string): string {
    const lines = block.split('\n');
    const named = lines.findIndex((line) => line.trim() === `- name: ${step}`);
    expect(named).toBeGreaterThanOrEqual(0);
    const run = lines.findIndex((line, i) => i > named && /^\s+run: \|$/.test(line));
    const indent = lines[run].indexOf('run:') + 2;
    const body: string[] = [];
    for (const line of lines.slice(run + 1)) {
      if (line.trim() !== '' && line.length - line.trimStart().length < indent) break;
      body.push(line.slice(indent));
    }
    return body.join('\n');
  }

  /** Runs `script` with bash, a fake `npx` (prints NPX_OUT, logs its arguments) and fake `aws` on PATH. */
  function runWithFakes(script: string, env: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'rebuild-'));
    writeFileSync(join(dir, 'npx'), '#!/usr/bin/env bash\necho "$*" >> "$NPX_LOG"\nprintf \'%s\\n\' "${NPX_OUT:-}"\n');
    chmodSync(join(dir, 'npx'), 0o755);
    for (const file of ['output', 'summary', 'npx.log']) writeFileSync(join(dir, file), '');
    const run = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], {
      encoding: 'utf8',
      env: {
        ...process.env, PATH: `${dir}:${process.env.PATH}`, NPX_LOG: join(dir, 'npx.log'),
        GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), ...env,
      },
    });
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    return { status: run.status, stdout: run.stdout, output: read('output'), summary: read('summary'), npx: read('npx.log') };
  }

  const PLAN = {
    include: [
      { kind: 'prod', account: '111111111111', homeRegion: 'us-west-2', regions: 'us-west-2 eu-west-1', bootstrap: 'hnb659fds:CDKToolkit', stacks: 'platform-prod-*' },
      { kind: 'preview', account: '222222222222', homeRegion: 'us-west-2', regions: 'us-west-2 eu-west-1', bootstrap: 'previews:CDKToolkit-previews', stacks: 'platform-preview-*' },
    ],
  };
  const SINGLE = {
    include: [{ kind: 'single', account: '333333333333', homeRegion: 'eu-west-1', regions: 'eu-west-1', bootstrap: 'hnb659fds:CDKToolkit previews:CDKToolkit-previews', stacks: 'platform-account-*' }],
  };
  const planScript = () => runScript(job('plan'), 'Plan, and check the confirmation');

  it('plans from bin/rebuild-plan.ts and outputs the matrix and the prod account when confirm is the prod account', () => {
    const { status, output, summary, npx } = runWithFakes(planScript(), { NPX_OUT: JSON.stringify(PLAN), CONFIRM: '111111111111' });
    expect(status).toBe(0);
    expect(npx.trim()).toBe('ts-node bin/rebuild-plan.ts');
    expect(output).toContain(`matrix=${JSON.stringify(PLAN)}\n`);
    expect(output).toContain('prod_account=111111111111\n');
    expect(summary).toContain('| preview | `222222222222` | us-west-2 | us-west-2 eu-west-1 | previews:CDKToolkit-previews | `platform-preview-*` |');
  });

  it('refuses a confirm that is not the prod account (the preview one included)', () => {
    for (const confirm of ['222222222222', '', '111111111112']) {
      const { status, stdout, output } = runWithFakes(planScript(), { NPX_OUT: JSON.stringify(PLAN), CONFIRM: confirm });
      expect(status).toBe(1);
      expect(stdout).toContain('::error::the confirm input must equal the prod account id');
      expect(output).toBe('');
    }
  });

  it('takes the single account as the one to confirm in single-account mode', () => {
    const { status, output } = runWithFakes(planScript(), { NPX_OUT: JSON.stringify(SINGLE), CONFIRM: '333333333333' });
    expect(status).toBe(0);
    expect(output).toContain('prod_account=333333333333\n');
  });

  it('refuses a malformed plan before it becomes a matrix', () => {
    const bad = (change: object) => ({ include: [{ ...PLAN.include[0], ...change }] });
    for (const plan of [bad({ kind: 'staging' }), bad({ account: '1111; rm -rf /' }), bad({ regions: 'us-west-2 $(id)' }),
      bad({ bootstrap: 'hnb659fds' }), { include: [] }, 'not json']) {
      const { status, output } = runWithFakes(planScript(), { NPX_OUT: typeof plan === 'string' ? plan : JSON.stringify(plan), CONFIRM: '111111111111' });
      expect({ plan, status }).toEqual({ plan, status: 1 });
      expect(output).toBe('');
    }
  });

  it('bootstraps every region with every qualifier of the matrix row, then deploys its stacks', () => {
    const platform = job('platform');
    const bootstrap = runWithFakes(runScript(platform, 'cdk bootstrap (every region, every qualifier)'), {
      ACCOUNT: '333333333333', REGIONS: 'eu-west-1 us-east-1', BOOTSTRAP: 'hnb659fds:CDKToolkit previews:CDKToolkit-previews',
    });
    expect(bootstrap.status).toBe(0);
    expect(bootstrap.npx.trim().split('\n')).toEqual([
      'cdk bootstrap --qualifier hnb659fds --toolkit-stack-name CDKToolkit aws://333333333333/eu-west-1',
      'cdk bootstrap --qualifier previews --toolkit-stack-name CDKToolkit-previews aws://333333333333/eu-west-1',
      'cdk bootstrap --qualifier hnb659fds --toolkit-stack-name CDKToolkit aws://333333333333/us-east-1',
      'cdk bootstrap --qualifier previews --toolkit-stack-name CDKToolkit-previews aws://333333333333/us-east-1',
    ]);
    expect(platform).toContain(`run: npx cdk deploy "$STACKS" --require-approval never`);
    expect(platform).toContain('role-to-assume: arn:aws:iam::${{ matrix.account }}:role/platform-github-rebuild');
    expect(platform).toContain('matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}');
    expect(platform).toMatch(/needs: \[plan, subject-claims\]/);
    expect(platform).toContain('environment: rebuild');
    expect(platform).toContain('id-token: write');
    for (const kind of ['PROD', 'PREVIEW', 'SINGLE']) expect(platform).toContain(`secrets.BREAK_GLASS_${kind}_AWS_ACCESS_KEY_ID`);
  });

  it('applies the OIDC subject claims, and redeploys the fleet, in the rebuild environment that holds the token', () => {
    const claims = job('subject-claims');
    expect(claims).toContain('environment: rebuild');
    expect(claims).toContain('GH_TOKEN: ${{ secrets.FLEET_DISPATCH_TOKEN }}');
    expect(claims).toContain('npx ts-node scripts/oidc-subject-claims.ts');
    expect(claims).not.toContain('id-token');
    const services = job('services');
    expect(services).toContain('environment: rebuild');
    expect(services).toContain('needs: platform');
    expect(services).toContain('GH_TOKEN: ${{ secrets.FLEET_DISPATCH_TOKEN }}');
    expect(services).toContain('infra/scripts/deploy-fleet.sh fleet.json "$GITHUB_STEP_SUMMARY"');
  });

  it('never expands a ${{ }} expression inside a run: script, and sets up Node 22', () => {
    for (const name of ['plan', 'subject-claims', 'platform', 'services']) {
      const lines = job(name).split('\n');
      let indent = -1;
      for (const line of lines) {
        const current = line.length - line.trimStart().length;
        if (indent >= 0 && line.trim() !== '' && current < indent) indent = -1;
        if (indent >= 0) expect({ job: name, line, inline: line.includes('${{') }).toEqual({ job: name, line, inline: false });
        const run = /^(\s+)run: (.*)$/.exec(line);
        if (run) {
          expect({ job: name, line, inline: run[2].includes('${{') }).toEqual({ job: name, line, inline: false });
          if (run[2] === '|') indent = run[1].length + 2;
        }
      }
    }
    expect(text).not.toMatch(/node-version: (?!22\b)/);
    expect(text.match(/node-version: 22/g)?.length).toBe(3);
  });
});
