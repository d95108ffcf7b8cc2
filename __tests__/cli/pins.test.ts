/**
 * pinstack pins / pin / rollback, through the real CLI on a copy of the example project.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEnvironmentFile } from '../../lib/envfile';
import { REPO_ROOT, runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';
import { diffLines, demoIdentity, sopsAgeDecrypt, verifyMacIndependently } from './independent';

jest.setTimeout(120_000);

const OLD = 'ghcr.io/acme/web:v42-3f9c2ab';
const OLDER = 'ghcr.io/acme/web:v41-8d2e0f1';
const NEW = 'ghcr.io/acme/web:v43-1a2b3c4';

describe('pin, rollback and pins', () => {
  const project = tempProject(exampleSpec());
  const devFile = path.join(project.dir, 'secrets', 'dev.enc.yaml');
  afterAll(() => project.cleanup());

  const stackJson = (env: string): string => fs.readFileSync(path.join(project.dir, 'cdktf.out', 'stacks', env, 'cdk.tf.json'), 'utf8');

  test('pin then rollback restores exactly the previous pin; pins --json and synth see each', async () => {
    const original = fs.readFileSync(devFile, 'utf8');

    const pinned = runCli(['pin', 'dev', 'web', NEW], { cwd: project.dir });
    expect(pinned.stderr).toContain('decrypted with the public demo key');
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toBe(`pinned web in dev: ${OLD} -> ${NEW} (secrets/dev.enc.yaml)\n`);

    // Only the pins and their history change, plus mac and lastmodified; every secret keeps its ciphertext.
    const afterPin = fs.readFileSync(devFile, 'utf8');
    expect(afterPin).toContain(`    web: ${NEW}\n`);
    const diff = diffLines(original, afterPin);
    for (const l of [...diff.added, ...diff.removed]) expect(l).toMatch(/^ {4}web: |^ {8}- ghcr\.io\/acme\/web:|^ {4}(lastmodified|mac): /);
    expect(diff.added.filter((l) => /^ {4}(lastmodified|mac): /.test(l))).toHaveLength(2);

    // An independent implementation reads what pinstack wrote, with a valid MAC.
    const identity = demoIdentity(REPO_ROOT);
    verifyMacIndependently(afterPin, identity);
    const theirs = await sopsAgeDecrypt(afterPin, identity);
    expect(theirs.pins).toEqual({ web: NEW, worker: 'ghcr.io/acme/worker:v42-3f9c2ab' });
    expect(theirs.pin_history).toEqual({ web: [OLD, OLDER], worker: ['ghcr.io/acme/worker:v41-8d2e0f1'] });

    const one = runCli(['pins', 'dev', '--json'], { cwd: project.dir });
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({
      web: { image: NEW, history: [OLD, OLDER] },
      worker: { image: 'ghcr.io/acme/worker:v42-3f9c2ab', history: ['ghcr.io/acme/worker:v41-8d2e0f1'] },
    });

    const synth1 = runCli(['synth', '-e', 'dev'], { cwd: project.dir });
    expect(synth1.code).toBe(0);
    expect(stackJson('dev')).toContain(NEW);
    expect(stackJson('dev')).not.toContain(OLD);

    const back = runCli(['rollback', 'dev', 'web'], { cwd: project.dir });
    expect(back.code).toBe(0);
    expect(back.stdout).toBe(`rolled back web in dev: ${NEW} -> ${OLD} (secrets/dev.enc.yaml)\n`);

    const all = runCli(['pins', '--json'], { cwd: project.dir });
    expect(all.code).toBe(0);
    const json = JSON.parse(all.stdout);
    expect(Object.keys(json)).toEqual(['dev', 'staging', 'prod']);
    expect(json.dev.web).toEqual({ image: OLD, history: [NEW, OLDER] });
    expect(json.prod.web).toEqual({ image: OLD, history: [OLDER] });
    // prod is a production environment still encrypted to the public demo key.
    expect(all.stderr).toMatch(/environment prod is production but secrets\/prod\.enc\.yaml is encrypted to the public demo key/);

    const synth2 = runCli(['synth', '-e', 'dev'], { cwd: project.dir });
    expect(synth2.code).toBe(0);
    expect(stackJson('dev')).toContain(OLD);
    expect(stackJson('dev')).not.toContain(NEW);
    const secrets = Object.values((await readEnvironmentFile(devFile)).secrets);
    const everything = [pinned, one, synth1, back, all, synth2].flatMap((r) => [r.stdout, r.stderr]).join('\n') + stackJson('dev');
    for (const v of secrets) expect(everything).not.toContain(v);
  });

  test('rollback --to picks an image from the history', async () => {
    const r = runCli(['rollback', 'dev', 'web', '--to', OLDER], { cwd: project.dir });
    expect(r.code).toBe(0);
    const f = await readEnvironmentFile(devFile);
    expect(f.pins.web).toBe(OLDER);
    expect(f.history.web?.[0]).not.toBe(OLDER);
    expect(f.history.web).toContain(OLD);
  });

  test('fails when rollback --to names an image not in the history, leaving the file byte-identical', () => {
    const before = fs.readFileSync(devFile);
    const r = runCli(['rollback', 'dev', 'web', '--to', 'ghcr.io/acme/web:v1-0000000'], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/secrets\/dev\.enc\.yaml: ghcr\.io\/acme\/web:v1-0000000 is not in the pin history of web; the history is:\n {2}- /);
    expect(fs.readFileSync(devFile).equals(before)).toBe(true);
  });

  test('a digest pins an image even beside a :latest tag', async () => {
    const digest = `ghcr.io/acme/worker:latest@sha256:${'a'.repeat(64)}`;
    const r = runCli(['pin', 'dev', 'worker', digest], { cwd: project.dir });
    expect(r.code).toBe(0);
    expect((await readEnvironmentFile(devFile)).pins.worker).toBe(digest);
  });

  test.each([
    ['the tag is :latest', ['dev', 'web', 'ghcr.io/acme/web:latest'], /must not use the floating tag :latest/],
    ['the tag is :LATEST', ['dev', 'web', 'ghcr.io/acme/web:LATEST'], /must not use the floating tag :latest/],
    ['the image has no tag', ['dev', 'web', 'ghcr.io/acme/web'], /has no tag or digest/],
    ['a registry with a port has no tag', ['dev', 'web', 'localhost:5000/acme/web'], /has no tag or digest.*must be an image of ghcr\.io\/acme\/web/],
    ['the image is of another repository', ['dev', 'web', 'ghcr.io/other/web:v1'], /must be an image of ghcr\.io\/acme\/web, got "ghcr\.io\/other\/web:v1"/],
    ['the service is not in the spec', ['dev', 'api', 'ghcr.io/acme/api:v1'], /unknown service "api" \(the spec has web, worker\)/],
    ['the environment is not in the spec', ['qa', 'web', 'ghcr.io/acme/web:v1'], /unknown environment "qa" \(expected one of dev, staging, prod\)/],
  ])('fails when %s, with exit 2 and the file byte-identical', (_name, args, message) => {
    const before = fs.readFileSync(devFile);
    const r = runCli(['pin', ...args], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    if (args[0] === 'dev' && args[1] === 'web') expect(r.stderr).toContain('secrets/dev.enc.yaml left unchanged');
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(devFile).equals(before)).toBe(true);
  });
});
