/**
 * The SOPS value cipher (getsops/sops `aes/cipher.go`): AES-256-GCM with a 32-byte IV, the path as
 * additional data, and `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` strings. Also the Go number and
 * boolean formatting that decides the plaintext bytes (and so the MAC).
 */
import crypto from 'node:crypto';
import type { Comment, Scalar } from './tree';

export const ENC_PREFIX = 'ENC[AES256_GCM,';
/** Go: `^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]` (anchored at the start only). */
const ENC_RE = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/s;
const IV_BYTES = 32;
const TAG_BYTES = 16;

export type EncType = 'str' | 'int' | 'float' | 'bool' | 'time' | 'comment' | 'bytes';
const ENC_TYPES = new Set<string>(['str', 'int', 'float', 'bool', 'time', 'comment', 'bytes']);

export interface EncParts {
  data: Buffer;
  iv: Buffer;
  tag: Buffer;
  type: string;
}

/** Thrown by the cipher without file context; the tree walk rethrows it as a `SopsDecryptionError`. */
export class CipherError extends Error {}

export function isEncValue(s: string): boolean {
  return ENC_RE.test(s);
}

export function parseEncValue(s: string): EncParts {
  const m = ENC_RE.exec(s);
  if (!m) throw new CipherError('not an ENC[AES256_GCM,...] value');
  return { data: b64(m[1]!, 'data'), iv: b64(m[2]!, 'iv'), tag: b64(m[3]!, 'tag'), type: m[4]! };
}

function b64(s: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new CipherError(`invalid base64 in ${what}`);
  return Buffer.from(s, 'base64');
}

// ---------------------------------------------------------------------------------------------
// Go formatting

/** Go `strconv.FormatFloat(x, 'f', -1, 64)`: shortest round-trip digits, never an exponent. */
export function goFormatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, e] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = parseInt(e, 10);
  const s =
    exp >= digits.length - 1
      ? digits + '0'.repeat(exp - digits.length + 1)
      : exp >= 0
        ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
        : `0.${'0'.repeat(-exp - 1)}${digits}`;
  return (x < 0 ? '-' : '') + s;
}

/** Go `strconv.ParseFloat(s, 64)` for the forms sops writes (decimal, exponent, Inf, NaN). */
export function goParseFloat(s: string): number {
  const t = s.replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && !/^[+-]?0[xX]/.test(t)) {
    throw new CipherError(`invalid float ${JSON.stringify(s)}`);
  }
  const n = Number(t);
  if (Number.isNaN(n)) throw new CipherError(`invalid float ${JSON.stringify(s)}`);
  return n;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go `strconv.Atoi`: optional sign and decimal digits, int64 range. */
export function goParseInt(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new CipherError(`invalid int ${JSON.stringify(s)}`);
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) throw new CipherError(`int ${s} out of int64 range`);
  return v;
}

/** Go `strconv.ParseBool`. */
export function goParseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new CipherError(`invalid bool ${JSON.stringify(s)}`);
}

/** sops `ToBytes`: the plaintext bytes of a value, as encrypted and as hashed into the MAC. */
export function scalarToBytes(s: Scalar | Comment): Buffer {
  switch (s.t) {
    case 'str':
    case 'comment':
    case 'time':
      return Buffer.from(s.v, 'utf8');
    case 'int':
      return Buffer.from(s.v.toString(), 'ascii');
    case 'float':
      return Buffer.from(goFormatFloat(s.v), 'ascii');
    case 'bool':
      return Buffer.from(s.v ? 'True' : 'False', 'ascii');
    case 'bytes':
      return Buffer.from(s.v);
  }
}

/** The `type:` tag Go sops writes for a value (`[]byte` is walked as a string). */
export function encTypeOf(s: Scalar | Comment): EncType {
  return s.t === 'bytes' ? 'str' : s.t;
}

// ---------------------------------------------------------------------------------------------
// IV stash

/**
 * The `aes.Cipher` stash: remembers the IV of every (AAD, typed plaintext) decrypted with one data
 * key, so re-encrypting an unchanged value gives the identical ciphertext (minimal git diffs).
 * Unlike Go's map, equal values sharing a path (list items) keep one IV each, in document order.
 * Only valid for the data key it was filled with.
 */
export class IvStash {
  private readonly ivs = new Map<string, Buffer[]>();
  private static k(aad: string, type: string, plain: Buffer): string {
    return `${type}\u0000${aad}\u0000${plain.toString('base64')}`;
  }
  /** The first IV recorded for this value (see {@link IvStash.cursor} for repeated values). */
  get(aad: string, type: string, plain: Buffer): Buffer | undefined {
    return this.ivs.get(IvStash.k(aad, type, plain))?.[0];
  }
  set(aad: string, type: string, plain: Buffer, iv: Buffer): void {
    const k = IvStash.k(aad, type, plain);
    const list = this.ivs.get(k);
    if (list) list.push(iv);
    else this.ivs.set(k, [iv]);
  }
  /** A one-pass reader handing out each recorded IV once, in the order they were recorded. */
  cursor(): { take(aad: string, type: string, plain: Buffer): Buffer | undefined } {
    const used = new Map<string, number>();
    return {
      take: (aad, type, plain) => {
        const k = IvStash.k(aad, type, plain);
        const n = used.get(k) ?? 0;
        const iv = this.ivs.get(k)?.[n];
        if (iv) used.set(k, n + 1);
        return iv;
      },
    };
  }
  get size(): number {
    let n = 0;
    for (const l of this.ivs.values()) n += l.length;
    return n;
  }
}

// ---------------------------------------------------------------------------------------------
// encrypt / decrypt

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new CipherError(`data key must be 32 bytes, got ${key.length}`);
}

/** Encrypts raw plaintext bytes with the given type tag. Empty str/comment values stay `""`. */
export function encryptBytes(plain: Buffer, type: EncType, key: Uint8Array, aad: string, iv?: Buffer): string {
  checkKey(key);
  if ((type === 'str' || type === 'comment') && plain.length === 0) return '';
  const nonce = iv ?? crypto.randomBytes(IV_BYTES);
  const c = crypto.createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  c.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([c.update(plain), c.final()]);
  const tag = c.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${nonce.toString('base64')},tag:${tag.toString('base64')},type:${type}]`;
}

export type IvSource = { take(aad: string, type: string, plain: Buffer): Buffer | undefined };

/** Encrypts a typed value; reuses a stashed IV for an unchanged (aad, type, plaintext). */
export function encryptValue(value: Scalar | Comment, key: Uint8Array, aad: string, ivs?: IvSource): string {
  const type = encTypeOf(value);
  const plain = scalarToBytes(value);
  return encryptBytes(plain, type, key, aad, ivs?.take(aad, type, plain));
}

/** Decrypts to raw bytes and the type tag (no interpretation). */
export function decryptBytes(s: string, key: Uint8Array, aad: string): { type: string; plain: Buffer; iv: Buffer } {
  checkKey(key);
  const p = parseEncValue(s);
  if (!ENC_TYPES.has(p.type)) throw new CipherError(`unknown datatype ${JSON.stringify(p.type)}`);
  if (p.data.length === 0) throw new CipherError('empty data');
  if (p.tag.length !== TAG_BYTES) throw new CipherError(`tag must be ${TAG_BYTES} bytes`);
  if (p.iv.length === 0) throw new CipherError('empty iv');
  let plain: Buffer;
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', key, p.iv, { authTagLength: TAG_BYTES });
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(p.tag);
    plain = Buffer.concat([d.update(p.data), d.final()]);
  } catch {
    throw new CipherError('authentication failed (wrong data key, wrong path/AAD, or tampered value)');
  }
  return { type: p.type, plain, iv: p.iv };
}

/** Decrypts an `ENC[...]` string into a typed value (`""` decrypts to the empty string). */
export function decryptValue(s: string, key: Uint8Array, aad: string, stash?: IvStash): Scalar | Comment {
  if (s === '') return { t: 'str', v: '' };
  const { type, plain, iv } = decryptBytes(s, key, aad);
  const text = (): string => plain.toString('utf8');
  let out: Scalar | Comment;
  switch (type) {
    case 'str':
      out = { t: 'str', v: text() };
      break;
    case 'comment':
      out = { t: 'comment', v: text() };
      break;
    case 'int':
      out = { t: 'int', v: goParseInt(text()) };
      break;
    case 'float':
      out = { t: 'float', v: goParseFloat(text()) };
      break;
    case 'bool':
      out = { t: 'bool', v: goParseBool(text()) };
      break;
    case 'time':
      out = { t: 'time', v: text() };
      break;
    default:
      out = { t: 'bytes', v: new Uint8Array(plain) };
  }
  // The stash key is the re-encoded typed value (what Encrypt will see), like Go's stash. Unlike Go,
  // skip it when re-encoding changes the bytes (e.g. int "007" -> "7"): never reuse an IV for a
  // different plaintext under the same key.
  const again = scalarToBytes(out);
  if (again.equals(plain)) stash?.set(aad, encTypeOf(out), again, iv);
  return out;
}
