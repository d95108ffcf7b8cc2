/**
 * Compatibility with the real sops: every fixture written by sops decrypts to its expected plaintext,
 * reproduces the data key and MAC sops computed, and re-emits byte for byte from its parsed tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as age from 'age-encryption';
import {
  decryptBytes,
  decryptValue,
  encryptBytes,
  IvStash,
} from '../../../lib/sops/cipher';
import {
  computeMac,
  decryptText,
  emitEncrypted,
  metadataFromNode,
  parseEncrypted,
  parseIdentityFile,
  SopsDecryptionError,
  tryUnwrap,
  type SopsFormat,
} from '../../../lib/sops';
import { parseJson } from '../../../lib/sops/stores/json';
import { parseYaml } from '../../../lib/sops/stores/yaml';
import { canon, fixture, fixtureIdentities, fixturesDir, hoistIniDefault } from './helpers';

interface SummaryEntry {
  file: string;
  fmt: string;
  keyfile: string;
  version: string;
  lastmodified: string;
  macOk: boolean;
  computedMac?: string;
  dataKeyHex?: string;
  rules?: Record<string, string>;
}

const summary: SummaryEntry[] = JSON.parse(fs.readFileSync(fixture('expected/summary.json'), 'utf8'));
const FORMAT: Record<string, SopsFormat> = { json: 'json', yaml: 'yaml', dotenv: 'dotenv', ini: 'ini', binary: 'binary' };

test('the fixtures folder is present and lists the real sops files', () => {
  expect(fs.existsSync(fixturesDir())).toBe(true);
  expect(summary.length).toBeGreaterThanOrEqual(6);
});

describe.each(summary.map((s) => [s.file, s] as const))('real sops file %s', (_name, s) => {
  const text = fs.readFileSync(fixture(s.file), 'utf8');
  const format = FORMAT[s.fmt]!;
  const identities = fixtureIdentities(s.keyfile);

  test('decrypts to the expected plaintext and verifies the MAC', async () => {
    const f = await decryptText(text, { format, file: s.file, identities });
    const expectedFile = fixture(`expected/${s.file.replace('/', '__')}.plaintext.json`);
    const expected = parseJson(fs.readFileSync(expectedFile, 'utf8'), expectedFile);
    const actual = format === 'ini' ? hoistIniDefault(f.tree.branches[0]!) : f.tree.branches[0]!;
    expect(canon(actual)).toBe(canon(expected));
    expect(f.metadata.version).toBe(s.version);
    expect(f.metadata.lastmodified).toBe(s.lastmodified);
  });

  test('reproduces the data key and the MAC sops computed', async () => {
    const f = await decryptText(text, { format, file: s.file, identities });
    expect(s.macOk).toBe(true);
    if (s.dataKeyHex) expect(Buffer.from(f.session.dataKey).toString('hex')).toBe(s.dataKeyHex);
    const mac = computeMac(f.tree, f.metadata.rules);
    if (s.computedMac) expect(mac).toBe(s.computedMac);
    // and the MAC stored in the file (decrypted with AAD = lastmodified) is the same value
    const stored = decryptValue(f.metadata.mac, f.session.dataKey, s.lastmodified);
    expect(stored).toEqual({ t: 'str', v: mac });
    if (s.rules) expect(f.metadata.rules).toEqual(s.rules);
  });

  test('re-emits byte for byte from the parsed (encrypted) tree', () => {
    expect(emitEncrypted(parseEncrypted(text, format, s.file))).toBe(text);
  });
});

test('the PGP comments fixture (sops 3.6.1, old yaml.v3 layout) re-emits byte for byte and keeps its comments', () => {
  const text = fs.readFileSync(fixture('getsops-sops/comments.pgp.enc.yaml'), 'utf8');
  const doc = parseEncrypted(text, 'yaml');
  expect(emitEncrypted(doc)).toBe(text);
  const items = doc.tree.branches[0]!.items;
  expect(items.map((i) => ('key' in i ? i.key : `#${i.t}`))).toEqual(['#comment', 'lorem', '#comment', 'dolor']);
  const md = metadataFromNode(doc.metadataNode);
  expect(md.age).toEqual([]);
  expect(md.otherKeys.map((k) => k.key)).toEqual(['pgp']);
  // the plaintext side parses the same comments, in the same places
  const plain = parseYaml(fs.readFileSync(fixture('getsops-sops/comments.plain.yaml'), 'utf8'));
  expect(plain[0]!.items).toEqual([
    { t: 'comment', v: ' first comment in file' },
    { key: 'lorem', value: { t: 'str', v: 'ipsum', style: 'plain' } },
    { t: 'comment', v: ' this-is-a-comment' },
    { key: 'dolor', value: { t: 'str', v: 'sit', style: 'plain' } },
  ]);
});

describe('aes/cipher_test.go known-answer vector', () => {
  const key = Buffer.alloc(32, 'f');
  const enc = 'ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]';

  test('decrypts to "foo" with AAD "bar:"', () => {
    expect(decryptValue(enc, key, 'bar:')).toEqual({ t: 'str', v: 'foo' });
  });

  test('re-encrypts to the same bytes with the same IV (the stash)', () => {
    const stash = new IvStash();
    const v = decryptValue(enc, key, 'bar:', stash);
    expect(stash.size).toBe(1);
    const { iv } = decryptBytes(enc, key, 'bar:');
    expect(encryptBytes(Buffer.from('foo'), 'str', key, 'bar:', iv)).toBe(enc);
    expect(stash.get('bar:', 'str', Buffer.from(v.v as string))).toEqual(iv);
  });

  test('fails when the AAD is wrong', () => {
    expect(() => decryptValue(enc, key, '')).toThrow(/authentication failed/);
  });
});

describe('age layer test vector (getsops/sops age/keysource_test.go)', () => {
  const vectors = parseYaml(fs.readFileSync(fixture('getsops-sops/age-keysource-test-vectors.yaml'), 'utf8'))[0]!;
  const get = (k: string): string => {
    const e = vectors.items.find((i) => 'key' in i && i.key === k) as { value: { v: string } };
    return e.value.v;
  };

  test('the mock identity opens the Go-written blob to "data"', async () => {
    const out = await tryUnwrap(get('mockEncryptedKey'), [get('mockIdentity')]);
    expect(Buffer.from(out!).toString()).toBe(get('mockEncryptedKeyPlain'));
    expect(await age.identityToRecipient(get('mockIdentity'))).toBe(get('mockRecipient'));
  });

  test('fails when the identity is the other mock identity', async () => {
    expect(await tryUnwrap(get('mockEncryptedKey'), [get('mockOtherIdentity')])).toBeUndefined();
  });

  test('the mock identity key file parses like sops parses keys.txt', () => {
    const ids = parseIdentityFile(fs.readFileSync(fixture('keys/getsops-sops-mock-identity.txt'), 'utf8'), 'mock');
    expect(ids.identities).toEqual([get('mockIdentity')]);
  });
});

test('fails when a fixture is decrypted with the key of another project', async () => {
  const s = summary.find((x) => x.file === 'helm-secrets/secrets.age.enc.yaml')!;
  const text = fs.readFileSync(fixture(s.file), 'utf8');
  const err = await decryptText(text, { format: 'yaml', file: s.file, identities: fixtureIdentities('sops-age.key.txt') }).catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toContain('helm-secrets/secrets.age.enc.yaml');
  expect((err as Error).message).toContain('age1rh2xsjg8avja92j3jhtttuczgmqkz89lezxt4e3mmp5ukl5j4f9smvteju');
});

test('fails when the AAD path of a fixture value is changed (a key renamed)', async () => {
  const s = summary.find((x) => x.file === 'sops-age/secret.enc.yaml')!;
  const text = fs.readFileSync(fixture(s.file), 'utf8').replace(/^secret:/m, 'renamed:');
  const err = await decryptText(text, { format: 'yaml', file: s.file, identities: fixtureIdentities(s.keyfile) }).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsDecryptionError);
  expect((err as Error).message).toMatch(/sops-age\/secret\.enc\.yaml: cannot decrypt value at "renamed"/);
});

test('every sops-written file in the fixtures folder is covered by summary.json', () => {
  const dirs = ['sops-age', 'helm-secrets'];
  const files = dirs.flatMap((d) =>
    fs
      .readdirSync(fixture(d))
      .filter((f) => f.includes('.enc.'))
      .map((f) => path.posix.join(d, f)),
  );
  expect(files.sort()).toEqual(summary.map((s) => s.file).sort());
});
