import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { changedPins, fileAtRef, pinsFromEnvironmentYaml, planRollbacks } from '../../../lib/ops';
import { REPO_ROOT } from '../../helpers/cli';
import { EXAMPLE_PINS } from '../../helpers/example';

describe('pinsFromEnvironmentYaml', () => {
  test('reads the plaintext pins of an encrypted environment file without a key', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'secrets', 'dev.enc.yaml'), 'utf8');
    expect(pinsFromEnvironmentYaml(text, 'secrets/dev.enc.yaml')).toEqual(EXAMPLE_PINS);
  });

  test('a file without pins has none', () => {
    expect(pinsFromEnvironmentYaml('secrets:\n  A: ENC[...]\n', 'f')).toEqual({});
  });

  test('fails when the text is not a map with a pins map of strings', () => {
    expect(() => pinsFromEnvironmentYaml('- a\n- b\n', 'f at HEAD~1')).toThrow('f at HEAD~1 is not a pinstack environment file');
    expect(() => pinsFromEnvironmentYaml('pins: [a]\n', 'f')).toThrow('f: pins must be a map of service -> image, got a list');
    expect(() => pinsFromEnvironmentYaml('pins:\n  web: 3\n', 'f')).toThrow('f: pins.web must be a string, got number');
    expect(() => pinsFromEnvironmentYaml('pins: {a: [\n', 'f')).toThrow(/^f is not YAML: /);
  });
});

describe('changedPins', () => {
  test('changed and new services, by name; removed and unchanged ones are not changes', () => {
    expect(changedPins({ web: 'w:1', worker: 'k:1', gone: 'g:1' }, { worker: 'k:1', web: 'w:2', cron: 'c:1' })).toEqual([
      { service: 'cron', current: 'c:1' },
      { service: 'web', before: 'w:1', current: 'w:2' },
    ]);
  });
});

describe('planRollbacks', () => {
  test('each changed service goes back to its pin at the ref, which must be in its history', () => {
    const plan = planRollbacks(
      { web: 'web:v42', worker: 'worker:v42', api: 'api:v1' },
      {
        pins: { web: 'web:v44', worker: 'worker:v42', api: 'api:v3', cron: 'cron:v1' },
        history: { web: ['web:v43', 'web:v42'], worker: ['worker:v41'], api: ['api:v2'] },
      },
      'HEAD~1',
    );
    expect(plan.steps).toEqual([{ service: 'web', from: 'web:v44', to: 'web:v42' }]);
    expect(plan.problems).toEqual([
      { service: 'api', reason: 'its pin at HEAD~1 (api:v1) is not in its pin history' },
      { service: 'cron', reason: 'was not pinned at HEAD~1: nothing to roll back to' },
    ]);
  });

  test('nothing to do when no pin changed', () => {
    expect(planRollbacks({ web: 'w:1' }, { pins: { web: 'w:1' }, history: {} }, 'HEAD~1')).toEqual({ steps: [], problems: [] });
  });
});

describe('fileAtRef', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@pinstack.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
  beforeAll(() => {
    fs.mkdirSync(path.join(dir, 'secrets'));
    git('init', '-q');
    fs.writeFileSync(path.join(dir, 'secrets', 'dev.enc.yaml'), 'pins:\n  web: w:1\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    fs.writeFileSync(path.join(dir, 'secrets', 'dev.enc.yaml'), 'pins:\n  web: w:2\n');
    git('commit', '-q', '-am', 'two');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads a file as it was at a revision, relative to the directory given', async () => {
    expect(await fileAtRef(dir, 'HEAD~1', 'secrets/dev.enc.yaml')).toBe('pins:\n  web: w:1\n');
    expect(await fileAtRef(path.join(dir, 'secrets'), 'HEAD', 'dev.enc.yaml')).toBe('pins:\n  web: w:2\n');
  });

  test('fails when the revision or the file does not exist there, with git\'s reason', async () => {
    await expect(fileAtRef(dir, 'HEAD~5', 'secrets/dev.enc.yaml')).rejects.toThrow(/^cannot read secrets\/dev\.enc\.yaml at HEAD~5: fatal: /);
    await expect(fileAtRef(dir, 'HEAD~1', 'secrets/prod.enc.yaml')).rejects.toThrow(/^cannot read secrets\/prod\.enc\.yaml at HEAD~1: fatal: /);
  });

  test('fails when the ref could be read as an option', async () => {
    await expect(fileAtRef(dir, '--output=/tmp/x', 'secrets/dev.enc.yaml')).rejects.toThrow('invalid git ref "--output=/tmp/x"');
  });
});
