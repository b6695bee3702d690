/**
 * The janitor's command line (janitor.yml, and preview.yml when a pull request closes):
 *
 *   npm run janitor -- [--pr <n>] [--dry-run]
 *
 * Environment: GITHUB_REPOSITORY (owner/name), GITHUB_TOKEN, GITHUB_API_URL (default https://api.github.com),
 * JANITOR_CFN_ROLE_ARN (execution role CloudFormation deletes with; default: the stack's own), SERVICE_CONFIG
 * (default ../infra/service.config.json: the service name and region), AWS credentials and AWS_REGION as usual
 * (AWS_ENDPOINT_URL_CLOUDFORMATION points the SDK elsewhere, e.g. at moto in the tests).
 * Prints a Markdown report (also appended to GITHUB_STEP_SUMMARY) and exits 1 when any deletion failed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GithubPullRequests } from './github';
import { runJanitor } from './janitor';
import { renderReport } from './report';

interface Args {
  readonly pr?: number;
  readonly dryRun: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  let pr: number | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--pr') {
      const value = argv[++i];
      if (!value || !/^[1-9][0-9]*$/.test(value)) throw new Error(`--pr needs a pull request number, got ${JSON.stringify(value)}`);
      pr = Number(value);
    } else throw new Error(`unknown argument ${JSON.stringify(arg)} (usage: janitor [--pr <n>] [--dry-run])`);
  }
  return { pr, dryRun };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const configPath = process.env.SERVICE_CONFIG ?? path.join(__dirname, '..', '..', '..', 'infra', 'service.config.json');
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as { service: string; region: string };
  const result = await runJanitor({
    cfn: new CloudFormationClient({ region: process.env.AWS_REGION ?? config.region }),
    github: new GithubPullRequests({
      apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
      repository: required('GITHUB_REPOSITORY'),
      token: process.env.GITHUB_TOKEN,
    }),
    service: config.service,
    roleArn: process.env.JANITOR_CFN_ROLE_ARN || undefined,
    onlyPr: args.pr,
    dryRun: args.dryRun,
  });
  const report = renderReport(result, config.service);
  process.stdout.write(report);
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, report);
  return result.failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`janitor: ${error.message}\n`);
      process.exit(2);
    },
  );
}
