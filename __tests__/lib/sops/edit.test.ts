/**
 * Editing keeps the data key, the age blobs and every unchanged ciphertext (the sops IV stash);
 * updatekeys re-wraps, rotate re-encrypts everything; writes are atomic and never leave temp files.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createSopsFile,
  editSopsFile,
  encryptText,
  generateAgeKey,
  get,
  map,
  openSopsFile,
  rotateDataKey,
  saveSopsFile,
  SopsIdentityError,
  seq,
  set,
  str,
  toPlain,
  updateRecipients,
  type MapNode,
  type SopsFormat,
  type SopsTree,
} from '../../../lib/sops';
import { fixture, fixtureIdentities, tmpDir } from './helpers';

let alice: { identity: string; recipient: string };
let bob: { identity: string; recipient: string };
let dir: string;
beforeAll(async () => {
  alice = await generateAgeKey();
  bob = await generateAgeKey();
  dir = tmpDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const tree = (): SopsTree => ({
  branches: [
    map([
      ['pins', map([['web', str('ghcr.io/acme/web:v42')]])],
      ['secrets', map([['A', str('alpha')], ['B', str('bravo')], ['C', str('charlie')]])],
      ['list', seq([str('x'), str('y'), str('x')])],
    ]),
  ],
});
const later = (s: number): Date => new Date(Date.now() + s * 1000);

/** Lines of `after` that differ from `before` (same line count expected). */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return b.filter((l, i) => l !== a[i]);
}

describe.each(['yaml', 'json'] as SopsFormat[])('%s edit', (format) => {
  test('changing one value changes only its ciphertext, mac and lastmodified', async () => {
    const p = path.join(dir, `edit.enc.${format}`);
    await createSopsFile(p, tree(), { recipients: [alice.recipient, bob.recipient], overwrite: true });
    const before = fs.readFileSync(p, 'utf8');
    const f = await editSopsFile(
      p,
      (t) => {
        set(get(t.branches[0]!, 'secrets') as MapNode, 'B', str('BRAVO-2'));
      },
      { identities: [alice.identity], now: later(5) },
    );
    const after = fs.readFileSync(p, 'utf8');
    const changed = changedLines(before, after);
    expect(changed).toHaveLength(3);
    expect(changed[0]).toMatch(/"?B"?: "?ENC\[/);
    expect(changed.some((l) => /lastmodified/.test(l))).toBe(true);
    expect(changed.some((l) => /"?mac"?: "?ENC\[/.test(l))).toBe(true);
    expect(toPlain(f.tree.branches[0]!)).toMatchObject({ secrets: { A: 'alpha', B: 'BRAVO-2', C: 'charlie' } });
    // both recipients still open it: the data key and the age blobs were kept
    const byBob = await openSopsFile(p, { identities: [bob.identity] });
    expect(Buffer.from(byBob.session.dataKey)).toEqual(Buffer.from(f.session.dataKey));
  });
});

test('a second edit through the returned state keeps working (stash refreshed)', async () => {
  const p = path.join(dir, 'chain.enc.yaml');
  await createSopsFile(p, tree(), { recipients: [alice.recipient], overwrite: true });
  let f = await openSopsFile(p, { identities: [alice.identity] });
  for (const [i, v] of ['one', 'two', 'alpha'].entries()) {
    const before = fs.readFileSync(p, 'utf8');
    const t = structuredClone(f.tree);
    set(get(t.branches[0]!, 'secrets') as MapNode, 'A', str(v));
    f = await saveSopsFile(f, t, { now: later(10 + i) });
    expect(changedLines(before, fs.readFileSync(p, 'utf8'))).toHaveLength(3);
  }
});

test('an unchanged tree writes nothing', async () => {
  const p = path.join(dir, 'same.enc.yaml');
  await createSopsFile(p, tree(), { recipients: [alice.recipient], overwrite: true });
  const before = fs.readFileSync(p);
  await editSopsFile(p, () => undefined, { identities: [alice.identity] });
  expect(fs.readFileSync(p).equals(before)).toBe(true);
});

test('fails when mutate throws, leaving the file byte-identical', async () => {
  const p = path.join(dir, 'throw.enc.yaml');
  await createSopsFile(p, tree(), { recipients: [alice.recipient], overwrite: true });
  const before = fs.readFileSync(p);
  await expect(
    editSopsFile(
      p,
      (t) => {
        set(t.branches[0]!, 'x', str('y'));
        throw new Error('boom');
      },
      { identities: [alice.identity] },
    ),
  ).rejects.toThrow('boom');
  expect(fs.readFileSync(p).equals(before)).toBe(true);
});

test('fails when the file changed on disk between read and write', async () => {
  const p = path.join(dir, 'race.enc.yaml');
  await createSopsFile(p, tree(), { recipients: [alice.recipient], overwrite: true });
  const f = await openSopsFile(p, { identities: [alice.identity] });
  fs.appendFileSync(p, '# someone else\n');
  const t = structuredClone(f.tree);
  set(t.branches[0]!, 'new', str('v'));
  await expect(saveSopsFile(f, t)).rejects.toThrow(/changed on disk since it was read/);
});

test('editing a real sops 3.8.1 file keeps every unchanged ciphertext and bumps it to the 3.10 layout', async () => {
  const p = path.join(dir, 'real.enc.yaml');
  fs.copyFileSync(fixture('sops-age/secret.enc.yaml'), p);
  fs.chmodSync(p, 0o644);
  const original = fs.readFileSync(p, 'utf8');
  await editSopsFile(p, (t) => set(t.branches[0]!, 'string', str('changed')), { identities: fixtureIdentities('sops-age.key.txt'), now: later(1) });
  const after = fs.readFileSync(p, 'utf8');
  const dataLines = (t: string): string[] => t.split('\nsops:\n')[0]!.split('\n');
  const [a, b] = [dataLines(original), dataLines(after)];
  expect(b.filter((l, i) => l !== a[i])).toEqual([expect.stringMatching(/^string: ENC\[/)]);
  expect(after).toMatch(/\n {2}version: 3\.10\.2\n$/);
  expect(after).not.toContain('kms: []');
  for (const r of ['age1je6kjhzuhdjy3fqptpttxjh5k8q46vygzlgtpuq3030c947pc5tqz9dqvr', 'age19j4d6v9j7rx5fs629fu387qz4zmlpsqjexa4s08tkfrrmfdl5cwqjlaupd']) {
    expect(after).toContain(r);
  }
  expect(fs.statSync(p).mode & 0o777).toBe(0o644);
  const f = await openSopsFile(p, { identities: fixtureIdentities('sops-age.key.txt') });
  expect(toPlain(f.tree.branches[0]!)).toMatchObject({ string: 'changed', secret: 'this is a secret', int: 7 });
});

test('updateRecipients re-wraps the same data key; values, mac and lastmodified stay', async () => {
  const p = path.join(dir, 'keys.enc.yaml');
  await createSopsFile(p, tree(), { recipients: [alice.recipient], overwrite: true });
  const before = fs.readFileSync(p, 'utf8');
  await expect(openSopsFile(p, { identities: [bob.identity] })).rejects.toBeInstanceOf(SopsIdentityError);
  const f = await updateRecipients(p, [alice.recipient, bob.recipient], { identities: [alice.identity] });
  expect(f.recipients).toEqual([alice.recipient, bob.recipient]);
  const after = fs.readFileSync(p, 'utf8');
  const keep = (t: string): string[] => t.split('\n').filter((l) => !/^ {4}(age:| {4}|- recipient)/.test(l));
  expect(keep(after)).toEqual(keep(before));
  expect(after).toContain(before.split('\n').find((l) => /^ {12}-----BEGIN/.test(l) === false && /^ {12}[A-Za-z0-9+/]{64}$/.test(l))!);
  const byBob = await openSopsFile(p, { identities: [bob.identity] });
  expect(toPlain(byBob.tree.branches[0]!)).toEqual(toPlain(tree().branches[0]!));
  await updateRecipients(p, [bob.recipient], { identities: [bob.identity] });
  await expect(openSopsFile(p, { identities: [alice.identity] })).rejects.toBeInstanceOf(SopsIdentityError);
});

test('rotateDataKey re-encrypts every value under a new data key', async () => {
  const p = path.join(dir, 'rotate.enc.yaml');
  await createSopsFile(p, tree(), { recipients: [alice.recipient], overwrite: true });
  const f0 = await openSopsFile(p, { identities: [alice.identity] });
  const before = fs.readFileSync(p, 'utf8');
  const f1 = await rotateDataKey(p, { identities: [alice.identity], recipients: [alice.recipient, bob.recipient] });
  expect(Buffer.from(f1.session.dataKey).equals(Buffer.from(f0.session.dataKey))).toBe(false);
  const enc = (t: string): string[] => t.split('\n').filter((l) => l.includes('ENC['));
  const [a, b] = [enc(before), enc(fs.readFileSync(p, 'utf8'))];
  expect(b).toHaveLength(a.length);
  b.forEach((l, i) => expect(l).not.toBe(a[i]));
  const byBob = await openSopsFile(p, { identities: [bob.identity] });
  expect(toPlain(byBob.tree.branches[0]!)).toEqual(toPlain(tree().branches[0]!));
});

test('writes are atomic: no temp file is left, new files are 0600', async () => {
  const sub = path.join(dir, 'atomic');
  fs.mkdirSync(sub);
  const p = path.join(sub, 'a.enc.yaml');
  await createSopsFile(p, tree(), { recipients: [alice.recipient] });
  expect(fs.statSync(p).mode & 0o777).toBe(0o600);
  await editSopsFile(p, (t) => set(t.branches[0]!, 'added', str('v')), { identities: [alice.identity] });
  await expect(editSopsFile(p, () => Promise.reject(new Error('no')), { identities: [alice.identity] })).rejects.toThrow('no');
  expect(fs.readdirSync(sub)).toEqual(['a.enc.yaml']);
});

test('fails when creating over an existing file (unless overwrite)', async () => {
  const p = path.join(dir, 'exists.enc.yaml');
  await createSopsFile(p, tree(), { recipients: [alice.recipient] });
  const before = fs.readFileSync(p);
  await expect(createSopsFile(p, tree(), { recipients: [alice.recipient] })).rejects.toThrow(/exists\.enc\.yaml: already exists; refusing to overwrite it/);
  expect(fs.readFileSync(p).equals(before)).toBe(true);
  await createSopsFile(p, tree(), { recipients: [alice.recipient], overwrite: true });
  expect(fs.readFileSync(p).equals(before)).toBe(false);
});

test('fails when the file does not exist, naming it', async () => {
  await expect(openSopsFile(path.join(dir, 'missing.enc.yaml'))).rejects.toThrow(/missing\.enc\.yaml: file not found/);
});

test('encryptText output of the same tree differs every time (random data key and IVs)', async () => {
  const a = await encryptText(tree(), { recipients: [alice.recipient], format: 'yaml' });
  const b = await encryptText(tree(), { recipients: [alice.recipient], format: 'yaml' });
  expect(a).not.toBe(b);
});
