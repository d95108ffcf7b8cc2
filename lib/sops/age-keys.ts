/**
 * The age layer of SOPS: wrapping the 32-byte data key for X25519 recipients (one armored age file
 * per recipient, like `age/keysource.go`), unwrapping it with identities, and finding identities the
 * way sops does (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, the user config dir keys.txt).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as age from 'age-encryption';
import { SopsIdentityError, SopsKeyError, SopsUnsupportedError } from './errors';
import type { AgeKey } from './metadata';

/** An X25519 recipient: `age1` + 58 bech32 characters (checksum verified by {@link assertRecipient}). */
const X25519_RECIPIENT_RE = /^age1[02-9ac-hj-np-z]{58}$/;

/** Throws a `SopsKeyError` unless `r` is an X25519 `age1…` recipient sops 3.8+ and age 1.1 can use. */
export function assertRecipient(r: string, file?: string): void {
  if (r.startsWith('age1pq1') || r.startsWith('age1tag')) {
    throw new SopsUnsupportedError(`recipient ${abbrev(r)} is a post-quantum/tag age recipient; sops < 3.12 cannot use it. Use an X25519 age1… recipient`, { file });
  }
  if (!X25519_RECIPIENT_RE.test(r)) {
    throw new SopsKeyError(`${JSON.stringify(r)} is not an X25519 age recipient (age1 followed by 58 lowercase bech32 characters)`, { file });
  }
  try {
    new age.Encrypter().addRecipient(r);
  } catch {
    throw new SopsKeyError(`recipient ${abbrev(r)} has an invalid checksum`, { file });
  }
}

/** Normalises a recipient list: trims, drops duplicates, validates each one. */
export function normalizeRecipients(recipients: readonly string[], file?: string): string[] {
  const out = [...new Set(recipients.map((r) => r.trim()).filter(Boolean))];
  if (out.length === 0) throw new SopsKeyError('at least one age recipient is required', { file });
  for (const r of out) assertRecipient(r, file);
  return out;
}

/** Wraps the data key for one recipient: an ASCII-armored age file (64-column lines, trailing newline). */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  assertRecipient(recipient);
  const e = new age.Encrypter();
  e.addRecipient(recipient);
  return age.armor.encode(await e.encrypt(dataKey));
}

/** Wraps the data key for every recipient (in order), giving the `sops.age` list. */
export async function wrapForRecipients(dataKey: Uint8Array, recipients: readonly string[]): Promise<AgeKey[]> {
  return Promise.all(recipients.map(async (recipient) => ({ recipient, enc: await wrapDataKey(dataKey, recipient) })));
}

/** Unwraps one armored blob with any of the identities; returns undefined if none matches. */
export async function tryUnwrap(enc: string, identities: readonly string[]): Promise<Uint8Array | undefined> {
  if (identities.length === 0) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = age.armor.decode(enc.trim() + '\n');
  } catch {
    try {
      bytes = age.armor.decode(enc);
    } catch {
      return undefined;
    }
  }
  const d = new age.Decrypter();
  for (const id of identities) d.addIdentity(id);
  try {
    return await d.decrypt(bytes, 'uint8array');
  } catch {
    return undefined;
  }
}

/** Returns the recipient (`age1…`) of an X25519 identity. */
export async function recipientOf(identity: string): Promise<string> {
  try {
    return await age.identityToRecipient(identity);
  } catch {
    throw new SopsKeyError('invalid age identity (expected AGE-SECRET-KEY-1…)');
  }
}

/** Generates a new X25519 identity and its recipient. */
export async function generateAgeKey(): Promise<{ identity: string; recipient: string }> {
  const identity = await age.generateX25519Identity();
  return { identity, recipient: await age.identityToRecipient(identity) };
}

// ---------------------------------------------------------------------------------------------
// identity discovery

export interface IdentitySet {
  /** `AGE-SECRET-KEY-1…` strings, deduplicated, in discovery order. */
  identities: string[];
  /** Where identities came from (`SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE=/x`, an existing keys.txt path). */
  sources: string[];
  /** Every place looked at, present or not. */
  searched: string[];
  /** Non-fatal problems (unsupported plugin identities, unreadable default file). */
  warnings: string[];
}

export interface DiscoveryOptions {
  env?: Record<string, string | undefined>;
  home?: string;
  platform?: NodeJS.Platform;
}

/**
 * Parses an age key file: one identity per line; blank lines and `#` comments are ignored.
 * `AGE-PLUGIN-…` identities are skipped with a warning (not supported); anything else is an error.
 */
export function parseIdentityFile(text: string, source: string): { identities: string[]; warnings: string[] } {
  const identities: string[] = [];
  const warnings: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (line.startsWith('AGE-PLUGIN-')) {
      warnings.push(`${source}:${i + 1}: age plugin identities are not supported; skipped`);
      return;
    }
    if (!/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/.test(line)) {
      throw new SopsKeyError(`${source}:${i + 1}: not an age identity (expected AGE-SECRET-KEY-1…, one per line)`);
    }
    identities.push(line);
  });
  return { identities, warnings };
}

/** The default keys.txt location sops uses on this platform. */
export function defaultKeyFilePath(opts: DiscoveryOptions = {}): string {
  const env = opts.env ?? process.env;
  const home = opts.home ?? os.homedir();
  const platform = opts.platform ?? process.platform;
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'sops', 'age', 'keys.txt');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'sops', 'age', 'keys.txt');
  if (platform === 'win32' && env.AppData) return path.join(env.AppData, 'sops', 'age', 'keys.txt');
  return path.join(home, '.config', 'sops', 'age', 'keys.txt');
}

/**
 * Finds age identities like sops `loadIdentities`: `SOPS_AGE_KEY` (newline-separated),
 * `SOPS_AGE_KEY_FILE`, and the user config dir `sops/age/keys.txt` (all of them, in that order).
 * SSH keys, `SOPS_AGE_KEY_CMD` and plugins are not supported.
 */
export function discoverIdentities(opts: DiscoveryOptions = {}): IdentitySet {
  const env = opts.env ?? process.env;
  const def = defaultKeyFilePath(opts);
  const out: IdentitySet = { identities: [], sources: [], searched: ['SOPS_AGE_KEY', 'SOPS_AGE_KEY_FILE', def], warnings: [] };
  const add = (r: { identities: string[]; warnings: string[] }): void => {
    for (const id of r.identities) if (!out.identities.includes(id)) out.identities.push(id);
    out.warnings.push(...r.warnings);
  };
  if (env.SOPS_AGE_KEY) {
    out.sources.push('SOPS_AGE_KEY');
    add(parseIdentityFile(env.SOPS_AGE_KEY, 'SOPS_AGE_KEY'));
  }
  if (env.SOPS_AGE_KEY_FILE) {
    const f = env.SOPS_AGE_KEY_FILE;
    out.sources.push(`SOPS_AGE_KEY_FILE=${f}`);
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch (e) {
      throw new SopsKeyError(`SOPS_AGE_KEY_FILE=${f} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    add(parseIdentityFile(text, f));
  }
  if (fs.existsSync(def)) {
    out.sources.push(def);
    try {
      add(parseIdentityFile(fs.readFileSync(def, 'utf8'), def));
    } catch (e) {
      if (e instanceof SopsKeyError) throw e;
      out.warnings.push(`${def} cannot be read: ${(e as Error).message}`);
    }
  }
  return out;
}

/** A last-resort identity source, consulted only when nothing else opened the file. */
export type IdentityFallback = (
  recipients: string[],
  file?: string,
) => { identities: string[]; source: string; warning: string } | undefined;

export interface UnwrapOptions extends DiscoveryOptions {
  /** Use exactly these identities (no discovery). */
  identities?: readonly string[];
  fallback?: IdentityFallback;
}

/**
 * Gets the data key from the `sops.age` list: every identity may open every blob (sops does not
 * match recipient strings). Refuses with the file, the identity sources and the recipients.
 */
export async function unwrapFromMetadata(
  keys: readonly AgeKey[],
  opts: UnwrapOptions & { file?: string; otherKeyTypes?: string[] } = {},
): Promise<{ dataKey: Uint8Array; warnings: string[]; source: string }> {
  const recipients = keys.map((k) => k.recipient);
  if (keys.length === 0) {
    const other = opts.otherKeyTypes?.length ? ` (only ${opts.otherKeyTypes.join(', ')} keys)` : '';
    throw new SopsUnsupportedError(`has no age recipients${other}; pinstack decrypts age-encrypted files only`, { file: opts.file });
  }
  const found: IdentitySet = opts.identities
    ? { identities: [...opts.identities], sources: ['the identities passed in'], searched: [], warnings: [] }
    : discoverIdentities(opts);
  for (const k of keys) {
    const dk = await tryUnwrap(k.enc, found.identities);
    if (dk) return checkKey(dk, opts.file, { dataKey: dk, warnings: found.warnings, source: found.sources.join(', ') });
  }
  const fb = opts.fallback?.(recipients, opts.file);
  if (fb) {
    for (const k of keys) {
      const dk = await tryUnwrap(k.enc, fb.identities);
      if (dk) return checkKey(dk, opts.file, { dataKey: dk, warnings: [...found.warnings, fb.warning], source: fb.source });
    }
  }
  const n = found.identities.length;
  const what =
    n === 0
      ? `no age identity found (looked in ${(found.searched.length ? found.searched : found.sources).join(', ')})`
      : `none of the ${n} identit${n === 1 ? 'y' : 'ies'} found (${found.sources.join(', ')}) can decrypt this file`;
  throw new SopsIdentityError(`${what}; it is encrypted to ${recipients.join(', ')}`, {
    file: opts.file,
    recipients,
    sources: found.sources,
  });
}

function checkKey<T>(dk: Uint8Array, file: string | undefined, r: T): T {
  if (dk.length !== 32) throw new SopsKeyError(`the age blob holds ${dk.length} bytes, not a 32-byte data key`, { file });
  return r;
}

function abbrev(r: string): string {
  return r.length > 20 ? `${r.slice(0, 12)}…${r.slice(-6)}` : r;
}
