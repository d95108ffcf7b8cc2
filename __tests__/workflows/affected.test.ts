import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { affectedEnvironments, describeAffected, normalizeRepoPath } from '../../lib/ci/affected';
import { runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';

const ENVS = [
  { name: 'dev', secretsFile: 'secrets/dev.enc.yaml' },
  { name: 'staging', secretsFile: 'secrets/staging.enc.yaml' },
  { name: 'prod', secretsFile: 'secrets/prod.enc.yaml' },
];

describe('affectedEnvironments', () => {
  test('an environment file change affects only that environment', () => {
    const r = affectedEnvironments(['secrets/prod.enc.yaml'], ENVS);
    expect(r).toEqual({ environments: ['prod'], all: false, sharedFiles: [], environmentFiles: { prod: ['secrets/prod.enc.yaml'] } });
  });

  test('several environment files give those environments, in the order of the spec', () => {
    expect(affectedEnvironments(['secrets/prod.enc.yaml', 'secrets/dev.enc.yaml'], ENVS).environments).toEqual(['dev', 'prod']);
  });

  test.each([['app.ts'], ['package.json'], ['package-lock.json'], ['constructs/aws/service.ts'], ['.sops.yaml'], ['secrets/README.md'], ['.github/workflows/deploy.yml']])(
    'a change to %s affects every environment',
    (file) => {
      const r = affectedEnvironments([file, 'secrets/dev.enc.yaml'], ENVS);
      expect(r.environments).toEqual(['dev', 'staging', 'prod']);
      expect(r.all).toBe(true);
      expect(r.sharedFiles).toEqual([file]);
      expect(r.environmentFiles).toEqual({ dev: ['secrets/dev.enc.yaml'] });
    },
  );

  test('no change affects no environment', () => {
    expect(affectedEnvironments([], ENVS)).toEqual({ environments: [], all: false, sharedFiles: [], environmentFiles: {} });
  });

  test("an environment's own secretsFile counts as its environment file; the default path then does not", () => {
    const envs = [{ name: 'dev', secretsFile: './config/env/dev.enc.json' }, ENVS[2]!];
    expect(affectedEnvironments(['config/env/dev.enc.json'], envs).environments).toEqual(['dev']);
    expect(affectedEnvironments(['secrets/dev.enc.yaml'], envs)).toMatchObject({ environments: ['dev', 'prod'], all: true, sharedFiles: ['secrets/dev.enc.yaml'] });
  });

  test('environments sharing one file are affected together', () => {
    const envs = [...ENVS, { name: 'preview', secretsFile: 'secrets/dev.enc.yaml' }];
    expect(affectedEnvironments(['secrets/dev.enc.yaml'], envs).environments).toEqual(['dev', 'preview']);
  });

  test('paths are compared normalised, duplicates counted once', () => {
    expect(normalizeRepoPath('./secrets//dev.enc.yaml')).toBe('secrets/dev.enc.yaml');
    expect(normalizeRepoPath('secrets\\x\\..\\dev.enc.yaml')).toBe('secrets/dev.enc.yaml');
    const r = affectedEnvironments(['secrets/dev.enc.yaml', './secrets/dev.enc.yaml', ''], ENVS);
    expect(r.environmentFiles).toEqual({ dev: ['secrets/dev.enc.yaml'] });
  });

  test('describes why, naming the files', () => {
    expect(describeAffected(affectedEnvironments(['secrets/staging.enc.yaml'], ENVS))).toEqual(['staging: secrets/staging.enc.yaml changed']);
    expect(describeAffected(affectedEnvironments([], ENVS))).toEqual(['no environment: nothing changed']);
    const many = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts', 'g.ts'];
    expect(describeAffected(affectedEnvironments(many, ENVS))).toEqual(['all environments (dev, staging, prod): a.ts, b.ts, c.ts, d.ts, e.ts (+2 more) changed']);
  });
});

describe('pinstack affected (CLI, in a git repository)', () => {
  const project = tempProject(exampleSpec());
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=pinstack test', '-c', 'user.email=test@pinstack.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: project.dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: project.dir, GIT_CONFIG_NOSYSTEM: '1' },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const touch = (file: string) => fs.appendFileSync(path.join(project.dir, file), file.endsWith('.ts') ? '\n// changed\n' : '\n# changed\n');

  beforeAll(() => {
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('switch', '-q', '-c', 'pins-only');
    touch('secrets/staging.enc.yaml');
    touch('secrets/prod.enc.yaml');
    git('commit', '-q', '-am', 'pin staging and prod');
    git('switch', '-q', '-c', 'spec-too');
    touch('app.ts');
    git('commit', '-q', '-am', 'change the spec');
    // main moves on after the branches left it: its own changes are not the PR's (base...head).
    git('switch', '-q', 'main');
    touch('package.json');
    git('add', 'package.json');
    git('commit', '-q', '-m', 'main moves on');
  });
  afterAll(() => project.cleanup());

  test('prints the environments whose files changed since the merge base, one per line', () => {
    const r = runCli(['affected', '--base', 'main', '--head', 'pins-only'], { cwd: project.dir });
    expect(r.stderr).toContain('staging: secrets/staging.enc.yaml changed');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('staging\nprod\n');
  });

  test('--json: every environment once the spec changed, with the files', () => {
    git('switch', '-q', 'spec-too');
    const r = runCli(['affected', '--base', 'main', '--json'], { cwd: project.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      base: 'main',
      head: 'HEAD',
      environments: ['dev', 'staging', 'prod'],
      all: true,
      sharedFiles: ['app.ts'],
      environmentFiles: { staging: ['secrets/staging.enc.yaml'], prod: ['secrets/prod.enc.yaml'] },
      files: ['app.ts', 'secrets/prod.enc.yaml', 'secrets/staging.enc.yaml'],
    });
  });

  test('fails when the base revision is unknown, saying how to fetch it', () => {
    const r = runCli(['affected', '--base', 'origin/main'], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--base: unknown git revision "origin/main"');
    expect(r.stderr).toContain('fetch-depth: 0');
  });
});
