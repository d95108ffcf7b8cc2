/**
 * Tampering is refused: a changed value, a changed plaintext value, the MAC, lastmodified, ciphertexts
 * swapped between keys or reordered, added/removed values; and a wrong key is refused with the file
 * and the recipients in the message.
 */
import {
  decryptText,
  encryptText,
  generateAgeKey,
  map,
  seq,
  SopsDecryptionError,
  SopsIdentityError,
  SopsMacMismatchError,
  str,
  type SopsTree,
} from '../../../lib/sops';

const FILE = 'secrets/prod.enc.yaml';
let alice: { identity: string; recipient: string };
let bob: { identity: string; recipient: string };
let text: string;

const tree: SopsTree = {
  branches: [
    map([
      ['pins', map([['web', str('ghcr.io/acme/web:v42')], ['worker', str('ghcr.io/acme/worker:v42')]])],
      ['secrets', map([['SESSION_SECRET', str('session-value')], ['POSTGRES_PASSWORD', str('postgres-value')]])],
      ['hosts', seq([str('alpha'), str('beta')])],
    ]),
  ],
};

beforeAll(async () => {
  alice = await generateAgeKey();
  bob = await generateAgeKey();
  text = await encryptText(tree, { recipients: [alice.recipient], format: 'yaml', rule: { unencrypted_regex: '^pins$' }, file: FILE });
});

const open = (t: string, identity = alice.identity): Promise<unknown> => decryptText(t, { format: 'yaml', file: FILE, identities: [identity] });
const line = (t: string, re: RegExp): string => t.split('\n').find((l) => re.test(l))!;

test('the untampered file opens', async () => {
  await expect(open(text)).resolves.toBeTruthy();
});

test('fails when an encrypted value is changed', async () => {
  const l = line(text, /SESSION_SECRET:/);
  const data = /data:([^,]+)/.exec(l)![1]!;
  const flipped = Buffer.from(data, 'base64');
  flipped[0] ^= 1;
  const bad = text.replace(l, l.replace(data, flipped.toString('base64')));
  const err = await open(bad).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsDecryptionError);
  expect((err as Error).message).toMatch(/^secrets\/prod\.enc\.yaml: cannot decrypt value at "secrets\.SESSION_SECRET"/);
});

test('fails when a plaintext pin is changed (the MAC covers it)', async () => {
  const bad = text.replace('web: ghcr.io/acme/web:v42', 'web: ghcr.io/evil/web:v42');
  const err = await open(bad).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsMacMismatchError);
  expect((err as Error).message).toMatch(/^secrets\/prod\.enc\.yaml: MAC mismatch/);
});

test('fails when a plaintext pin is added or a value removed', async () => {
  const added = text.replace('    worker: ghcr.io/acme/worker:v42\n', '    worker: ghcr.io/acme/worker:v42\n    evil: x\n');
  await expect(open(added)).rejects.toBeInstanceOf(SopsMacMismatchError);
  const removed = text.replace(`${line(text, /POSTGRES_PASSWORD:/)}\n`, '');
  await expect(open(removed)).rejects.toBeInstanceOf(SopsMacMismatchError);
});

test('fails when the MAC is changed', async () => {
  const l = line(text, /^ {4}mac: /);
  const data = /data:([^,]+)/.exec(l)![1]!;
  const b = Buffer.from(data, 'base64');
  b[5] ^= 0x20;
  const err = await open(text.replace(l, l.replace(data, b.toString('base64')))).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsMacMismatchError);
  expect((err as Error).message).toContain(FILE);
});

test('fails when lastmodified is changed (it is the AAD of the MAC)', async () => {
  const bad = text.replace(/lastmodified: "(\d{4})/, (_m, y: string) => `lastmodified: "${Number(y) - 1}`);
  const err = await open(bad).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsMacMismatchError);
  expect((err as Error).message).toMatch(/"mac" or "lastmodified" field was modified/);
});

test('fails when ciphertexts are swapped between two keys (AAD = path)', async () => {
  const a = line(text, /SESSION_SECRET:/);
  const b = line(text, /POSTGRES_PASSWORD:/);
  const va = a.split(': ')[1]!;
  const vb = b.split(': ')[1]!;
  const bad = text.replace(a, a.replace(va, vb)).replace(b, b.replace(vb, va));
  const err = await open(bad).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsDecryptionError);
  expect((err as Error).message).toContain('secrets.SESSION_SECRET');
});

test('fails when list values sharing one path are reordered (the MAC is order-sensitive)', async () => {
  const a = line(text, /^ {4}- ENC/);
  const lines = text.split('\n');
  const i = lines.indexOf(a);
  [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
  await expect(open(lines.join('\n'))).rejects.toBeInstanceOf(SopsMacMismatchError);
});

test('fails when a plaintext value replaces an encrypted one', async () => {
  const l = line(text, /SESSION_SECRET:/);
  const err = await open(text.replace(l, '    SESSION_SECRET: 42')).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsDecryptionError);
  expect((err as Error).message).toMatch(/secrets\.SESSION_SECRET" should be encrypted but holds a plain int/);
});

test('fails when the file is opened with a wrong key, naming the file and the recipients', async () => {
  const err = await open(text, bob.identity).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsIdentityError);
  const msg = (err as Error).message;
  expect(msg).toMatch(/^secrets\/prod\.enc\.yaml: none of the 1 identity found \(the identities passed in\) can decrypt this file; it is encrypted to age1/);
  expect(msg).toContain(alice.recipient);
  expect((err as SopsIdentityError).recipients).toEqual([alice.recipient]);
});

test('fails when the metadata declares two crypt rules or a non-semver version', async () => {
  const two = text.replace('    unencrypted_regex: ^pins$\n', '    unencrypted_regex: ^pins$\n    encrypted_suffix: _enc\n');
  await expect(open(two)).rejects.toThrow(/cannot use more than one of/);
  const v = text.replace('version: 3.10.2', 'version: "3.10"');
  await expect(open(v)).rejects.toThrow(/version "3.10" is not semver/);
  const none = text.replace(/\nsops:[\s\S]*$/, '\n');
  await expect(open(none)).rejects.toThrow(/^secrets\/prod\.enc\.yaml: no sops metadata found/);
});
