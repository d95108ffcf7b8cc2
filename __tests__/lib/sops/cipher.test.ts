import crypto from 'node:crypto';
import {
  decryptBytes,
  decryptValue,
  encryptBytes,
  encryptValue,
  goFormatFloat,
  IvStash,
  parseEncValue,
  scalarToBytes,
} from '../../../lib/sops/cipher';
import { aadOf, computeMac, decryptTree, encryptTree, isPathEncrypted } from '../../../lib/sops/walk';
import { map, seq, str, int, nul, comment, type Scalar, type SopsTree } from '../../../lib/sops/tree';

const key = crypto.randomBytes(32);

test.each([
  [3.14, '3.14'],
  [1e21, '1000000000000000000000'],
  [1e-7, '0.0000001'],
  [-0, '-0'],
  [0, '0'],
  [7, '7'],
  [-2.5e-10, '-0.00000000025'],
  [0.1 + 0.2, '0.30000000000000004'],
  [123456789012345680000, '123456789012345680000'],
  [NaN, 'NaN'],
  [Infinity, '+Inf'],
  [-Infinity, '-Inf'],
])('goFormatFloat(%p) is %p (strconv.FormatFloat f -1)', (x, s) => {
  expect(goFormatFloat(x)).toBe(s);
});

test.each<[Scalar, string, string]>([
  [{ t: 'str', v: 'héllo' }, 'str', 'héllo'],
  [{ t: 'int', v: -9223372036854775808n }, 'int', '-9223372036854775808'],
  [{ t: 'float', v: 1e-7 }, 'float', '0.0000001'],
  [{ t: 'bool', v: true }, 'bool', 'True'],
  [{ t: 'bool', v: false }, 'bool', 'False'],
  [{ t: 'time', v: '2024-01-01T00:00:00Z' }, 'time', '2024-01-01T00:00:00Z'],
])('%p encrypts as type:%s with plaintext bytes %p and decrypts back', (v, type, bytes) => {
  expect(scalarToBytes(v).toString()).toBe(bytes);
  const enc = encryptValue(v, key, 'a:b:');
  expect(parseEncValue(enc).type).toBe(type);
  expect(decryptBytes(enc, key, 'a:b:').plain.toString()).toBe(bytes);
  expect(decryptValue(enc, key, 'a:b:')).toEqual(v);
});

test('bytes values are written as type:str, like Go walkValue does', () => {
  const enc = encryptValue({ t: 'bytes', v: new Uint8Array([104, 105]) }, key, 'x:');
  expect(decryptValue(enc, key, 'x:')).toEqual({ t: 'str', v: 'hi' });
});

test('empty strings and comments are never encrypted; "" decrypts to ""', () => {
  expect(encryptValue({ t: 'str', v: '' }, key, 'a:')).toBe('');
  expect(encryptValue({ t: 'comment', v: '' }, key, 'a:')).toBe('');
  expect(decryptValue('', key, 'a:')).toEqual({ t: 'str', v: '' });
  expect(encryptValue({ t: 'int', v: 0n }, key, 'a:')).toMatch(/^ENC\[/);
  expect(encryptValue({ t: 'bool', v: false }, key, 'a:')).toMatch(/^ENC\[/);
});

test('bool plaintexts accept every Go ParseBool spelling', () => {
  for (const [s, v] of [['t', true], ['TRUE', true], ['1', true], ['F', false], ['false', false], ['0', false]] as const) {
    expect(decryptValue(encryptBytes(Buffer.from(s), 'bool', key, 'k:'), key, 'k:')).toEqual({ t: 'bool', v });
  }
});

test('fails when the type is unknown, the base64 is invalid or the value is not ENC', () => {
  const enc = encryptValue({ t: 'str', v: 'x' }, key, 'a:');
  expect(() => decryptValue(enc.replace('type:str', 'type:uuid'), key, 'a:')).toThrow(/unknown datatype "uuid"/);
  expect(() => decryptValue(enc.replace('iv:', 'iv:%'), key, 'a:')).toThrow(/invalid base64 in iv/);
  expect(() => decryptValue('plain', key, 'a:')).toThrow(/not an ENC/);
  expect(() => decryptValue(encryptBytes(Buffer.from('1.5'), 'int', key, 'a:'), key, 'a:')).toThrow(/invalid int "1.5"/);
  expect(() => decryptValue(enc, crypto.randomBytes(32), 'a:')).toThrow(/authentication failed/);
});

test('the stash hands out the recorded IVs once each, in order, and never for a changed plaintext', () => {
  const stash = new IvStash();
  const a1 = encryptValue({ t: 'str', v: 'same' }, key, 'l:');
  const a2 = encryptValue({ t: 'str', v: 'same' }, key, 'l:');
  decryptValue(a1, key, 'l:', stash);
  decryptValue(a2, key, 'l:', stash);
  const cur = stash.cursor();
  expect(encryptValue({ t: 'str', v: 'same' }, key, 'l:', cur)).toBe(a1);
  expect(encryptValue({ t: 'str', v: 'same' }, key, 'l:', cur)).toBe(a2);
  const third = encryptValue({ t: 'str', v: 'same' }, key, 'l:', cur);
  expect([a1, a2]).not.toContain(third);
  // other AAD or type: fresh IV
  expect(parseEncValue(encryptValue({ t: 'str', v: 'same' }, key, 'm:', stash.cursor())).iv.equals(parseEncValue(a1).iv)).toBe(false);
  // an int written as "007" re-encodes as "7": its IV is not kept for the different bytes
  const s2 = new IvStash();
  decryptValue(encryptBytes(Buffer.from('007'), 'int', key, 'n:'), key, 'n:', s2);
  expect(s2.size).toBe(0);
});

describe('tree walk', () => {
  const tree: SopsTree = {
    branches: [
      map([
        ['a', map([['b', str('x')]])],
        ['hosts', seq([str('h1'), map([['name', str('n')]]), seq([str('deep')])])],
        ['plain_unencrypted', map([['inner', str('visible')]])],
        ['none', nul()],
      ]),
    ],
  };
  tree.branches[0]!.items.unshift(comment(' top'));

  test('AAD is the map keys joined by ":" plus ":"; lists do not extend the path', () => {
    const { tree: enc } = encryptTree(tree, key, { unencrypted_suffix: '_unencrypted' });
    const b = enc.branches[0]!;
    const v = (n: unknown): string => (n as { v: string }).v;
    const items = b.items as Array<{ key?: string; value?: { t: string; items: unknown[] }; t?: string; v?: string }>;
    expect(decryptValue(v(items[0]), key, aadOf([]))).toEqual({ t: 'comment', v: ' top' });
    expect(decryptValue(v((items[1]!.value!.items[0] as { value: unknown }).value), key, 'a:b:')).toEqual({ t: 'str', v: 'x' });
    const hosts = items[2]!.value!.items as Array<{ t: string; v?: string; items?: unknown[] }>;
    expect(decryptValue(hosts[0]!.v!, key, 'hosts:')).toEqual({ t: 'str', v: 'h1' });
    expect(decryptValue(v((hosts[1]!.items![0] as { value: unknown }).value), key, 'hosts:name:')).toEqual({ t: 'str', v: 'n' });
    expect(decryptValue(v(hosts[2]!.items![0]), key, 'hosts:')).toEqual({ t: 'str', v: 'deep' });
    expect((items[3]!.value!.items[0] as { value: unknown }).value).toEqual({ t: 'str', v: 'visible' });
    expect(items[4]!.value).toEqual({ t: 'null' });
  });

  test('the MAC hashes every non-null, non-comment leaf (plaintext ones too), in order, without keys', () => {
    const expected = crypto.createHash('sha512').update('xh1ndeepvisible').digest('hex').toUpperCase();
    const { tree: enc, mac } = encryptTree(tree, key, {});
    expect(mac).toBe(expected);
    expect(computeMac(tree, {})).toBe(expected);
    const dec = decryptTree(enc, key, {});
    expect(dec.mac).toBe(expected);
    const onlyEnc = computeMac(tree, { mac_only_encrypted: true });
    expect(onlyEnc).toBe(
      crypto
        .createHash('sha512')
        .update(Buffer.from('8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69', 'hex'))
        .update('xh1ndeep')
        .digest('hex')
        .toUpperCase(),
    );
  });

  test('rules apply in sops order to any path component', () => {
    expect(isPathEncrypted({ unencrypted_regex: '^(pins|pin_history)$' }, ['pins', 'web'])).toBe(false);
    expect(isPathEncrypted({ unencrypted_regex: '^(pins|pin_history)$' }, ['secrets', 'pins'])).toBe(false);
    expect(isPathEncrypted({ unencrypted_regex: '^(pins|pin_history)$' }, ['secrets', 'X'])).toBe(true);
    expect(isPathEncrypted({ encrypted_regex: '^data$' }, ['data', 'x'])).toBe(true);
    expect(isPathEncrypted({ encrypted_regex: '^data$' }, ['meta'])).toBe(false);
    expect(isPathEncrypted({ encrypted_suffix: '_enc' }, ['a_enc', 'b'])).toBe(true);
    expect(isPathEncrypted({}, ['x_unencrypted'])).toBe(false);
    expect(isPathEncrypted({ encrypted_regex: '(?i)^PASS' }, ['password'])).toBe(true);
  });

  test('fails when a value under an encrypted path is an int (not an ENC string)', () => {
    expect(() => decryptTree({ branches: [map([['n', int(5)]])] }, key, {}, { file: 'f.yaml' })).toThrow(
      /^f\.yaml: value at "n" should be encrypted but holds a plain int value$/,
    );
  });
});
