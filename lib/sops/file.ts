/**
 * High-level SOPS API: decrypt and verify, create, edit (keeping the data key and every unchanged
 * ciphertext), re-wrap for new recipients (`sops updatekeys`) and rotate the data key (`sops rotate`).
 * Files are written atomically and only ever in encrypted form.
 */
import crypto from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { normalizeRecipients, unwrapFromMetadata, wrapForRecipients, type UnwrapOptions } from './age-keys';
import { CipherError, decryptValue, encryptValue, IvStash } from './cipher';
import { SopsError, SopsMacMismatchError, SopsUnsupportedError, SopsUsageError } from './errors';
import { compareSemver, formatLastModified, goRfc3339, metadataFromNode, metadataToNode, SOPS_VERSION, type SopsMetadata } from './metadata';
import { emitEncrypted, formatFromPath, parseEncrypted, type EncryptedDocument, type Layout, type SopsFormat } from './stores';
import { clone, equal, getEntry, isEntry, type SopsTree } from './tree';
import { decryptTree, encryptTree, goRegExp, normalizeRules, WRITABLE_RULE_KEYS, type CryptRules } from './walk';

/** Exactly one of the crypt rules sops 3.8 understands. */
export type CryptRule =
  | { unencrypted_suffix: string }
  | { encrypted_suffix: string }
  | { unencrypted_regex: string }
  | { encrypted_regex: string };

export const DEFAULT_RULE: CryptRule = { unencrypted_suffix: '_unencrypted' };

export interface OpenOptions extends UnwrapOptions {
  /** Store to use; default from the extension like sops (.yaml/.json/.env/.ini, else binary). */
  format?: SopsFormat;
}

export interface EncryptOptions {
  /** X25519 `age1…` recipients (one key group). */
  recipients: readonly string[];
  format: SopsFormat;
  /** Default `{ unencrypted_suffix: '_unencrypted' }` (sops' default, written explicitly). */
  rule?: CryptRule;
  /** Indentation etc.; default sops 3.10 (YAML indent 4, JSON tab + final newline). */
  layout?: Layout;
  /** Clock for `lastmodified` (tests). */
  now?: Date;
  /** File name for error messages. */
  file?: string;
}

/** What an edit needs besides the tree: the data key and the IVs of every decrypted value. */
export interface EditSession {
  readonly dataKey: Uint8Array;
  readonly stash: IvStash;
  readonly document: EncryptedDocument;
  /** The bytes this session was opened from (an edit refuses to overwrite a file changed since). */
  readonly text: string;
}

export interface SopsFile {
  /** Path as given (used in every message). */
  path: string;
  format: SopsFormat;
  /** Decrypted, typed data. Clone it (or use {@link editSopsFile}) to change it. */
  tree: SopsTree;
  metadata: SopsMetadata;
  recipients: string[];
  /** Non-fatal notes to show the user (e.g. "decrypted with the public demo key"). */
  warnings: string[];
  session: EditSession;
}

// ---------------------------------------------------------------------------------------------
// validation

function checkRule(rule: CryptRule, file?: string): CryptRules {
  const keys = Object.keys(rule).filter((k) => (rule as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || !(WRITABLE_RULE_KEYS as readonly string[]).includes(keys[0]!)) {
    throw new SopsUsageError(`exactly one crypt rule of ${WRITABLE_RULE_KEYS.join(', ')} is required, got ${keys.join(', ') || 'none'}`, { file });
  }
  const v = (rule as Record<string, unknown>)[keys[0]!];
  if (typeof v !== 'string' || v === '') throw new SopsUsageError(`${keys[0]} must be a non-empty string`, { file });
  if (keys[0]!.endsWith('_regex')) {
    try {
      goRegExp(v, keys[0]);
    } catch (e) {
      throw new SopsUsageError((e as Error).message, { file });
    }
  }
  return { [keys[0]!]: v } as CryptRules;
}

function checkTree(tree: SopsTree, format: SopsFormat, file?: string): void {
  if (tree.branches.length === 0) throw new SopsUsageError('the document has no branch', { file });
  if (format !== 'yaml' && tree.branches.length !== 1) throw new SopsUsageError('only YAML supports several documents', { file });
  for (const b of tree.branches) {
    if (getEntry(b, 'sops')) throw new SopsUsageError('the document already has a top-level "sops" key', { file });
    if (format === 'dotenv' && b.items.some((it) => isEntry(it) && it.key.startsWith('sops_'))) {
      throw new SopsUsageError('dotenv keys cannot start with "sops_" (reserved for the metadata)', { file });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// in-memory pipeline

function sealMetadata(mac: string, dataKey: Uint8Array, now: Date | undefined): { lastmodified: string; mac: string } {
  const lastmodified = formatLastModified(now);
  return { lastmodified, mac: encryptValue({ t: 'str', v: mac }, dataKey, lastmodified) };
}

/** Encrypts a plaintext tree into a new SOPS document (new random data key). */
export async function encryptText(tree: SopsTree, opts: EncryptOptions): Promise<string> {
  const file = opts.file;
  checkTree(tree, opts.format, file);
  const rules = checkRule(opts.rule ?? DEFAULT_RULE, file);
  const recipients = normalizeRecipients(opts.recipients, file);
  const dataKey = crypto.randomBytes(32);
  const enc = encryptTree(tree, dataKey, rules, { file });
  const md: SopsMetadata = {
    age: await wrapForRecipients(dataKey, recipients),
    ...sealMetadata(enc.mac, dataKey, opts.now),
    version: SOPS_VERSION,
    rules,
    otherKeys: [],
  };
  return emitEncrypted({ format: opts.format, tree: enc.tree, metadataNode: metadataToNode(md), layout: opts.layout ?? {} }, file);
}

/** Decrypts a SOPS document and verifies its MAC. */
export async function decryptText(text: string, opts: OpenOptions & { format: SopsFormat; file?: string }): Promise<SopsFile> {
  const file = opts.file;
  const document = parseEncrypted(text, opts.format, file);
  const metadata = metadataFromNode(document.metadataNode, file);
  const { dataKey, warnings } = await unwrapFromMetadata(metadata.age, {
    ...opts,
    file,
    otherKeyTypes: metadata.otherKeys.map((k) => k.key),
  });
  return openWithKey(text, document, metadata, dataKey, opts.format, file, warnings);
}

function openWithKey(
  text: string,
  document: EncryptedDocument,
  metadata: SopsMetadata,
  dataKey: Uint8Array,
  format: SopsFormat,
  file: string | undefined,
  warnings: string[],
): SopsFile {
  const dec = decryptTree(document.tree, dataKey, metadata.rules, { file });
  verifyMac(metadata, dataKey, dec.mac, file);
  return {
    path: file ?? '',
    format,
    tree: dec.tree,
    metadata,
    recipients: metadata.age.map((a) => a.recipient),
    warnings: [...warnings, ...dec.warnings],
    session: { dataKey, stash: dec.stash, document, text },
  };
}

/** Re-reads text this library just produced with its known data key (also a self-check). */
function reopen(f: SopsFile, text: string, dataKey: Uint8Array): SopsFile {
  const document = parseEncrypted(text, f.format, f.path);
  const metadata = metadataFromNode(document.metadataNode, f.path);
  return openWithKey(text, document, metadata, dataKey, f.format, f.path, f.warnings);
}

function verifyMac(md: SopsMetadata, dataKey: Uint8Array, computed: string, file?: string): void {
  let stored: string;
  try {
    const v = decryptValue(md.mac, dataKey, goRfc3339(md.lastmodified));
    if (v.t !== 'str') throw new CipherError('the MAC is not a string');
    stored = v.v;
  } catch (e) {
    throw new SopsMacMismatchError(
      `MAC check failed: the stored MAC cannot be decrypted with lastmodified ${md.lastmodified} ` +
        `(${(e as Error).message}); the "mac" or "lastmodified" field was modified outside sops`,
      { file },
    );
  }
  if (stored !== computed) {
    throw new SopsMacMismatchError(
      `MAC mismatch: the content was modified outside sops (a value was changed, added, removed or reordered); ` +
        `file has ${stored.slice(0, 16)}…, computed ${computed.slice(0, 16)}…. Refusing to use it.`,
      { file },
    );
  }
}

/**
 * Re-encrypts an edited tree with the file's data key. Unchanged values keep their IV (identical
 * ciphertext); `mac` and `lastmodified` are renewed; the `age` blobs and other master keys are kept.
 */
export function reencryptText(f: SopsFile, tree: SopsTree, opts: { now?: Date } = {}): string {
  checkTree(tree, f.format, f.path);
  const rules = normalizeRules(f.metadata.rules, f.path);
  const enc = encryptTree(tree, f.session.dataKey, rules, { stash: f.session.stash, file: f.path });
  const md: SopsMetadata = {
    ...f.metadata,
    ...sealMetadata(enc.mac, f.session.dataKey, opts.now),
    rules,
    version: compareSemver(f.metadata.version.replace(/^v/, ''), SOPS_VERSION) > 0 ? f.metadata.version : SOPS_VERSION,
  };
  return emitEncrypted({ ...f.session.document, tree: enc.tree, metadataNode: metadataToNode(md) }, f.path);
}

// ---------------------------------------------------------------------------------------------
// files

async function readText(p: string): Promise<string> {
  try {
    return await fsp.readFile(p, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SopsUsageError(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? (e as Error).message})`, { file: p });
  }
}

/**
 * Writes atomically: a temp file in the same directory (mode 0600, or the target's mode), fsync,
 * rename over the target, fsync the directory. The temp file is removed on failure.
 */
export async function atomicWriteFile(target: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  let mode = 0o600;
  try {
    mode = (await fsp.stat(target)).mode & 0o777;
  } catch {
    /* new file */
  }
  const fh = await fsp.open(tmp, 'wx', 0o600);
  try {
    try {
      await fh.writeFile(data);
      if (mode !== 0o600) await fh.chmod(mode);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, target);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  try {
    const d = await fsp.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* directory fsync is best effort (not supported everywhere) */
  }
}

/** Reads, decrypts and MAC-verifies a SOPS file. */
export async function openSopsFile(p: string, opts: OpenOptions = {}): Promise<SopsFile> {
  const text = await readText(p);
  return decryptText(text, { ...opts, format: opts.format ?? formatFromPath(p), file: p });
}

/** Creates a new encrypted file. Refuses to overwrite an existing file unless `overwrite`. */
export async function createSopsFile(p: string, tree: SopsTree, opts: Omit<EncryptOptions, 'format' | 'file'> & { format?: SopsFormat; overwrite?: boolean }): Promise<void> {
  if (!opts.overwrite) {
    const exists = await fsp.stat(p).then(
      () => true,
      () => false,
    );
    if (exists) throw new SopsUsageError('already exists; refusing to overwrite it', { file: p });
  }
  const text = await encryptText(tree, { ...opts, format: opts.format ?? formatFromPath(p), file: p });
  await atomicWriteFile(p, text);
}

async function writeIfUnchanged(f: SopsFile, text: string): Promise<void> {
  const now = await readText(f.path);
  if (now !== f.session.text) {
    throw new SopsUsageError('changed on disk since it was read; not overwriting it (re-run the command)', { file: f.path });
  }
  await atomicWriteFile(f.path, text);
}

/**
 * Saves an edited tree over the file it was opened from (see {@link reencryptText}). Returns the new
 * state. Writes nothing when the tree is unchanged.
 */
export async function saveSopsFile(f: SopsFile, tree: SopsTree, opts: { now?: Date } = {}): Promise<SopsFile> {
  if (tree.branches.length === f.tree.branches.length && tree.branches.every((b, i) => equal(b, f.tree.branches[i]!))) return f;
  const text = reencryptText(f, tree, opts);
  const next = reopen(f, text, f.session.dataKey);
  await writeIfUnchanged(f, text);
  return next;
}

/**
 * Opens a file, lets `mutate` change a copy of its tree, and saves it. If `mutate` throws, nothing is
 * written (the file stays byte-identical).
 */
export async function editSopsFile(
  p: string,
  mutate: (tree: SopsTree) => void | Promise<void>,
  opts: OpenOptions & { now?: Date } = {},
): Promise<SopsFile> {
  const f = await openSopsFile(p, opts);
  const tree = clone(f.tree);
  await mutate(tree);
  return saveSopsFile(f, tree, opts);
}

/**
 * `sops updatekeys` for age: wraps the same data key for a new recipient set. Blobs of recipients that
 * stay are kept; values, `mac` and `lastmodified` do not change.
 */
export async function updateRecipients(p: string, recipients: readonly string[], opts: OpenOptions = {}): Promise<SopsFile> {
  const f = await openSopsFile(p, opts);
  const wanted = normalizeRecipients(recipients, p);
  const age = await Promise.all(
    wanted.map(async (r) => f.metadata.age.find((a) => a.recipient === r) ?? (await wrapForRecipients(f.session.dataKey, [r]))[0]!),
  );
  const md: SopsMetadata = { ...f.metadata, age };
  const text = emitEncrypted({ ...f.session.document, metadataNode: metadataToNode(md) }, p);
  const next = reopen(f, text, f.session.dataKey);
  await writeIfUnchanged(f, text);
  return next;
}

/**
 * `sops rotate`: a new data key, every value re-encrypted with fresh IVs, wrapped for the same (or the
 * given) recipients. Refused when the file also has non-age master keys (they cannot be re-wrapped here).
 */
export async function rotateDataKey(p: string, opts: OpenOptions & { recipients?: readonly string[]; now?: Date } = {}): Promise<SopsFile> {
  const f = await openSopsFile(p, opts);
  if (f.metadata.otherKeys.length) {
    throw new SopsUnsupportedError(
      `also has ${f.metadata.otherKeys.map((k) => k.key).join(', ')} master keys, which pinstack cannot re-wrap; rotate it with sops`,
      { file: p },
    );
  }
  const recipients = normalizeRecipients(opts.recipients ?? f.recipients, p);
  const dataKey = crypto.randomBytes(32);
  const rules = normalizeRules(f.metadata.rules, p);
  const enc = encryptTree(f.tree, dataKey, rules, { file: p });
  const md: SopsMetadata = {
    ...f.metadata,
    age: await wrapForRecipients(dataKey, recipients),
    ...sealMetadata(enc.mac, dataKey, opts.now),
    rules,
    version: compareSemver(f.metadata.version.replace(/^v/, ''), SOPS_VERSION) > 0 ? f.metadata.version : SOPS_VERSION,
  };
  const text = emitEncrypted({ ...f.session.document, tree: enc.tree, metadataNode: metadataToNode(md) }, p);
  const next = reopen(f, text, dataKey);
  await writeIfUnchanged(f, text);
  return next;
}

/** True when `err` is one of this library's errors (bad, tampered or undecryptable input). */
export function isSopsError(err: unknown): err is SopsError {
  return err instanceof SopsError;
}

