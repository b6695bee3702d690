import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from '../../src/janitor/main';
import { startFakeGithub } from '../support/fakeGithub';
import { FAKE_CREDENTIALS, REGION, createStack, motoCloudFormation, motoUrl, previewTags, uniqueService } from '../support/moto';
import { listStacks } from '../../src/janitor/stacks';

describe('janitor command line', () => {
  test('parses --pr and --dry-run, and refuses anything else', () => {
    expect(parseArgs([])).toEqual({ pr: undefined, dryRun: false });
    expect(parseArgs(['--pr', '12', '--dry-run'])).toEqual({ pr: 12, dryRun: true });
    expect(() => parseArgs(['--pr'])).toThrow('--pr needs a pull request number');
    expect(() => parseArgs(['--pr', '0'])).toThrow('--pr needs a pull request number');
    expect(() => parseArgs(['--force'])).toThrow('unknown argument');
  });

  test('runs end to end as the workflows run it: report on stdout and in the step summary', async () => {
    const service = uniqueService();
    const cfn = motoCloudFormation();
    for (const kind of ['app', 'data']) await createStack(cfn, `${service}-pr-8-${kind}`, previewTags(service, 8, '2099-01-01T00:00:00Z'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-cli-'));
    const config = path.join(dir, 'service.config.json');
    fs.writeFileSync(config, JSON.stringify({ service, region: REGION }));
    const summary = path.join(dir, 'summary.md');
    const github = await startFakeGithub('acme/orders-api', { 8: 'closed' });
    try {
      // Asynchronous: the fake GitHub server answers from this process's event loop.
      const run = await runNode(['-r', 'ts-node/register/transpile-only', 'src/janitor/main.ts', '--pr', '8'], {
        PATH: process.env.PATH, HOME: os.tmpdir(),
        SERVICE_CONFIG: config, GITHUB_REPOSITORY: 'acme/orders-api', GITHUB_API_URL: github.url, GITHUB_TOKEN: 'x',
        GITHUB_STEP_SUMMARY: summary, AWS_REGION: REGION, AWS_ENDPOINT_URL_CLOUDFORMATION: motoUrl(),
        AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      });
      expect(run.stderr).not.toContain('janitor:');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`| \`${service}-pr-8-app\` | #8 | deleted | PR #8 is closed |`);
      expect(fs.readFileSync(summary, 'utf8')).toBe(run.stdout);
      expect((await listStacks(cfn)).filter((s) => s.name.startsWith(service))).toEqual([]);
    } finally {
      await github.close();
    }
  });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: path.join(__dirname, '..', '..'), env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
