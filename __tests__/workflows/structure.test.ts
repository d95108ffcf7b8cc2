import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_IMMUTABLE_TAG_PATTERN } from '../../config';
import { allWorkflows, job, type Job, loadWorkflow, runStepScript, secretsIn, step, stepsOf, triggers, type Workflow } from './workflow-files';

const SECRETS = ['SOPS_AGE_KEY', 'TF_API_TOKEN', 'PINSTACK_PR_TOKEN', 'GITHUB_TOKEN'];

function concurrencyOf(j: Job | Workflow): { group: string; cancel: unknown } {
  const c = j.concurrency;
  if (!c || typeof c === 'string') throw new Error(`expected a concurrency object, got ${JSON.stringify(c)}`);
  return { group: c.group, cancel: c['cancel-in-progress'] };
}

function runs(file: string, jobName: string): string {
  return stepsOf(file, jobName)
    .map((s) => s.run ?? '')
    .join('\n');
}

/** Index of the first step whose run script runs `npx pinstack <command>`. */
function stepIndex(file: string, jobName: string, command: string): number {
  const i = stepsOf(file, jobName).findIndex((s) => new RegExp(`npx pinstack ${command}\\b`).test(s.run ?? ''));
  if (i < 0) throw new Error(`${file} job ${jobName} never runs pinstack ${command}`);
  return i;
}

describe('every workflow', () => {
  const files = allWorkflows();

  test('never runs on pull_request_target (it would run PR code with secrets)', () => {
    for (const f of files) {
      expect([f.file, triggers(f.workflow)]).not.toEqual([f.file, expect.arrayContaining(['pull_request_target'])]);
      expect(f.text).not.toContain('pull_request_target:');
    }
  });

  test('sets least-privilege permissions: a restrictive top level and explicit permissions on every job', () => {
    const problems: string[] = [];
    for (const f of files) {
      const top = f.workflow.permissions;
      const restrictive = top !== undefined && typeof top === 'object' && Object.values(top).every((v) => v === 'read' || v === 'none');
      for (const [name, j] of Object.entries(f.workflow.jobs)) {
        if (j.permissions === undefined && !restrictive) problems.push(`${f.file} job ${name}: no permissions and no restrictive top-level permissions`);
        if (typeof j.permissions === 'string') problems.push(`${f.file} job ${name}: permissions ${j.permissions} (list them)`);
      }
      if (typeof top === 'string') problems.push(`${f.file}: top-level permissions ${top}`);
    }
    expect(problems).toEqual([]);
  });

  test('sets up terraform 1.11.4 without the wrapper (it breaks cdktf) wherever terraform is set up', () => {
    let count = 0;
    for (const f of files) {
      for (const [name, j] of Object.entries(f.workflow.jobs)) {
        for (const s of j.steps ?? []) {
          if (!s.uses?.startsWith('hashicorp/setup-terraform')) continue;
          count++;
          expect([f.file, name, s.uses, s.with?.terraform_wrapper, String(s.with?.terraform_version)]).toEqual([f.file, name, 'hashicorp/setup-terraform@v3', false, '1.11.4']);
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(4);
  });

  test('uses node 20 with the npm cache, and npm ci', () => {
    for (const f of files) {
      for (const [name, j] of Object.entries(f.workflow.jobs)) {
        const steps = j.steps ?? [];
        const node = steps.filter((s) => s.uses?.startsWith('actions/setup-node'));
        for (const s of node) expect([f.file, name, s.uses, String(s.with?.['node-version']), s.with?.cache]).toEqual([f.file, name, 'actions/setup-node@v4', '20', 'npm']);
        if (steps.some((s) => /npx pinstack/.test(s.run ?? ''))) {
          expect([f.file, name, node.length]).toEqual([f.file, name, 1]);
          expect([f.file, name, steps.some((s) => /^npm ci\b/.test(s.run ?? ''))]).toEqual([f.file, name, true]);
        }
        for (const s of steps.filter((x) => x.uses?.startsWith('actions/checkout'))) expect(s.uses).toBe('actions/checkout@v4');
      }
    }
  });

  test('keeps artifacts briefly', () => {
    for (const f of files) {
      for (const j of Object.values(f.workflow.jobs)) {
        for (const s of (j.steps ?? []).filter((x) => x.uses?.startsWith('actions/upload-artifact'))) {
          expect(s.uses).toBe('actions/upload-artifact@v4');
          expect(s.with?.['retention-days']).toBeLessThanOrEqual(14);
        }
      }
    }
  });

  test('passes values to run scripts through env, never as ${{ }} (no script injection, no secret in a script)', () => {
    const problems = files.flatMap((f) => f.runs.filter((r) => r.script.includes('${{')).map((r) => `${f.file}:${r.firstLine} (job ${r.job})`));
    expect(problems).toEqual([]);
  });

  test('hands secrets only to the steps (or called workflows) that use them, never to a whole job or workflow', () => {
    const problems: string[] = [];
    for (const f of files) {
      if (secretsIn(f.workflow.env).length) problems.push(`${f.file}: workflow env has secrets`);
      for (const [name, j] of Object.entries(f.workflow.jobs)) {
        if (secretsIn(j.env).length) problems.push(`${f.file} job ${name}: job env has secrets`);
        if (j.secrets === 'inherit') problems.push(`${f.file} job ${name}: secrets: inherit`);
        for (const s of [...secretsIn(j.secrets), ...(j.steps ?? []).flatMap((x) => [...secretsIn(x.env), ...secretsIn(x.with)])]) {
          if (!SECRETS.includes(s)) problems.push(`${f.file} job ${name}: unexpected secret ${s}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('never echoes a secret or turns on shell tracing', () => {
    for (const f of allWorkflows()) {
      for (const r of f.runs) {
        expect([r.file, r.firstLine, /\bset -x\b|\bset -o xtrace\b/.test(r.script)]).toEqual([r.file, r.firstLine, false]);
        expect([r.file, r.firstLine, /echo[^\n]*\$\{?(SOPS_AGE_KEY|TF_API_TOKEN|GH_TOKEN|GITHUB_TOKEN)\b/.test(r.script)]).toEqual([r.file, r.firstLine, false]);
      }
    }
  });
});

describe('pr-plan.yml', () => {
  const F = 'pr-plan.yml';
  const w = loadWorkflow(F).workflow;

  test('runs on pull_request only', () => {
    expect(triggers(w)).toEqual(['pull_request']);
  });

  test('one run per PR: a new push cancels the running one', () => {
    expect(concurrencyOf(w)).toEqual({ group: 'pr-plan-${{ github.event.pull_request.number }}', cancel: true });
  });

  test('tests every PR, forks included, with no secret', () => {
    const t = job(F, 'test');
    expect(t.if).toBeUndefined();
    expect(runs(F, 'test')).toMatch(/^npm test$/m);
    expect(secretsIn(t)).toEqual([]);
    expect(t.permissions).toEqual({ contents: 'read' });
  });

  test('plans only PRs from this repository, and only the plan job holds secrets', () => {
    const plan = job(F, 'plan');
    expect(plan.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    for (const [name, j] of Object.entries(w.jobs)) if (name !== 'plan') expect([name, secretsIn(j)]).toEqual([name, []]);
    expect(new Set(secretsIn(plan))).toEqual(new Set(['SOPS_AGE_KEY', 'TF_API_TOKEN']));
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write', actions: 'read' });
  });

  test('the secrets reach only check and plan', () => {
    const withSecrets = stepsOf(F, 'plan')
      .filter((s) => secretsIn(s.env).some((x) => x !== 'GITHUB_TOKEN'))
      .map((s) => s.name);
    expect(withSecrets).toEqual(['Policy check', 'Plan']);
  });

  test('affected -> check (SARIF, uploaded) -> plan of the affected environments -> comment render -> comment post -> fail when blocked', () => {
    const checkout = stepsOf(F, 'plan')[0]!;
    expect(checkout.with?.['fetch-depth']).toBe(0);
    expect(checkout.with?.['persist-credentials']).toBe(false);
    expect(step(F, 'plan', 'Affected environments').run).toContain('npx pinstack affected --base "origin/$BASE_REF"');
    expect(step(F, 'plan', 'Affected environments').env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(step(F, 'plan', 'Policy check').run).toContain('npx pinstack check --format sarif --out pinstack.sarif');
    expect(step(F, 'plan', /code scanning/).uses).toBe('github/codeql-action/upload-sarif@v3');
    expect(step(F, 'plan', /code scanning/).with?.sarif_file).toBe('pinstack.sarif');
    expect(step(F, 'plan', 'Plan').env?.ENVIRONMENTS).toBe('${{ steps.affected.outputs.environments }}');

    const order = ['affected', 'check', 'plan', 'comment render', 'comment post'].map((c) => stepIndex(F, 'plan', c));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const steps = stepsOf(F, 'plan');
    const fail = steps.findIndex((s) => s.name === 'Fail when the plan is blocked');
    expect(fail).toBe(steps.length - 1);
    expect(steps[fail]!.if).toContain("steps.plan.outputs.exit-code == '1'");
    expect(step(F, 'plan', 'Post the PR comment').env?.GITHUB_TOKEN).toBe('${{ github.token }}');
  });

  test('writes the summary to the job summary and uploads the plan, even when a step failed', () => {
    expect(step(F, 'plan', 'Job summary').if).toBe('always()');
    expect(step(F, 'plan', 'Job summary').run).toContain('pinstack-plan/summary.md');
    expect(step(F, 'plan', 'Job summary').run).toContain('"$GITHUB_STEP_SUMMARY"');
    const upload = step(F, 'plan', 'Upload the plan');
    expect(upload.if).toBe('always()');
    expect(upload.with?.path).toContain('pinstack-plan/');
    expect(upload.with?.path).not.toMatch(/tfplan|cdktf\.out/);
  });

  test('the plan step passes a "blocked" exit (1) on, so the comment is posted before the job fails', () => {
    const script = step(F, 'plan', 'Plan').run!.replace(/npx pinstack plan[^\n]*/, 'exit_with "$FAKE_EXIT"');
    const fake = (code: number) => runStepScript(`exit_with() { return "$1"; }\n${script}`, { ENVIRONMENTS: 'dev prod', FAKE_EXIT: String(code) });
    expect(fake(1)).toMatchObject({ code: 0, outputs: { 'exit-code': '1' } });
    expect(fake(0)).toMatchObject({ code: 0, outputs: { 'exit-code': '0' } });
    expect(fake(2)).toMatchObject({ code: 2, outputs: { 'exit-code': '2' } });
  });
});

describe('deploy.yml', () => {
  const F = 'deploy.yml';
  const w = loadWorkflow(F).workflow;
  const E = 'deploy-environment.yml';

  test('runs on pushes to main and manually for one environment', () => {
    expect(w.on.push).toEqual({ branches: ['main'] });
    expect(w.on.workflow_dispatch.inputs.environment).toMatchObject({ type: 'choice', options: ['dev', 'staging', 'prod'] });
  });

  test.each(['dev', 'staging', 'prod'])('%s: one deploy at a time, never cancelled, through deploy-environment.yml', (env) => {
    const j = job(F, env);
    expect(concurrencyOf(j)).toEqual({ group: `deploy-${env}`, cancel: false });
    expect(j.uses).toBe(`./.github/workflows/${E}`);
    expect(j.with).toEqual({ environment: env, url: `\${{ vars.${env.toUpperCase()}_URL }}`, since: '${{ github.event.before }}' });
    expect(j.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(j.secrets).toEqual({
      SOPS_AGE_KEY: '${{ secrets.SOPS_AGE_KEY }}',
      TF_API_TOKEN: '${{ secrets.TF_API_TOKEN }}',
      PINSTACK_PR_TOKEN: '${{ secrets.PINSTACK_PR_TOKEN }}',
    });
  });

  test('dev and staging deploy on every push; prod needs a successful staging and runs in the prod environment', () => {
    expect(job(F, 'dev').needs).toBeUndefined();
    expect(job(F, 'staging').needs).toBeUndefined();
    expect(job(F, 'dev').if).toContain("github.event_name == 'push'");
    expect(job(F, 'staging').if).toContain("github.event_name == 'push'");
    const prod = job(F, 'prod');
    expect(prod.needs).toBe('staging');
    expect(prod.if).toContain("github.event_name == 'push' && needs.staging.result == 'success'");
    expect(prod.with?.environment).toBe('prod');
    // The called job runs in the GitHub environment named by the input: `prod` for this job (required reviewers).
    expect(job(E, 'deploy').environment).toEqual({ name: '${{ inputs.environment }}', url: '${{ inputs.url }}' });
  });

  test('deploy-environment.yml is only called, and does preflight -> plan -> deploy -> verify --rollback --since <before>', () => {
    const e = loadWorkflow(E).workflow;
    expect(triggers(e)).toEqual(['workflow_call']);
    expect(e.on.workflow_call.inputs.environment.required).toBe(true);
    const order = ['preflight', 'plan', 'deploy', 'verify'].map((c) => stepIndex(E, 'deploy', c));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(step(E, 'deploy', 'Deploy').run).toContain('npx pinstack deploy "$ENVIRONMENT" --plan-dir pinstack-plan --auto-approve ${REVIEWED:+--reviewed "$REVIEWED"}');
    // Deploy compares with the plan the merged PR's reviewers saw (its artifact), downloaded just before.
    const names = stepsOf(E, 'deploy').map((s) => s.name);
    expect(names.indexOf('The reviewed plan (the plan artifact of the merged PR)')).toBeGreaterThan(-1);
    expect(names.indexOf('The reviewed plan (the plan artifact of the merged PR)')).toBeLessThan(names.indexOf('Deploy'));
    expect(step(E, 'deploy', 'Deploy').env).toMatchObject({ REVIEWED: '${{ steps.reviewed.outputs.file }}' });
    expect(job(E, 'deploy').permissions).toMatchObject({ actions: 'read' });
    expect(step(E, 'deploy', 'verify').run).toContain('npx pinstack verify "$ENVIRONMENT" --url "$URL" --rollback --since "$SINCE"');
    expect(job(E, 'deploy').env).toMatchObject({ ENVIRONMENT: '${{ inputs.environment }}', URL: '${{ inputs.url }}', SINCE: '${{ inputs.since }}' });
    expect(stepsOf(E, 'deploy').find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
  });

  test('verify passes --since only with a real previous commit', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-since-'));
    try {
      const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' }).stdout.trim();
      git('init', '-q');
      git('commit', '-q', '--allow-empty', '-m', 'before');
      const before = git('rev-parse', 'HEAD');
      const script = step(E, 'deploy', 'verify').run!.replace(/npx pinstack verify/g, 'echo verify');
      const run = (since: string) => runStepScript(script, { ENVIRONMENT: 'prod', URL: 'https://x.example', SINCE: since }, { cwd: repo });
      expect(run(before).stdout).toBe(`verify prod --url https://x.example --rollback --since ${before}\n`);
      expect(run('0000000000000000000000000000000000000000').stdout).toBe('verify prod --url https://x.example\n');
      expect(run('').stdout).toBe('verify prod --url https://x.example\n');
      const gone = run('3f9c2ab0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6');
      expect(gone.stdout).toContain('::warning::the commit before the push (3f9c2ab0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6) is not in the repository');
      expect(gone.stdout).toMatch(/verify prod --url https:\/\/x\.example\n$/);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  test('after a rollback: re-plan, re-deploy and verify the previous pins, then a PR with the rolled-back file', () => {
    const names = stepsOf(E, 'deploy').map((s) => s.name);
    const at = (n: string) => names.indexOf(n);
    expect(at('Did verify roll back pins?')).toBeGreaterThan(stepIndex(E, 'deploy', 'verify'));
    expect(step(E, 'deploy', 'Did verify roll back pins?').if).toBe("failure() && steps.verify.outputs.exit-code == '1'");
    expect(step(E, 'deploy', 'Re-plan the previous pins').run).toBe('npx pinstack plan "$ENVIRONMENT" --out-dir pinstack-plan-rollback');
    expect(step(E, 'deploy', 'Re-deploy the previous pins').run).toBe('npx pinstack deploy "$ENVIRONMENT" --plan-dir pinstack-plan-rollback --auto-approve');
    expect(step(E, 'deploy', 'Re-deploy the previous pins').if).toBe("failure() && steps.replan.outcome == 'success'");
    expect(at('Re-plan the previous pins')).toBeLessThan(at('Re-deploy the previous pins'));
    expect(at('Re-deploy the previous pins')).toBeLessThan(at('Open a PR with the rolled-back pins'));
    const pr = step(E, 'deploy', 'Open a PR with the rolled-back pins');
    expect(pr.if).toBe("failure() && steps.rolled-back.outputs.changed == 'true'");
    expect(pr.run).toContain('git switch -c "$branch"');
    expect(pr.run).toContain('git push origin "$branch"');
    expect(pr.run).toContain('gh pr create');
    expect(pr.env?.GH_TOKEN).toBe('${{ secrets.PINSTACK_PR_TOKEN || github.token }}');
  });

  test('fails before deploying when the environment has no URL to verify', () => {
    const r = runStepScript(step(E, 'deploy', 'Check the inputs').run!, { ENVIRONMENT: 'staging', URL: '' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('set the repository variable STAGING_URL');
  });
});

describe('rollout.yml', () => {
  const F = 'rollout.yml';
  const w = loadWorkflow(F).workflow;

  test('asks for environment, service and image', () => {
    expect(triggers(w)).toEqual(['workflow_dispatch']);
    expect(w.on.workflow_dispatch.inputs).toMatchObject({
      environment: { type: 'choice', options: ['dev', 'staging', 'prod'] },
      service: { type: 'string', required: true },
      image: { type: 'string', required: true },
    });
  });

  test('pins the image, or rolls back for `previous`, then opens a PR from rollout/<env>-<service>-<run id> showing old -> new', () => {
    const script = runs(F, 'rollout');
    expect(script).toContain('if [ "$IMAGE" = previous ]; then\n  npx pinstack rollback "$ENVIRONMENT" "$SERVICE"\nelse\n  npx pinstack pin "$ENVIRONMENT" "$SERVICE" "$IMAGE"');
    expect(script).toContain('npx pinstack pins "$ENVIRONMENT" --json > "$RUNNER_TEMP/pins-before.json"');
    expect(script).toContain('branch="rollout/$ENVIRONMENT-$SERVICE-$GITHUB_RUN_ID"');
    expect(script).toContain('gh pr create');
    expect(job(F, 'rollout').permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
  });

  test.each([
    ['web', 'ghcr.io/acme/web:v43-1a2b3c4', 0],
    ['web', 'previous', 0],
    ['web; rm -rf /', 'ghcr.io/acme/web:v43-1a2b3c4', 2],
    ['../web', 'previous', 2],
    ['web', '', 2],
    ['web', 'ghcr.io/acme/web:v1 --force', 2],
  ])('the input check takes service %j, image %j with exit %d', (service, image, code) => {
    expect(runStepScript(step(F, 'rollout', 'Check the inputs').run!, { SERVICE: service, IMAGE: image }).code).toBe(code);
  });
});

describe('recreate.yml', () => {
  const F = 'recreate.yml';
  const w = loadWorkflow(F).workflow;
  const check = (env: Record<string, string>) => runStepScript(step(F, 'confirm', 'Check the typed confirmations').run!, { FRESH_DATABASE: 'false', DATABASE_CONFIRMATION: '', ...env });

  test('asks for the environment, a typed confirmation, and a second one for a fresh database', () => {
    expect(w.on.workflow_dispatch.inputs).toMatchObject({
      environment: { type: 'choice', options: ['dev', 'staging', 'prod'] },
      confirmation: { type: 'string', required: true },
      fresh_database: { type: 'boolean', default: false },
      database_confirmation: { type: 'string' },
    });
  });

  test('checks the confirmations first, in a job with no secret and no approval', () => {
    const confirm = job(F, 'confirm');
    expect(secretsIn(confirm)).toEqual([]);
    expect(confirm.environment).toBeUndefined();
    expect(job(F, 'recreate').needs).toBe('confirm');
    expect(check({ ENVIRONMENT: 'prod', CONFIRMATION: 'RECREATE prod' }).code).toBe(0);
    expect(check({ ENVIRONMENT: 'prod', CONFIRMATION: 'RECREATE prod', FRESH_DATABASE: 'true', DATABASE_CONFIRMATION: 'DELETE DATABASE prod' }).code).toBe(0);
  });

  test.each([
    [{ ENVIRONMENT: 'prod', CONFIRMATION: 'RECREATE staging' }, 'expected exactly "RECREATE prod"'],
    [{ ENVIRONMENT: 'prod', CONFIRMATION: 'recreate prod' }, 'expected exactly "RECREATE prod"'],
    [{ ENVIRONMENT: 'prod', CONFIRMATION: 'RECREATE prod', FRESH_DATABASE: 'true' }, 'expected exactly "DELETE DATABASE prod"'],
    [{ ENVIRONMENT: 'prod', CONFIRMATION: 'RECREATE prod', FRESH_DATABASE: 'true', DATABASE_CONFIRMATION: 'DELETE DATABASE staging' }, 'expected exactly "DELETE DATABASE prod"'],
    [{ ENVIRONMENT: 'dev', CONFIRMATION: 'RECREATE dev', DATABASE_CONFIRMATION: 'DELETE DATABASE dev' }, 'fresh_database is not'],
  ])('fails when the confirmations are %j', (env, message) => {
    const r = check(env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(message);
  });

  test("verifies against the environment's own URL variable, and fails before recreating without one", () => {
    const script = step(F, 'recreate', 'The URL to verify').run!;
    const urls = { DEV_URL: 'https://dev.example', STAGING_URL: '', PROD_URL: 'https://prod.example' };
    expect(runStepScript(script, { ENVIRONMENT: 'prod', ...urls }).env).toEqual({ URL: 'https://prod.example' });
    expect(runStepScript(script, { ENVIRONMENT: 'dev', ...urls }).env).toEqual({ URL: 'https://dev.example' });
    const none = runStepScript(script, { ENVIRONMENT: 'staging', ...urls });
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('set the repository variable STAGING_URL');
    expect(stepsOf(F, 'recreate')[0]!.name).toBe('The URL to verify');
  });

  test('recreates in the environment (approval for prod), in the deploy concurrency group, and the CLI checks the confirmations again', () => {
    const j = job(F, 'recreate');
    expect(j.environment).toBe('${{ inputs.environment }}');
    expect(concurrencyOf(j)).toEqual({ group: 'deploy-${{ inputs.environment }}', cancel: false });
    const run = step(F, 'recreate', 'Recreate').run!;
    expect(run).toContain('npx pinstack recreate "$ENVIRONMENT" --confirm "$CONFIRMATION" --fresh-database --confirm-database "$DATABASE_CONFIRMATION"');
    expect(run).toContain('npx pinstack recreate "$ENVIRONMENT" --confirm "$CONFIRMATION"\n');
  });
});

describe('publish-image.yml and release.yml', () => {
  const P = 'publish-image.yml';
  const R = 'release.yml';
  const meta = (env: Record<string, string>) =>
    runStepScript(step(P, 'publish', 'meta').run!, {
      GITHUB_RUN_NUMBER: '57',
      GITHUB_SHA: '3f9c2ab0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_REF_NAME: 'main',
      OWNER: 'Acme',
      SERVICE_INPUT: '',
      CONTEXT_INPUT: '',
      FILE_INPUT: '',
      ...env,
    });

  test('runs on tags, manually and as a reusable workflow that outputs the tag and the digest', () => {
    const w = loadWorkflow(P).workflow;
    expect(triggers(w).sort()).toEqual(['push', 'workflow_call', 'workflow_dispatch']);
    expect(w.on.push).toEqual({ tags: ['*/v*'] });
    expect(w.on.workflow_call.outputs.tag.value).toBe('${{ jobs.publish.outputs.tag }}');
    expect(w.on.workflow_call.outputs.digest.value).toBe('${{ jobs.publish.outputs.digest }}');
    expect(job(P, 'publish').permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(stepsOf(P, 'publish').map((s) => s.uses).filter(Boolean)).toEqual([
      'actions/checkout@v4',
      'docker/setup-buildx-action@v3',
      'docker/login-action@v3',
      'docker/build-push-action@v6',
    ]);
    expect(step(P, 'publish', 'build').with).toMatchObject({ push: true, tags: '${{ steps.meta.outputs.image }}:${{ steps.meta.outputs.tag }}' });
    expect(stepsOf(P, 'publish').find((s) => s.uses?.startsWith('docker/login-action'))?.with).toEqual({
      registry: 'ghcr.io',
      username: '${{ github.actor }}',
      password: '${{ secrets.GITHUB_TOKEN }}',
    });
  });

  test('tags ghcr.io/<owner>/<service> v<run number>-<short sha>, which the pin policy accepts as immutable', () => {
    const r = meta({ SERVICE_INPUT: 'web' });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ service: 'web', image: 'ghcr.io/acme/web', tag: 'v57-3f9c2ab', context: '.', file: './Dockerfile' });
    expect(r.outputs.tag).toMatch(new RegExp(DEFAULT_IMMUTABLE_TAG_PATTERN));
  });

  test('takes the service from a <service>/v* tag', () => {
    expect(meta({ GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'worker/v1.4.0' }).outputs.service).toBe('worker');
  });

  test('fails when the service is not a service name', () => {
    const r = meta({ GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.4.0' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('expected a service name');
  });

  test('release: publish, then pin staging (prod only when asked) by tag and digest, and open the pin PR', () => {
    const w = loadWorkflow(R).workflow;
    expect(w.on.release).toEqual({ types: ['published'] });
    expect(job(R, 'publish').uses).toBe(`./.github/workflows/${P}`);
    expect(job(R, 'publish').permissions).toEqual({ contents: 'read', packages: 'write' });
    const pin = job(R, 'pin');
    expect(pin.needs).toEqual(['service', 'publish']);
    expect(pin.env?.IMAGE).toBe('${{ needs.publish.outputs.ref }}');
    const script = runs(R, 'pin');
    expect(script).toContain('npx pinstack pin staging "$SERVICE" "$IMAGE"');
    expect(script).toContain('if [ "$PROD" = true ]; then\n  npx pinstack pin prod "$SERVICE" "$IMAGE"');
    expect(script).toContain('gh pr create');
    expect(job(P, 'publish').outputs?.ref).toBe('${{ steps.meta.outputs.image }}:${{ steps.meta.outputs.tag }}@${{ steps.build.outputs.digest }}');
  });
});

describe('tfc.yml', () => {
  const F = 'tfc.yml';
  const check = (ACTION: string, TARGET: string, CONFIRMATION = '') => runStepScript(step(F, 'tfc', 'Check the inputs').run!, { ACTION, TARGET, CONFIRMATION });

  test('offers status, unlock, force-unlock and cancel-runs, with only TF_API_TOKEN', () => {
    const w = loadWorkflow(F).workflow;
    expect(w.on.workflow_dispatch.inputs.action.options).toEqual(['status', 'unlock', 'force-unlock', 'cancel-runs']);
    expect(new Set(secretsIn(job(F, 'tfc')))).toEqual(new Set(['TF_API_TOKEN']));
    expect(step(F, 'tfc', 'Force-unlock').run).toBe('npx pinstack tfc unlock "$TARGET" --confirm "$CONFIRMATION" --force');
    expect(step(F, 'tfc', 'Cancel the active runs').run).toBe('npx pinstack tfc cancel-runs "$TARGET" --confirm "$CONFIRMATION"');
  });

  test.each([
    ['status', 'prod', '', 0],
    ['unlock', 'prod', 'UNLOCK acme-prod', 0],
    ['force-unlock', 'acme-prod', 'UNLOCK acme-prod', 0],
    ['cancel-runs', 'prod', 'CANCEL acme-prod', 0],
    ['unlock', 'prod', '', 1],
    ['unlock', 'prod', 'UNLOCK ', 1],
    ['cancel-runs', 'prod', 'UNLOCK acme-prod', 1],
    ['status', 'prod; curl evil', '', 2],
  ])('the input check takes %s %j confirmation %j with exit %d', (action, target, confirmation, code) => {
    expect(check(action, target, confirmation).code).toBe(code);
  });
});
