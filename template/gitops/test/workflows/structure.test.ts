import {
  Job, Step, WORKFLOW_NAMES, Workflow, allRunScripts, awsJobs, environmentName, loadWorkflow, workflowText,
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
    expect(deploy.jobs.ci.uses).toBe('./.github/workflows/ci.yml');
    const run = allRunScripts(deploy);
    expect(run).toContain('-c env=prod');
    expect(run).toMatch(/cdk deploy "\$DATA_STACK" "\$APP_STACK"/);
    expect(run).toContain('APP_STACK=$service-prod-app');
  });

  test('deploy.yml checks the canary and smoke-tests after deploying', () => {
    const job = deploy.jobs.prod;
    const deployed = stepIndex(job, (s) => /cdk deploy/.test(s.run ?? ''));
    const canary = stepIndex(job, (s) => /verify-canary\.sh/.test(s.run ?? ''));
    const smoke = stepIndex(job, (s) => /--run-ignored only/.test(s.run ?? ''));
    expect(deployed).toBeGreaterThanOrEqual(0);
    expect(canary).toBeGreaterThan(deployed);
    expect(smoke).toBeGreaterThan(deployed);
    expect(steps(job)[smoke].env?.BASE_URL).toBe('${{ steps.outputs.outputs.api_url }}');
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

  test('every action is pinned to a major version, the same one everywhere', () => {
    const versions = new Map<string, Set<string>>();
    for (const [, workflow] of ALL) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of steps(job)) {
          if (!step.uses) continue;
          const match = /^([\w.-]+\/[\w.-]+)@(v\d+)$/.exec(step.uses);
          expect({ uses: step.uses, pinned: match !== null }).toEqual({ uses: step.uses, pinned: true });
          if (match) versions.set(match[1], (versions.get(match[1]) ?? new Set()).add(match[2]));
        }
      }
    }
    for (const [action, seen] of versions) expect({ action, versions: [...seen] }).toEqual({ action, versions: [[...seen][0]] });
    // The platform's own workflows use these; services follow.
    expect(versions.get('actions/checkout')).toEqual(new Set(['v5']));
    expect(versions.get('actions/setup-node')).toEqual(new Set(['v5']));
    expect(versions.get('aws-actions/configure-aws-credentials')).toEqual(new Set(['v6']));
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

  test('publishes the artifacts deploy.yml deploys and smoke-tests', () => {
    const uploads = Object.values(ci.jobs).flatMap((j) => steps(j)).filter((s) => s.uses?.startsWith('actions/upload-artifact@')).map((s) => s.with?.name);
    expect(uploads.sort()).toEqual(['lambda-arm64', 'smoke-tests']);
    const downloads = steps(deploy.jobs.prod).filter((s) => s.uses?.startsWith('actions/download-artifact@')).map((s) => s.with?.name);
    expect(downloads.sort()).toEqual(['lambda-arm64', 'smoke-tests']);
  });
});
