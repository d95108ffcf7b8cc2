import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tempProject } from '../helpers/cli';
import { EXAMPLE_PINS, exampleSpec } from '../helpers/example';
import { REPO_ROOT, runStepScript, step } from './workflow-files';

/**
 * The steps of rollout.yml after the setup, run by bash in a temporary project with the real CLI (`npx`
 * is a shim for bin/pinstack), real git with a bare `origin`, and a `gh` shim that records the PR.
 */
describe('rollout.yml steps, run for real', () => {
  const F = 'rollout.yml';
  const project = tempProject(exampleSpec());
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-bin-'));
  const origin = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-origin-'));
  const ghLog = path.join(bin, 'gh.log');

  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: project.dir, GIT_CONFIG_NOSYSTEM: '1' } });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(() => {
    fs.writeFileSync(path.join(bin, 'npx'), `#!/usr/bin/env bash\n[ "$1" = pinstack ] && shift\nexec "${process.execPath}" "${path.join(REPO_ROOT, 'bin', 'pinstack')}" "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(
      path.join(bin, 'gh'),
      `#!/usr/bin/env bash\necho "gh $*" >> "${ghLog}"\nwhile [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cat "$2" >> "${ghLog}"; fi; shift; done\n`,
      { mode: 0o755 },
    );
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    git(project.dir, 'init', '-q', '-b', 'main');
    git(project.dir, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', '-c', 'commit.gpgsign=false', 'add', '-A');
    git(project.dir, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'base');
    git(project.dir, 'remote', 'add', 'origin', origin);
  });
  afterAll(() => {
    project.cleanup();
    fs.rmSync(bin, { recursive: true, force: true });
    fs.rmSync(origin, { recursive: true, force: true });
  });

  test('pins the image and opens a PR from rollout/<env>-<service>-<run id> whose body shows old -> new', () => {
    const env = {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HOME: project.dir,
      ENVIRONMENT: 'prod',
      SERVICE: 'web',
      IMAGE: 'ghcr.io/acme/web:v43-1a2b3c4',
      GITHUB_RUN_ID: '4242',
      GITHUB_ACTOR: 'octocat',
      BASE: 'main',
      RUN_URL: 'https://github.example/acme/app/actions/runs/4242',
    };
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-runner-'));
    try {
      for (const name of ['Check the inputs', 'Pins before', 'Pin or roll back', 'Open the PR']) {
        const r = runStepScript(step(F, 'rollout', name).run!, { ...env, RUNNER_TEMP: temp }, { cwd: project.dir, timeoutMs: 60_000 });
        expect({ step: name, code: r.code, ...(r.code !== 0 ? { stdout: r.stdout, stderr: r.stderr } : {}) }).toEqual({ step: name, code: 0 });
      }
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }

    const log = fs.readFileSync(ghLog, 'utf8');
    expect(log).toContain('gh pr create --base main --head rollout/prod-web-4242 --title Roll out web in prod --body-file');
    expect(log).toContain(`| web | \`${EXAMPLE_PINS.web}\` | \`ghcr.io/acme/web:v43-1a2b3c4\` |`);
    expect(log).toContain(`History after this change (most recent first): \`${EXAMPLE_PINS.web}\``);
    // The branch reached origin with exactly the environment file changed.
    expect(git(origin, 'branch', '--list', 'rollout/*').trim()).toBe('rollout/prod-web-4242');
    expect(git(project.dir, 'diff', '--name-only', 'main', 'rollout/prod-web-4242').trim()).toBe('secrets/prod.enc.yaml');
  }, 120_000);
});
