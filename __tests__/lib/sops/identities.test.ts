/** Identity discovery like sops: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, the config-dir keys.txt. */
import fs from 'node:fs';
import path from 'node:path';
import {
  decryptText,
  defaultKeyFilePath,
  discoverIdentities,
  encryptText,
  generateAgeKey,
  map,
  parseIdentityFile,
  SopsIdentityError,
  SopsKeyError,
  str,
} from '../../../lib/sops';
import { tmpDir } from './helpers';

let a: { identity: string; recipient: string };
let b: { identity: string; recipient: string };
let c: { identity: string; recipient: string };
let dir: string;
let text: string;
beforeAll(async () => {
  [a, b, c] = await Promise.all([generateAgeKey(), generateAgeKey(), generateAgeKey()]);
  dir = tmpDir('pinstack-ids-');
  text = await encryptText({ branches: [map([['k', str('v')]])] }, { recipients: [c.recipient], format: 'yaml' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('key files: one identity per line, # comments and blank lines ignored, CRLF accepted', () => {
  const r = parseIdentityFile(`# created: x\r\n# public key: ${a.recipient}\r\n\r\n${a.identity}\r\n  ${b.identity}  \n`, 'keys.txt');
  expect(r.identities).toEqual([a.identity, b.identity]);
  expect(parseIdentityFile('AGE-PLUGIN-YUBIKEY-1QQQ\n', 'k').warnings[0]).toMatch(/plugin identities are not supported/);
});

test('fails when a key file line is not an identity, naming the file and line', () => {
  expect(() => parseIdentityFile(`${a.identity}\nage1notakey\n`, '/x/keys.txt')).toThrow(SopsKeyError);
  expect(() => parseIdentityFile(`${a.identity}\nage1notakey\n`, '/x/keys.txt')).toThrow(/^\/x\/keys\.txt:2: not an age identity/);
});

test('default keys.txt: XDG_CONFIG_HOME, else ~/.config on Linux and ~/Library/Application Support on macOS', () => {
  expect(defaultKeyFilePath({ env: {}, home: '/home/u', platform: 'linux' })).toBe('/home/u/.config/sops/age/keys.txt');
  expect(defaultKeyFilePath({ env: {}, home: '/Users/u', platform: 'darwin' })).toBe('/Users/u/Library/Application Support/sops/age/keys.txt');
  expect(defaultKeyFilePath({ env: { XDG_CONFIG_HOME: '/xdg' }, home: '/Users/u', platform: 'darwin' })).toBe('/xdg/sops/age/keys.txt');
});

test('SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and keys.txt are all loaded, in that order, without duplicates', () => {
  const home = path.join(dir, 'home');
  fs.mkdirSync(path.join(home, '.config', 'sops', 'age'), { recursive: true });
  fs.writeFileSync(path.join(home, '.config', 'sops', 'age', 'keys.txt'), `# default\n${c.identity}\n${a.identity}\n`);
  const kf = path.join(dir, 'file.txt');
  fs.writeFileSync(kf, `${b.identity}\n`);
  const r = discoverIdentities({ env: { SOPS_AGE_KEY: `${a.identity}\n\n${a.identity}`, SOPS_AGE_KEY_FILE: kf }, home, platform: 'linux' });
  expect(r.identities).toEqual([a.identity, b.identity, c.identity]);
  expect(r.sources).toEqual(['SOPS_AGE_KEY', `SOPS_AGE_KEY_FILE=${kf}`, path.join(home, '.config', 'sops', 'age', 'keys.txt')]);
});

test('nothing configured finds nothing (and never reads the real environment)', () => {
  const r = discoverIdentities({ env: {}, home: path.join(dir, 'nobody'), platform: 'linux' });
  expect(r.identities).toEqual([]);
  expect(r.sources).toEqual([]);
});

test('fails when SOPS_AGE_KEY_FILE points to a missing file', () => {
  expect(() => discoverIdentities({ env: { SOPS_AGE_KEY_FILE: path.join(dir, 'nope.txt') }, home: dir })).toThrow(/SOPS_AGE_KEY_FILE=.*nope\.txt cannot be read: ENOENT/);
});

test('a discovered identity opens the file', async () => {
  const f = await decryptText(text, { format: 'yaml', file: 'x.enc.yaml', env: { SOPS_AGE_KEY: c.identity }, home: path.join(dir, 'nobody') });
  expect(f.tree.branches[0]!.items).toEqual([{ key: 'k', value: { t: 'str', v: 'v' } }]);
});

test('fails when the discovered identities do not match, naming the file, the sources and the recipients', async () => {
  const kf = path.join(dir, 'wrong.txt');
  fs.writeFileSync(kf, `${a.identity}\n`);
  const err = await decryptText(text, { format: 'yaml', file: 'secrets/prod.enc.yaml', env: { SOPS_AGE_KEY_FILE: kf }, home: path.join(dir, 'nobody') }).catch(
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(SopsIdentityError);
  expect((err as Error).message).toBe(
    `secrets/prod.enc.yaml: none of the 1 identity found (SOPS_AGE_KEY_FILE=${kf}) can decrypt this file; it is encrypted to ${c.recipient}`,
  );
});

test('fails when no identity is configured at all, listing where it looked', async () => {
  const home = path.join(dir, 'nobody');
  const err = await decryptText(text, { format: 'yaml', file: 'dev.enc.yaml', env: {}, home, platform: 'linux' }).catch((e: Error) => e);
  expect((err as Error).message).toBe(
    `dev.enc.yaml: no age identity found (looked in SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ${home}/.config/sops/age/keys.txt); it is encrypted to ${c.recipient}`,
  );
});

test('the fallback is used last, and its warning is reported', async () => {
  const calls: string[][] = [];
  const fallback = (recipients: string[], file?: string) => {
    calls.push(recipients);
    return { identities: [c.identity], source: 'demo', warning: `${file}: used the fallback` };
  };
  const f = await decryptText(text, { format: 'yaml', file: 'f.yaml', env: {}, home: path.join(dir, 'nobody'), fallback });
  expect(f.warnings).toEqual(['f.yaml: used the fallback']);
  expect(calls).toEqual([[c.recipient]]);
  calls.length = 0;
  await decryptText(text, { format: 'yaml', env: { SOPS_AGE_KEY: c.identity }, home: path.join(dir, 'nobody'), fallback });
  expect(calls).toEqual([]);
});
