/**
 * pinstack keys (guide) / list / add / remove / rotate, through the real CLI, with keys generated here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_RECIPIENT, readEnvironmentFile } from '../../lib/envfile';
import { generateAgeKey } from '../../lib/sops';
import { runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';
import { diffLines, sopsAgeDecrypt, verifyMacIndependently } from './independent';

jest.setTimeout(120_000);

describe('pinstack keys', () => {
  const project = tempProject(exampleSpec());
  const file = path.join(project.dir, 'secrets', 'prod.enc.yaml');
  afterAll(() => project.cleanup());
  /** Reads the file with exactly one identity (no discovery, no demo fallback). */
  const readWith = (identity: string) => readEnvironmentFile(file, { identities: [identity], demoKeyFallback: false });

  test('without a subcommand, explains how to move from the demo key to real keys', () => {
    const r = runCli(['keys'], { cwd: project.dir });
    expect(r.code).toBe(0);
    for (const s of ['age-keygen', 'SOPS_AGE_KEY', 'pinstack keys add <env>', `pinstack keys remove <env> ${DEMO_RECIPIENT}`, 'pinstack keys rotate <env>', 'CHANGE EVERY SECRET VALUE', 'git history']) {
      expect(r.stdout).toContain(s);
    }
  });

  test('add, remove and rotate: the new recipient alone reads the file, the removed ones cannot', async () => {
    const alice = await generateAgeKey();
    const bob = await generateAgeKey();
    const original = await readEnvironmentFile(file);

    const add = runCli(['keys', 'add', 'prod', alice.recipient, bob.recipient], { cwd: project.dir });
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(`added ${alice.recipient}, ${bob.recipient}: secrets/prod.enc.yaml is now encrypted to 3 recipients`);
    expect(add.stderr).toMatch(/environment prod is production but secrets\/prod\.enc\.yaml is encrypted to the public demo key/);
    const asAlice = await readWith(alice.identity);
    expect(asAlice.recipients).toEqual([DEMO_RECIPIENT, alice.recipient, bob.recipient]);
    expect(asAlice.secrets).toEqual(original.secrets);

    // Alice's key alone (SOPS_AGE_KEY), no demo fallback needed.
    const remove = runCli(['keys', 'remove', 'prod', DEMO_RECIPIENT, bob.recipient], { cwd: project.dir, env: { SOPS_AGE_KEY: alice.identity } });
    expect(remove.code).toBe(0);
    expect(remove.stderr).not.toContain('demo key (');
    expect(remove.stderr).toContain('pinstack keys rotate prod');
    expect((await readWith(alice.identity)).recipients).toEqual([alice.recipient]);
    await expect(readWith(bob.identity)).rejects.toThrow(/secrets\/prod\.enc\.yaml: none of the 1 identity .* can decrypt this file; it is encrypted to age1/);
    await expect(readEnvironmentFile(file)).rejects.toThrow(`it is encrypted to ${alice.recipient}`);

    const list = runCli(['keys', 'list', 'prod'], { cwd: project.dir, env: { SOPS_AGE_KEY: alice.identity } });
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(`${alice.recipient}\n`);
    expect(list.stderr).toBe('');

    const beforeRotate = fs.readFileSync(file, 'utf8');
    const rotate = runCli(['keys', 'rotate', 'prod'], { cwd: project.dir, env: { SOPS_AGE_KEY: alice.identity } });
    expect(rotate.code).toBe(0);
    expect(rotate.stdout).toContain('rotated the data key');
    const afterRotate = fs.readFileSync(file, 'utf8');
    // A new data key: every ciphertext and the wrapped key change; the plaintext pins do not.
    const encLines = (t: string) => t.split('\n').filter((l) => l.includes('ENC['));
    const diff = diffLines(beforeRotate, afterRotate);
    for (const l of encLines(beforeRotate)) expect(diff.removed).toContain(l);
    expect(diff.removed.some((l) => /^ {4}web: /.test(l))).toBe(false);
    const rotated = await readWith(alice.identity);
    expect(rotated.secrets).toEqual(original.secrets);
    expect(rotated.pins).toEqual(original.pins);
    verifyMacIndependently(afterRotate, alice.identity);
    expect((await sopsAgeDecrypt(afterRotate, alice.identity)).secrets).toEqual(original.secrets);
    for (const r of [add, remove, list, rotate]) for (const v of Object.values(original.secrets)) expect(r.stdout + r.stderr).not.toContain(v);

    const last = runCli(['keys', 'remove', 'prod', alice.recipient], { cwd: project.dir, env: { SOPS_AGE_KEY: alice.identity } });
    expect(last.code).toBe(2);
    expect(last.stderr).toContain('refusing to remove the last recipient of secrets/prod.enc.yaml');
    expect(fs.readFileSync(file, 'utf8')).toBe(afterRotate);
  });

  test('fails when a recipient is not an age recipient, leaving the file byte-identical', () => {
    const devFile = path.join(project.dir, 'secrets', 'dev.enc.yaml');
    const before = fs.readFileSync(devFile);
    const r = runCli(['keys', 'add', 'dev', 'age1notarecipient'], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"age1notarecipient" is not an X25519 age recipient');
    expect(fs.readFileSync(devFile).equals(before)).toBe(true);
  });
});
