import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import {
  Job, Step, WORKFLOWS_DIR, WORKFLOW_NAMES, Workflow, allRunScripts, awsJobs, environmentName, loadWorkflow, workflowText,
} from '../support/workflows';

const ci = loadWorkflow('ci');
const deploy = loadWorkflow('deploy');
const preview = loadWorkflow('preview');
const janitor = loadWorkflow('janitor');
const ALL: [string, Workflow][] = [['ci', ci], ['deploy', deploy], ['preview', preview], ['janitor', janitor]];

const steps = (job: Job): Step[] => job.steps ?? [];
const stepIndex = (job: Job, predicate: (s: Step) => boolean) => steps(job).findIndex(predicate);
const SAME_REPO = 'github.event.pull_request.head.repo.full_name == github.repository';

describe('triggers', () => {
  test('ci runs on pull requests and when deploy.yml calls it', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'workflow_call', 'workflow_dispatch']);
  });

  test('deploy runs on pushes to main (and by hand, as the platform rebuild does)', () => {
    expect(deploy.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
  });

  test('preview follows the pull request from opening to closing', () => {
    expect(preview.on).toEqual({ pull_request: { types: ['opened', 'synchronize', 'reopened', 'closed'] } });
  });

  test('janitor runs on a schedule and by hand', () => {
    expect(Object.keys(janitor.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });
});

describe('permissions', () => {
  test('ci.yml never asks for an OIDC token and only reads', () => {
    expect(workflowText('ci')).not.toContain('id-token');
    expect(ci.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(ci.jobs)) expect(job.permissions).toBeUndefined();
  });

  test.each([['deploy', deploy], ['preview', preview], ['janitor', janitor]] as const)(
    '%s.yml grants nothing by default and id-token: write exactly to the jobs that sign in to AWS', (_, workflow) => {
      expect(workflow.permissions).toEqual({});
      const signingIn = new Set(awsJobs(workflow).map(([name]) => name));
      expect(signingIn.size).toBeGreaterThan(0);
      for (const [name, job] of Object.entries(workflow.jobs)) {
        expect({ job: name, idToken: job.permissions?.['id-token'] }).toEqual({ job: name, idToken: signingIn.has(name) ? 'write' : undefined });
      }
    });

  test('no workflow grants write-all or read-all', () => {
    for (const name of WORKFLOW_NAMES) expect(workflowText(name)).not.toMatch(/(write|read)-all/);
  });
});

describe('concurrency', () => {
  test('ci cancels superseded pull-request runs of the same ref, never the runs deploy.yml calls', () => {
    expect(ci.concurrency?.group).toContain('${{ github.ref }}');
    expect(ci.concurrency?.group).toContain('${{ github.workflow }}');
    expect(ci.concurrency?.['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
  });

  test('one prod deploy at a time, never cancelled', () => {
    expect(deploy.jobs.prod.concurrency).toEqual({ group: expect.stringContaining('prod'), 'cancel-in-progress': false });
  });

  test('a newer push cancels the older preview run of the same pull request', () => {
    expect(preview.concurrency).toEqual({ group: 'preview-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });

  test('janitor runs are queued, not cancelled', () => {
    expect(janitor.concurrency?.['cancel-in-progress']).toBe(false);
  });
});

describe('environments and stacks', () => {
  test('deploy.yml deploys prod, in the GitHub environment the platform deploy role trusts, after ci', () => {
    const job = deploy.jobs.prod;
    expect(environmentName(job)).toBe('prod');
    expect(job.needs).toBe('ci');
    // GitHub's self-repository syntax: this repository's ci.yml at the same commit, never a file of the runner's disk.
    expect(deploy.jobs.ci.uses).toBe('$/.github/workflows/ci.yml');
    const run = allRunScripts(deploy);
    expect(run).toContain('-c env=prod');
    expect(run).toMatch(/cdk deploy "\$DATA_STACK" "\$APP_STACK"/);
    expect(run).toContain('APP_STACK=$service-prod-app');
  });

  test('deploy.yml deploys, smoke-tests, bakes with verify, records the deploy, then checks the monitoring', () => {
    const job = deploy.jobs.prod;
    const at = (pattern: RegExp) => stepIndex(job, (s) => pattern.test(s.run ?? ''));
    const order = [
      at(/serverless-axum status --env prod --format json/), at(/cdk deploy/), at(/--run-ignored only/),
      at(/serverless-axum verify --env prod/), at(/serverless-axum record-deploy --env prod/),
      at(/serverless-axum check-monitoring --env prod/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const smoke = steps(job)[order[2]];
    expect(smoke.env?.BASE_URL).toBe('${{ steps.outputs.outputs.api_url }}');
    // verify counts requests from the end of cdk deploy, and rolls a failed bake back.
    const verify = steps(job)[order[3]];
    expect(verify.id).toBe('verify');
    expect(verify.run).toContain('--serving-since "$SERVING_SINCE"');
    expect(verify.run).toContain('--rollback');
    expect(verify.if).toBeUndefined();
  });

  test('deploy.yml rolls live back when the smoke tests fail, and records failed deploys too', () => {
    const job = deploy.jobs.prod;
    const rollback = steps(job).find((s) => /serverless-axum rollback --env prod/.test(s.run ?? ''))!;
    expect(rollback.if).toBe("failure() && steps.smoke.outcome == 'failure'");
    expect(steps(job).find((s) => s.id === 'smoke')?.run).toContain('--run-ignored only');
    const record = steps(job).find((s) => /serverless-axum record-deploy/.test(s.run ?? ''))!;
    expect(record.if).toBe("always() && (steps.deploy.outcome == 'success' || steps.deploy.outcome == 'failure')");
    expect(record.env?.OUTCOME).toContain("steps.verify.outcome == 'success'");
    expect(record.env?.OUTCOME).toContain("steps.smoke.outcome == 'success'");
    expect(steps(job).find((s) => s.id === 'deploy')?.run).toContain('cdk deploy');
  });

  test('deploy.yml operates prod with the deploy role alone, and the platform CLI ci.yml built', () => {
    const job = deploy.jobs.prod;
    for (const s of steps(job)) expect(s.with?.['role-chaining']).toBeUndefined();
    expect(workflowText('deploy')).not.toMatch(/lookup-role|verify-canary/);
    expect(steps(job).some((s) => s.with?.name === 'platform-cli')).toBe(true);
    const upload = steps(ci.jobs['platform-checks']).find((s) => s.with?.name === 'platform-cli');
    expect(upload?.uses).toMatch(/^actions\/upload-artifact@[0-9a-f]{40}$/);
  });

  test('ci.yml reviews the infrastructure of every pull request, and fails on the stateful guard', () => {
    const job = ci.jobs['platform-checks'];
    const review = steps(job).find((s) => /serverless-axum diff --base "origin\/\$BASE_REF" --env prod/.test(s.run ?? ''))!;
    expect(review.if).toBe("github.event_name == 'pull_request'");
    expect(review.env?.BASE_REF).toBe('${{ github.base_ref }}');
    expect(review.run).toContain('$GITHUB_STEP_SUMMARY');
    expect((review as Record<string, unknown>)['continue-on-error']).toBeUndefined();
    // The base branch is there to check out: the whole history.
    expect(steps(job)[0].with?.['fetch-depth']).toBe(0);
    // No credentials: the review synthesizes, it never reads an account.
    expect(job.permissions).toBeUndefined();
    expect(workflowText('ci')).not.toContain('configure-aws-credentials');
  });

  test('preview.yml puts the infrastructure review in the sticky comment, without AWS access', () => {
    const review = preview.jobs.review;
    expect(review.permissions).toEqual({ contents: 'read' });
    expect(allRunScripts({ ...preview, jobs: { review } })).toContain('serverless-axum diff --base "origin/$BASE_REF" --env prod');
    expect(preview.jobs.deploy.needs).toEqual(['build', 'review']);
    expect(preview.jobs.deploy.if).toContain("needs.build.result == 'success'");
    const comment = steps(preview.jobs.deploy).find((s) => s.name === 'Sticky PR comment')!;
    expect(comment.run).toContain('infra-review.md');
  });

  test('preview.yml never deploys prod, and deploys pr-<n> through the preview execution role', () => {
    const text = workflowText('preview');
    expect(text).not.toMatch(/env=prod|environment:\s*prod|-prod-|AWS_DEPLOY_ROLE_ARN/);
    for (const job of Object.values(preview.jobs)) expect(environmentName(job)).toBeUndefined();
    const run = allRunScripts(preview);
    expect(run).toContain('-c env="pr-$PR"');
    expect(run).toContain('--role-arn "$CFN_EXEC_ROLE_ARN"');
    expect(run).toContain('-c previewBoundaryArn="$PREVIEW_BOUNDARY_ARN"');
  });

  test('preview.yml deploys with the preview role alone, in the preview bootstrap the repository variable names', () => {
    const step = steps(preview.jobs.deploy).find((s) => /cdk deploy/.test(s.run ?? ''))!;
    expect(step.run).toContain('-c previewCdkQualifier="$PREVIEW_CDK_QUALIFIER"');
    expect(step.env?.PREVIEW_CDK_QUALIFIER).toBe('${{ vars.PREVIEW_CDK_QUALIFIER }}');
    // No role assumption beyond the preview role itself (the CDK app synthesizes previews with CLI credentials).
    for (const job of Object.values(preview.jobs)) {
      for (const s of steps(job)) expect(s.with?.['role-chaining']).toBeUndefined();
    }
  });

  test('preview.yml acts only for pull requests from this repository', () => {
    for (const [name, job] of Object.entries(preview.jobs)) {
      const guarded = job.if?.includes(SAME_REPO) || (job.needs !== undefined && [job.needs].flat().every((n) => preview.jobs[n].if?.includes(SAME_REPO)));
      expect({ job: name, guarded }).toEqual({ job: name, guarded: true });
    }
  });

  test('preview.yml smoke-tests, comments and records a deployment; closing destroys through the janitor', () => {
    const job = preview.jobs.deploy;
    const names = steps(job).map((s) => s.name ?? s.uses ?? '');
    expect(names).toEqual(expect.arrayContaining(['Smoke tests against the preview', 'GitHub Deployment', 'Sticky PR comment']));
    expect(preview.jobs.destroy.if).toContain("github.event.action == 'closed'");
    expect(preview.jobs.build.if).toContain("github.event.action != 'closed'");
    expect(allRunScripts({ ...preview, jobs: { destroy: preview.jobs.destroy } })).toContain('npm run --silent janitor -- --pr "$PR"');
  });

  test('the janitor uses a pr-* environment, so it gets the preview role and never the prod one', () => {
    expect(environmentName(janitor.jobs.janitor)).toMatch(/^pr-/);
    expect(workflowText('janitor')).not.toContain('AWS_DEPLOY_ROLE_ARN');
  });

  test('AWS roles come from repository variables, one per purpose', () => {
    const roleOf = (workflow: Workflow) => awsJobs(workflow).flatMap(([, job]) => steps(job)
      .filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') && !s.with?.['role-chaining'])
      .map((s) => s.with?.['role-to-assume']));
    expect(roleOf(deploy)).toEqual(['${{ vars.AWS_DEPLOY_ROLE_ARN }}']);
    expect(roleOf(preview)).toEqual(['${{ vars.AWS_PREVIEW_ROLE_ARN }}', '${{ vars.AWS_PREVIEW_ROLE_ARN }}']);
    expect(roleOf(janitor)).toEqual(['${{ vars.AWS_PREVIEW_ROLE_ARN }}']);
  });
});

describe('credentials and actions', () => {
  test.each(WORKFLOW_NAMES)('%s.yml holds no stored AWS keys', (name) => {
    const text = workflowText(name);
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_SESSION_TOKEN/i);
    expect(text).not.toMatch(/secrets\.[A-Z_]*AWS/i);
  });

  // `uses: owner/repo@<40-hex commit> # vX.Y.Z`: a tag can be moved, a commit cannot. Dependabot's github-actions
  // updates keep the SHA and the comment in step.
  const PINNED = /^\s*(?:-\s+)?uses:\s+([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$/;

  test.each(WORKFLOW_NAMES)('%s.yml pins every action by full commit SHA, with its version tag as a comment', (name) => {
    const lines = workflowText(name).split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      if (/uses:\s+\$\/\.github\/workflows\//.test(line)) continue; // this repository's own reusable workflow
      expect({ line: line.trim(), pinned: PINNED.test(line) }).toEqual({ line: line.trim(), pinned: true });
    }
  });

  test('every action is at one commit and version everywhere, on the majors the platform uses', () => {
    const versions = new Map<string, Set<string>>();
    for (const name of WORKFLOW_NAMES) {
      for (const line of workflowText(name).split('\n')) {
        const match = PINNED.exec(line);
        if (match) versions.set(match[1], (versions.get(match[1]) ?? new Set()).add(`${match[2]} ${match[3]}`));
      }
    }
    for (const [action, seen] of versions) expect({ action, versions: [...seen] }).toEqual({ action, versions: [[...seen][0]] });
    const major = (action: string) => [...(versions.get(action) ?? [])].map((v) => v.split(' ')[1].split('.')[0]);
    // The platform's own workflows use these; services follow.
    expect(major('actions/checkout')).toEqual(['v5']);
    expect(major('actions/setup-node')).toEqual(['v5']);
    expect(major('aws-actions/configure-aws-credentials')).toEqual(['v6']);
  });

  test('every uses: in the parsed workflows is a pinned action or this repository\'s reusable workflow', () => {
    for (const [name, workflow] of ALL) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        if (job.uses) expect({ job: `${name}/${jobName}`, uses: job.uses }).toEqual({ job: `${name}/${jobName}`, uses: expect.stringMatching(/^\$\/\.github\/workflows\/[\w-]+\.yml$/) });
        for (const step of steps(job)) {
          if (step.uses) expect({ step: step.uses, pinned: /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/.test(step.uses) }).toEqual({ step: step.uses, pinned: true });
        }
      }
    }
  });

  test('taiki-e/install-action keeps its tool: input when pinned by SHA', () => {
    const installs = ALL.flatMap(([, w]) => Object.values(w.jobs).flatMap((j) => steps(j)))
      .filter((s) => s.uses?.startsWith('taiki-e/install-action@'));
    expect(installs.length).toBeGreaterThan(0);
    for (const step of installs) expect(step.with?.tool).toMatch(/^cargo-[a-z-]+$/);
  });

  test('every setup-node installs Node 22', () => {
    const setups = ALL.flatMap(([, w]) => Object.values(w.jobs).flatMap((j) => steps(j)))
      .filter((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setups.length).toBeGreaterThan(0);
    for (const step of setups) expect(step.with?.['node-version']).toBe(22);
  });

  test('no checkout leaves the GitHub token in .git/config', () => {
    for (const [name, workflow] of ALL) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        for (const step of steps(job).filter((s) => s.uses?.startsWith('actions/checkout@'))) {
          expect({ job: `${name}/${jobName}`, persist: step.with?.['persist-credentials'] }).toEqual({ job: `${name}/${jobName}`, persist: false });
        }
      }
    }
  });

  test('no run: script expands a ${{ }} expression inline (values reach scripts through env:)', () => {
    for (const [name, workflow] of ALL) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        for (const step of steps(job)) {
          expect({ step: `${name}/${jobName}/${step.name ?? step.uses}`, inline: (step.run ?? '').includes('${{') })
            .toEqual({ step: `${name}/${jobName}/${step.name ?? step.uses}`, inline: false });
        }
      }
    }
  });

  test('no job that signs in to AWS restores a cache (cache poisoning)', () => {
    for (const [name, workflow] of [['deploy', deploy], ['preview', preview], ['janitor', janitor]] as const) {
      for (const [jobName, job] of awsJobs(workflow)) {
        for (const step of steps(job)) {
          const caches = /^(actions\/cache|Swatinem\/rust-cache)@/.test(step.uses ?? '') || step.with?.cache !== undefined;
          expect({ step: `${name}/${jobName}/${step.name ?? step.uses}`, caches }).toEqual({ step: `${name}/${jobName}/${step.name ?? step.uses}`, caches: false });
        }
      }
    }
  });

  test('the job that builds the prod Lambda zip restores no cache when deploy.yml calls it', () => {
    for (const step of steps(ci.jobs.lambda)) {
      if (/^(actions\/cache|Swatinem\/rust-cache)@/.test(step.uses ?? '')) expect(step.if).toBe("${{ github.event_name == 'pull_request' }}");
      if (step.with?.cache !== undefined) expect(step.with.cache).toBe("${{ github.event_name == 'pull_request' && 'pip' || '' }}");
    }
  });

  test('Dependabot keeps the pinned actions, crates and npm packages current, a week after each release', () => {
    const config = parse(fs.readFileSync(path.join(WORKFLOWS_DIR, '..', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; cooldown?: { 'default-days'?: number } }[];
    };
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['cargo', 'github-actions', 'npm']);
    for (const update of config.updates) expect(update.cooldown?.['default-days']).toBeGreaterThanOrEqual(7);
  });

  test('every job has a timeout', () => {
    for (const [name, workflow] of ALL) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        if (job.uses) continue; // a called workflow sets its own
        expect({ job: `${name}/${jobName}`, timeout: typeof (job as { 'timeout-minutes'?: number })['timeout-minutes'] })
          .toEqual({ job: `${name}/${jobName}`, timeout: 'number' });
      }
    }
  });
});

describe('ci.yml', () => {
  test('runs every check the issue lists', () => {
    const run = allRunScripts(ci);
    for (const command of ['cargo fmt --all --check', 'cargo clippy --all-targets --locked -- -D warnings', 'cargo nextest run',
      'cargo deny --locked check advisories licenses bans', 'cargo lambda build --release --arm64', 'npm test', 'npx cdk synth']) {
      expect(run).toContain(command);
    }
    expect(workflowText('ci')).toContain("pip install -c ci-requirements.txt 'moto[server]'");
  });

  test('installs the toolchain rust-toolchain.toml pins, and adds the arm64 target where it builds for Lambda', () => {
    for (const [name, workflow] of ALL) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        const runs = steps(job).map((s) => s.run ?? '').join('\n');
        expect(runs).not.toMatch(/rustup (default|toolchain install) (stable|nightly|beta|\d)/);
        if (!/\bcargo (clippy|nextest run|build|lambda build|run)\b/.test(runs)) continue;
        expect({ job: `${name}/${jobName}`, installs: /rustup toolchain install --profile minimal --no-self-update/.test(runs) })
          .toEqual({ job: `${name}/${jobName}`, installs: true });
        if (runs.includes('--arm64')) {
          expect({ job: `${name}/${jobName}`, target: runs.includes('rustup target add aarch64-unknown-linux-gnu') })
            .toEqual({ job: `${name}/${jobName}`, target: true });
        }
      }
    }
  });

  test('publishes the artifacts deploy.yml deploys, smoke-tests and operates prod with', () => {
    const uploads = Object.values(ci.jobs).flatMap((j) => steps(j)).filter((s) => s.uses?.startsWith('actions/upload-artifact@')).map((s) => s.with?.name);
    expect(uploads.sort()).toEqual(['lambda-arm64', 'platform-cli', 'smoke-tests']);
    const downloads = steps(deploy.jobs.prod).filter((s) => s.uses?.startsWith('actions/download-artifact@')).map((s) => s.with?.name);
    expect(downloads.sort()).toEqual(['lambda-arm64', 'platform-cli', 'smoke-tests']);
  });
});
