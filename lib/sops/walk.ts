/**
 * The tree walk of getsops/sops `sops.go` (walkBranch / walkSlice / shouldBeEncrypted, Tree.Encrypt,
 * Tree.Decrypt), ported literally: the AAD is the map keys joined by ":" plus ":" (lists do not extend
 * the path), the MAC is SHA-512 over the plaintext bytes of every non-null, non-comment leaf in document
 * order, written as uppercase hex.
 */
import crypto from 'node:crypto';
import { CipherError, decryptValue, encryptValue, IvStash, scalarToBytes } from './cipher';
import { SopsDecryptionError, SopsFormatError } from './errors';
import { isComment, type Comment, type MapNode, type Node, type Scalar, type SeqNode, type SopsTree } from './tree';

/** The encryption rules stored in the metadata. At most one of the six may be set. */
export interface CryptRules {
  unencrypted_suffix?: string;
  encrypted_suffix?: string;
  unencrypted_regex?: string;
  encrypted_regex?: string;
  unencrypted_comment_regex?: string;
  encrypted_comment_regex?: string;
  mac_only_encrypted?: boolean;
}

export const RULE_KEYS = [
  'unencrypted_suffix',
  'encrypted_suffix',
  'unencrypted_regex',
  'encrypted_regex',
  'unencrypted_comment_regex',
  'encrypted_comment_regex',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];
/** The rules sops 3.8 understands; the only ones this library writes. */
export const WRITABLE_RULE_KEYS = ['unencrypted_suffix', 'encrypted_suffix', 'unencrypted_regex', 'encrypted_regex'] as const;
export const DEFAULT_UNENCRYPTED_SUFFIX = '_unencrypted';

/** sha256("sops"): the MAC initialisation when `mac_only_encrypted` is set. */
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from('8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69', 'hex');

/** Translates a Go RE2 pattern to a JS RegExp (leading `(?flags)` groups become JS flags). */
export function goRegExp(src: string, what = 'regex'): RegExp {
  let flags = '';
  let body = src;
  const m = /^\(\?([imsU]+)\)/.exec(body);
  if (m) {
    if (m[1]!.includes('U')) throw new SopsFormatError(`${what} ${JSON.stringify(src)}: the (?U) flag is not supported`);
    flags = [...new Set(m[1]!.split(''))].join('');
    body = body.slice(m[0].length);
  }
  body = body.replace(/\\z/g, '$').replace(/\\A/g, '^');
  try {
    return new RegExp(body, flags + 'u');
  } catch {
    try {
      return new RegExp(body, flags);
    } catch (e) {
      throw new SopsFormatError(`${what} ${JSON.stringify(src)} is not a valid regular expression: ${(e as Error).message}`);
    }
  }
}

interface CompiledRules {
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: RegExp;
  encryptedRegex?: RegExp;
  unencryptedCommentRegex?: RegExp;
  encryptedCommentRegex?: RegExp;
  macOnlyEncrypted: boolean;
}

/** Checks "at most one rule" and applies the `_unencrypted` default, like `Metadata.ToInternal`. */
export function normalizeRules(rules: CryptRules, file?: string): CryptRules {
  const set = RULE_KEYS.filter((k) => rules[k] !== undefined && rules[k] !== '');
  if (set.length > 1) {
    throw new SopsFormatError(`cannot use more than one of ${RULE_KEYS.join(', ')} (found ${set.join(', ')})`, { file });
  }
  const out: CryptRules = {};
  if (set.length === 0) out.unencrypted_suffix = DEFAULT_UNENCRYPTED_SUFFIX;
  else (out as Record<string, string>)[set[0]!] = rules[set[0]!] as string;
  if (rules.mac_only_encrypted) out.mac_only_encrypted = true;
  return out;
}

function compile(rules: CryptRules, file?: string): CompiledRules {
  const r = normalizeRules(rules, file);
  const re = (k: RuleKey): RegExp | undefined => {
    const v = r[k] as string | undefined;
    if (v === undefined) return undefined;
    try {
      return goRegExp(v, k);
    } catch (e) {
      throw new SopsFormatError((e as Error).message, { file });
    }
  };
  return {
    unencryptedSuffix: r.unencrypted_suffix,
    encryptedSuffix: r.encrypted_suffix,
    unencryptedRegex: re('unencrypted_regex'),
    encryptedRegex: re('encrypted_regex'),
    unencryptedCommentRegex: re('unencrypted_comment_regex'),
    encryptedCommentRegex: re('encrypted_comment_regex'),
    macOnlyEncrypted: !!r.mac_only_encrypted,
  };
}

/** sops `shouldBeEncrypted`, in the same order (a later rule overrides an earlier one). */
function shouldBeEncrypted(r: CompiledRules, path: string[], commentsStack: string[][], isComment: boolean): boolean {
  let encrypted = true;
  if (r.unencryptedSuffix !== undefined && path.some((p) => p.endsWith(r.unencryptedSuffix!))) encrypted = false;
  if (r.encryptedSuffix !== undefined) encrypted = path.some((p) => p.endsWith(r.encryptedSuffix!));
  if (r.unencryptedRegex && path.some((p) => r.unencryptedRegex!.test(p))) encrypted = false;
  if (r.encryptedRegex) encrypted = path.some((p) => r.encryptedRegex!.test(p));
  if (r.unencryptedCommentRegex && commentsStack.some((cs) => cs.some((c) => r.unencryptedCommentRegex!.test(c)))) {
    encrypted = false;
  }
  if (r.encryptedCommentRegex) {
    const last = commentsStack.length - 1;
    encrypted = commentsStack.some((cs, i) =>
      cs.some((c, j) => !(isComment && i === last && j === cs.length - 1) && r.encryptedCommentRegex!.test(c)),
    );
  }
  return encrypted;
}

/** Public form of the rule check for a plain key path (no comments involved). */
export function isPathEncrypted(rules: CryptRules, path: string[]): boolean {
  return shouldBeEncrypted(compile(rules), path, [[]], false);
}

export const aadOf = (path: string[]): string => `${path.join(':')}:`;

type Leaf = Scalar | Comment;
type OnLeaf = (leaf: Leaf, path: string[], commentsStack: string[][]) => Leaf;

function walkValue(v: Node | Comment, path: string[], stack: string[][], f: OnLeaf): Node | Comment {
  switch (v.t) {
    case 'map':
      return walkBranch(v, path, stack, f);
    case 'seq':
      return walkSlice(v, path, stack, f);
    case 'null':
      return v;
    default:
      return f(v, path, stack);
  }
}

function walkSlice(s: SeqNode, path: string[], stack0: string[][], f: OnLeaf): SeqNode {
  const stack = [...stack0, []];
  const items: Array<Node | Comment> = [];
  for (const v of s.items) {
    const isC = v.t === 'comment';
    if (isC) stack[stack.length - 1] = [...stack[stack.length - 1]!, v.v];
    items.push(walkValue(v, path, stack, f));
    if (!isC) stack[stack.length - 1] = [];
  }
  return { t: 'seq', items };
}

function walkBranch(m: MapNode, path: string[], stack0: string[][], f: OnLeaf): MapNode {
  const stack = [...stack0, []];
  const items: MapNode['items'] = [];
  for (const it of m.items) {
    if (isComment(it)) {
      stack[stack.length - 1] = [...stack[stack.length - 1]!, it.v];
      const out = f(it, path, stack);
      items.push(out.t === 'comment' ? out : { t: 'comment', v: String(out.v) });
      continue;
    }
    items.push({ key: it.key, value: walkValue(it.value, [...path, it.key], stack, f) as Node });
    stack[stack.length - 1] = [];
  }
  return { t: 'map', items };
}

export interface EncryptResult {
  tree: SopsTree;
  /** Uppercase-hex SHA-512 of the plaintext leaves (before `lastmodified` is applied). */
  mac: string;
}

/**
 * Encrypts a plaintext tree (Tree.Encrypt): returns the encrypted copy and the MAC. Values that are
 * already `ENC[...]` strings are treated as plaintext strings, like sops.
 */
export function encryptTree(tree: SopsTree, dataKey: Uint8Array, rules: CryptRules, opts: { stash?: IvStash; file?: string } = {}): EncryptResult {
  const r = compile(rules, opts.file);
  const h = crypto.createHash('sha512');
  if (r.macOnlyEncrypted) h.update(MAC_ONLY_ENCRYPTED_INIT);
  const ivs = opts.stash?.cursor();
  const branches = tree.branches.map((b) =>
    walkBranch(b, [], [], (leaf, path, stack) => {
      const isC = leaf.t === 'comment';
      const enc = shouldBeEncrypted(r, path, stack, isC);
      if ((!r.macOnlyEncrypted || enc) && !isC) h.update(scalarToBytes(leaf));
      if (!enc) return { ...leaf };
      try {
        const s = encryptValue(leaf, dataKey, aadOf(path), ivs);
        return isC ? { t: 'comment', v: s } : { t: 'str', v: s };
      } catch (e) {
        throw new SopsDecryptionError(`cannot encrypt ${describe(path)}: ${(e as Error).message}`, { file: opts.file, path: path.join(':') });
      }
    }),
  );
  return { tree: { branches }, mac: h.digest('hex').toUpperCase() };
}

export interface DecryptResult {
  tree: SopsTree;
  /** The MAC recomputed from the decrypted values. */
  mac: string;
  /** IVs of every decrypted value, to re-encrypt unchanged values identically. */
  stash: IvStash;
  /** Comments that looked encrypted but did not decrypt (kept as-is, like sops). */
  warnings: string[];
}

/** Decrypts an encrypted tree (Tree.Decrypt) and recomputes the MAC. */
export function decryptTree(tree: SopsTree, dataKey: Uint8Array, rules: CryptRules, opts: { file?: string } = {}): DecryptResult {
  const r = compile(rules, opts.file);
  const h = crypto.createHash('sha512');
  if (r.macOnlyEncrypted) h.update(MAC_ONLY_ENCRYPTED_INIT);
  const stash = new IvStash();
  const warnings: string[] = [];
  const branches = tree.branches.map((b) =>
    walkBranch(b, [], [], (leaf, path, stack) => {
      const isC = leaf.t === 'comment';
      const enc = shouldBeEncrypted(r, path, stack, isC);
      let v: Leaf = leaf;
      if (enc) {
        const aad = aadOf(path);
        if (isC) {
          try {
            v = decryptValue(leaf.v, dataKey, aad, stash);
            if (v.t !== 'comment') v = { t: 'comment', v: String(v.v) };
          } catch {
            warnings.push(`comment ${JSON.stringify(leaf.v)} at ${describe(path)} is not encrypted; kept as is`);
            v = leaf;
          }
        } else {
          if (leaf.t !== 'str') {
            throw new SopsDecryptionError(`${describe(path)} should be encrypted but holds a plain ${leaf.t} value`, {
              file: opts.file,
              path: path.join(':'),
            });
          }
          try {
            v = decryptValue(leaf.v, dataKey, aad, stash);
          } catch (e) {
            const msg = e instanceof CipherError ? e.message : String(e);
            throw new SopsDecryptionError(`cannot decrypt ${describe(path)}: ${msg}`, { file: opts.file, path: path.join(':') });
          }
          if (v.t === 'comment') {
            throw new SopsDecryptionError(`${describe(path)} decrypted to a comment`, { file: opts.file, path: path.join(':') });
          }
        }
      }
      if ((!r.macOnlyEncrypted || enc) && v.t !== 'comment') h.update(scalarToBytes(v));
      return v === leaf ? { ...leaf } : v;
    }),
  );
  return { tree: { branches }, mac: h.digest('hex').toUpperCase(), stash, warnings };
}

/** The MAC of a plaintext tree under the given rules (what sops would compute). */
export function computeMac(tree: SopsTree, rules: CryptRules): string {
  const r = compile(rules);
  const h = crypto.createHash('sha512');
  if (r.macOnlyEncrypted) h.update(MAC_ONLY_ENCRYPTED_INIT);
  for (const b of tree.branches) {
    walkBranch(b, [], [], (leaf, path, stack) => {
      if (leaf.t !== 'comment' && (!r.macOnlyEncrypted || shouldBeEncrypted(r, path, stack, false))) h.update(scalarToBytes(leaf));
      return leaf;
    });
  }
  return h.digest('hex').toUpperCase();
}

function describe(path: string[]): string {
  return path.length ? `value at ${JSON.stringify(path.join('.'))}` : 'top-level comment';
}
