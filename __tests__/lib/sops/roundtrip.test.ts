/**
 * Files written by this library: they round-trip in every store, the independent decrypter sops-age
 * reads the same values, and the Go `age` binary opens the data-key blobs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { decryptSops } from 'sops-age';
import {
  bool,
  decryptText,
  emitPlain,
  encryptText,
  float,
  generateAgeKey,
  int,
  map,
  metadataFromNode,
  nul,
  parseEncrypted,
  parsePlain,
  parseTfvars,
  seq,
  str,
  toPlain,
  type MapNode,
  type Node,
  type SopsFormat,
  type SopsTree,
} from '../../../lib/sops';
import { ageBinary, canon, tmpDir } from './helpers';

let alice: { identity: string; recipient: string };
let bob: { identity: string; recipient: string };
beforeAll(async () => {
  alice = await generateAgeKey();
  bob = await generateAgeKey();
});

/** Everything the stores must carry, in an order JS objects would not keep ("8080" last). */
function richBranch(withDigitKey: boolean): MapNode {
  const entries: Array<[string, Node]> = [
    ['name', str('pinstack')],
    ['count', int(42)],
    ['negative', int(-7)],
    ['ratio', float(3.14)],
    ['tiny', float(1e-7)],
    ['huge', float(1e21)],
    ['enabled', bool(true)],
    ['disabled', bool(false)],
    ['empty', str('')],
    ['nothing', nul()],
    ['multi', str('line one\nline two\n')],
    ['multi_no_final_newline', str('a\n  b')],
    ['unicode', str('héllo wörld ✓ 日本 🔑')],
    ['nested', map([['a', map([['b', str('deep')]])]])],
    ['list', seq([str('x'), str('y'), int(7)])],
    ['users', seq([map([['name', str('ann')], ['admin', bool(true)]]), map([['name', str('bob')]])])],
    ['empty_map', map()],
    ['empty_list', seq()],
    ['region_unencrypted', str('eu-west-1')],
    ['looks_like_bool_unencrypted', str('yes')],
    ['looks_like_number_unencrypted', str('1.10')],
    ['octal_unencrypted', str('0777')],
    ['date_unencrypted', str('2024-01-01')],
    ['tricky_unencrypted', seq([str('a: b'), str('x #y'), str(' lead'), str('tab\there'), str('-dash'), str('- item'), str('"q"'), str("it's"), str('')])],
    ['count_unencrypted', int(3)],
  ];
  if (withDigitKey) entries.push(['8080', str('all-digit key')], ['10', map([['20', str('nested digits')]])]);
  return map(entries);
}

const yamlTree = (digits: boolean): SopsTree => ({ branches: [richBranch(digits)] });

describe.each([
  ['yaml', yamlTree(true)],
  ['json', yamlTree(true)],
] as Array<[SopsFormat, SopsTree]>)('%s store', (format, tree) => {
  test('round-trips nested maps, lists, list of maps, types, empty, null, multi-line, Unicode and all-digit keys', async () => {
    const text = await encryptText(tree, { recipients: [alice.recipient, bob.recipient], format });
    for (const id of [alice.identity, bob.identity]) {
      const f = await decryptText(text, { format, identities: [id] });
      expect(canon(f.tree.branches[0]!)).toBe(canon(tree.branches[0]!));
      expect(f.tree.branches[0]!.items.map((i) => ('key' in i ? i.key : '#')).slice(-2)).toEqual(['8080', '10']);
    }
    // plaintext stays plaintext, everything else is ENC[...] (or "" for empty strings)
    expect(text).toContain('eu-west-1');
    expect(text).not.toContain('pinstack');
    expect(text).not.toContain('deep');
  });

  test('writes the sops 3.10 metadata layout with one explicit rule and a semver version', async () => {
    const text = await encryptText(tree, { recipients: [alice.recipient], format });
    const doc = parseEncrypted(text, format);
    expect(doc.metadataNode.items.map((i) => ('key' in i ? i.key : '#'))).toEqual(['age', 'lastmodified', 'mac', 'unencrypted_suffix', 'version']);
    const md = metadataFromNode(doc.metadataNode);
    expect(md.version).toBe('3.10.2');
    expect(md.lastmodified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(md.mac).toMatch(/^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]{172},iv:[A-Za-z0-9+/=]{44},tag:[A-Za-z0-9+/=]{24},type:str\]$/);
    expect(md.age[0]!.enc).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END AGE ENCRYPTED FILE-----\n$/);
  });
});

test('YAML output is plain block YAML that re-parses to the same typed values (quoting follows yaml.v3)', async () => {
  const text = await encryptText(yamlTree(true), { recipients: [alice.recipient], format: 'yaml' });
  expect(text).toMatch(/^"8080": ENC\[/m);
  expect(text).toMatch(/^looks_like_bool_unencrypted: "yes"$/m);
  expect(text).toMatch(/^looks_like_number_unencrypted: "1\.10"$/m);
  expect(text).toMatch(/^octal_unencrypted: "0777"$/m);
  expect(text).toMatch(/^date_unencrypted: "2024-01-01"$/m);
  expect(text).toMatch(/^count_unencrypted: 3$/m);
  expect(text).toMatch(/^ {4}- 'a: b'$/m);
  expect(text).toMatch(/^ {4}- "tab\\there"$/m);
  expect(text).toMatch(/^ {4}- -dash$/m);
  expect(text).toMatch(/^ {4}lastmodified: "\d{4}-/m);
  expect(text).toMatch(/^ {4}version: 3\.10\.2$/m);
  expect(text.endsWith('\n')).toBe(true);
});

test('YAML multi-document files round-trip with the metadata in every document', async () => {
  const tree: SopsTree = { branches: [map([['a', str('one')]]), map([['b', str('two')]])] };
  const text = await encryptText(tree, { recipients: [alice.recipient], format: 'yaml' });
  expect(text.split('\n---\n')).toHaveLength(2);
  expect(text.match(/^sops:$/gm)).toHaveLength(2);
  const f = await decryptText(text, { format: 'yaml', identities: [alice.identity] });
  expect(f.tree.branches.map((b) => toPlain(b))).toEqual([{ a: 'one' }, { b: 'two' }]);
});

test('dotenv round-trips strings, empty values, multi-line, Unicode, all-digit keys and comments', async () => {
  const plain = '# a comment\nDB_PASSWORD=s3cr=t\nEMPTY=\nMULTI=line1\\nline2\nUNI=ünï ✓\n8080=digits\nREGION_unencrypted=eu\n';
  const tree = parsePlain(plain, 'dotenv');
  const text = await encryptText(tree, { recipients: [alice.recipient], format: 'dotenv' });
  expect(text).toMatch(/^#ENC\[AES256_GCM,.*type:comment\]$/m);
  expect(text).toMatch(/^REGION_unencrypted=eu$/m);
  expect(text.split('\n').filter((l) => l.startsWith('sops_')).map((l) => l.split('=')[0])).toEqual([
    'sops_age__list_0__map_enc',
    'sops_age__list_0__map_recipient',
    'sops_lastmodified',
    'sops_mac',
    'sops_unencrypted_suffix',
    'sops_version',
  ]);
  const f = await decryptText(text, { format: 'dotenv', identities: [alice.identity] });
  expect(emitPlain(f.tree, 'dotenv')).toBe(plain);
  expect(toPlain(f.tree.branches[0]!)).toMatchObject({ MULTI: 'line1\nline2', EMPTY: '', '8080': 'digits' });
});

test('INI round-trips sections and top-level keys (go-ini aligned layout)', async () => {
  const plain = 'top = level\n\n[db]\npassword         = p@ss\nhost_unencrypted = localhost\n';
  const tree = parsePlain(plain, 'ini');
  const text = await encryptText(tree, { recipients: [alice.recipient], format: 'ini' });
  expect(text).toMatch(/^host_unencrypted\s+= localhost$/m);
  const f = await decryptText(text, { format: 'ini', identities: [alice.identity] });
  expect(emitPlain(f.tree, 'ini')).toBe(plain);
});

test('binary store round-trips an HCL tfvars document and parses it with the Go HCL parser', async () => {
  const tfvars = 'web_image = "ghcr.io/acme/web:v1"\ndb_password = "pä$$ \\"quoted\\""\nreplicas = 3\n';
  const text = await encryptText(parsePlain(tfvars, 'binary'), { recipients: [alice.recipient], format: 'binary' });
  expect(text.startsWith('{\n\t"data": "ENC[AES256_GCM,')).toBe(true);
  expect(text.endsWith('}\n')).toBe(true);
  const f = await decryptText(text, { format: 'binary', identities: [alice.identity] });
  const content = emitPlain(f.tree, 'binary');
  expect(content).toBe(tfvars);
  expect(await parseTfvars(content, 'prod.enc.tfvars')).toEqual({ web_image: 'ghcr.io/acme/web:v1', db_password: 'pä$$ "quoted"', replicas: 3 });
});

test('fails when tfvars content is not valid HCL, naming the file', async () => {
  await expect(parseTfvars('a = = 1', 'secrets/prod.enc.tfvars')).rejects.toThrow(/^secrets\/prod\.enc\.tfvars: invalid HCL tfvars content/);
});

describe('independent decrypters', () => {
  test('sops-age decrypts our YAML, JSON, dotenv and binary files (no all-digit keys) to the same values', async () => {
    const tree = yamlTree(false);
    for (const [format, fileType] of [
      ['yaml', 'yaml'],
      ['json', 'json'],
    ] as const) {
      const text = await encryptText(tree, { recipients: [alice.recipient, bob.recipient], format });
      const theirs = await decryptSops(text, { secretKey: bob.identity, fileType });
      expect(theirs).toEqual(toPlain(tree.branches[0]!));
    }
    const env = await encryptText(parsePlain('A=1\nB=two words\nC=ü\n', 'dotenv'), { recipients: [alice.recipient], format: 'dotenv' });
    expect(await decryptSops(env, { secretKey: alice.identity, fileType: 'env' })).toEqual({ A: '1', B: 'two words', C: 'ü' });
    const bin = await encryptText(parsePlain('x = "y"\n', 'binary'), { recipients: [alice.recipient], format: 'binary' });
    expect(await decryptSops(bin, { secretKey: alice.identity, fileType: 'json' })).toEqual({ data: 'x = "y"\n' });
  });

  test('Debian/Go age opens every data-key blob to the 32-byte data key', async () => {
    const bin = ageBinary();
    const dir = tmpDir();
    try {
      const text = await encryptText(yamlTree(true), { recipients: [alice.recipient, bob.recipient], format: 'yaml' });
      const f = await decryptText(text, { format: 'yaml', identities: [alice.identity] });
      const keys: Array<[string, string]> = [
        [alice.identity, f.metadata.age[0]!.enc],
        [bob.identity, f.metadata.age[1]!.enc],
      ];
      for (const [i, [identity, enc]] of keys.entries()) {
        const keyFile = path.join(dir, `key${i}.txt`);
        const blob = path.join(dir, `blob${i}.age`);
        fs.writeFileSync(keyFile, `${identity}\n`, { mode: 0o600 });
        fs.writeFileSync(blob, enc);
        const out = execFileSync(bin, ['-d', '-i', keyFile, blob]);
        expect(out.length).toBe(32);
        expect(out.equals(Buffer.from(f.session.dataKey))).toBe(true);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('fails when a recipient is not an X25519 age recipient', async () => {
  const tree = yamlTree(false);
  await expect(encryptText(tree, { recipients: ['age1notvalid'], format: 'yaml' })).rejects.toThrow(/not an X25519 age recipient/);
  const last = alice.recipient.slice(-1);
  const corrupted = alice.recipient.slice(0, -1) + (last === 'q' ? 'p' : 'q');
  await expect(encryptText(tree, { recipients: [corrupted], format: 'yaml' })).rejects.toThrow(/invalid checksum/);
  await expect(encryptText(tree, { recipients: ['age1pq1' + 'q'.repeat(60)], format: 'yaml' })).rejects.toThrow(/post-quantum/);
  await expect(encryptText(tree, { recipients: [], format: 'yaml' })).rejects.toThrow(/at least one age recipient/);
});

test('fails when more than one crypt rule is requested, or the document has a sops key', async () => {
  await expect(
    encryptText(yamlTree(false), { recipients: [alice.recipient], format: 'yaml', rule: { encrypted_regex: 'a', unencrypted_suffix: 'b' } as never }),
  ).rejects.toThrow(/exactly one crypt rule/);
  await expect(encryptText({ branches: [map([['sops', str('x')]])] }, { recipients: [alice.recipient], format: 'yaml' })).rejects.toThrow(
    /already has a top-level "sops" key/,
  );
});

test('encrypted_regex and encrypted_suffix rules encrypt exactly the matching paths', async () => {
  const tree: SopsTree = { branches: [map([['data', map([['password', str('p')]])], ['kind', str('Secret')], ['token_enc', str('t')]])] };
  const a = await encryptText(tree, { recipients: [alice.recipient], format: 'yaml', rule: { encrypted_regex: '^(data|stringData)$' } });
  expect(a).toMatch(/^kind: Secret$/m);
  expect(a).toMatch(/^ {4}password: ENC\[/m);
  expect(a).toMatch(/^token_enc: t$/m);
  const b = await encryptText(tree, { recipients: [alice.recipient], format: 'yaml', rule: { encrypted_suffix: '_enc' } });
  expect(b).toMatch(/^token_enc: ENC\[/m);
  expect(b).toMatch(/^kind: Secret$/m);
  for (const text of [a, b]) {
    const f = await decryptText(text, { format: 'yaml', identities: [alice.identity] });
    expect(canon(f.tree.branches[0]!)).toBe(canon(tree.branches[0]!));
  }
});
