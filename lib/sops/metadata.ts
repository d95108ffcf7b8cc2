/**
 * The `sops` metadata block: reading it (lenient, like `stores.Metadata.ToInternal`) and writing it
 * in the sops 3.10 layout (struct order, empty key lists omitted).
 */
import { SopsFormatError, SopsUnsupportedError } from './errors';
import type { MapNode, Node } from './tree';
import { entries, get, isEntry } from './tree';
import { normalizeRules, RULE_KEYS, type CryptRules } from './walk';

/** The sops version this library writes (and the layout it follows). */
export const SOPS_VERSION = '3.10.2';

export interface AgeKey {
  recipient: string;
  /** ASCII-armored age file whose plaintext is the 32-byte data key. */
  enc: string;
}

export interface SopsMetadata {
  age: AgeKey[];
  /** RFC 3339, as stored. */
  lastmodified: string;
  /** The encrypted MAC (`ENC[...]`). */
  mac: string;
  version: string;
  /** The crypt rules exactly as stored (may be empty: then `_unencrypted` applies). */
  rules: CryptRules;
  /**
   * Non-age master keys (`pgp`, `kms`, `gcp_kms`, `azure_kv`, `hc_vault`) kept verbatim. They wrap the
   * same data key, so an edit (which keeps the data key) keeps them valid.
   */
  otherKeys: Array<{ key: string; value: Node }>;
}

const OTHER_KEY_TYPES = ['kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'pgp'] as const;

// ---------------------------------------------------------------------------------------------
// time and version

/** `time.Now().UTC().Format(time.RFC3339)`: seconds precision, `Z`. */
export function formatLastModified(d: Date = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * `time.Parse(time.RFC3339, s).Format(time.RFC3339)`: the AAD of the MAC. Fractional seconds are
 * dropped and a zero offset becomes `Z`. Throws on anything that is not RFC 3339.
 */
export function goRfc3339(s: string): string {
  const m = RFC3339_RE.exec(s);
  if (!m) throw new Error(`not an RFC 3339 timestamp: ${JSON.stringify(s)}`);
  const zone = m[8]!.toUpperCase() === 'Z' || /^[+-]00:00$/.test(m[8]!) ? 'Z' : m[8]!;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`;
}

const SEMVER_RE =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Strict semver, as blang/semver `Make` (which sops runs on every decrypt) accepts it. */
export function isSemver(v: string): boolean {
  return SEMVER_RE.test(v);
}

/** Compares two semver strings (pre-release ordering simplified: a pre-release sorts first). */
export function compareSemver(a: string, b: string): number {
  const pa = SEMVER_RE.exec(a);
  const pb = SEMVER_RE.exec(b);
  if (!pa || !pb) throw new Error(`not semver: ${!pa ? a : b}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d) return Math.sign(d);
  }
  if (pa[4] === pb[4]) return 0;
  if (pa[4] === undefined) return 1;
  if (pb[4] === undefined) return -1;
  return pa[4] < pb[4] ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// reading

/** The text of a scalar node (numbers and bools as written by Go), undefined for anything else. */
export function scalarText(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  switch (n.t) {
    case 'str':
    case 'time':
      return n.v;
    case 'int':
      return n.v.toString();
    case 'float':
      return String(n.v);
    case 'bool':
      return String(n.v);
    default:
      return undefined;
  }
}

function isEmptyList(n: Node | undefined): boolean {
  return !n || n.t === 'null' || (n.t === 'seq' && n.items.length === 0) || (n.t === 'str' && n.v === '');
}

function readAgeList(n: Node | undefined, where: string, file?: string): AgeKey[] {
  if (isEmptyList(n)) return [];
  if (n!.t !== 'seq') throw new SopsFormatError(`sops metadata: ${where} must be a list`, { file });
  return n!.items.filter((x): x is Node => x.t !== 'comment').map((item, i) => {
    if (item.t !== 'map') throw new SopsFormatError(`sops metadata: ${where}[${i}] must be a map`, { file });
    const recipient = scalarText(get(item, 'recipient'));
    const enc = scalarText(get(item, 'enc'));
    if (!recipient || !enc) throw new SopsFormatError(`sops metadata: ${where}[${i}] needs "recipient" and "enc"`, { file });
    return { recipient, enc };
  });
}

/** Reads and validates the metadata node (the value of the `sops` key). */
export function metadataFromNode(node: Node | undefined, file?: string): SopsMetadata {
  if (!node || node.t !== 'map') {
    throw new SopsFormatError('no sops metadata found (a top-level "sops" key): the file is not encrypted with sops', { file });
  }
  let age = readAgeList(get(node, 'age'), 'age', file);
  const otherKeys: SopsMetadata['otherKeys'] = [];
  for (const k of OTHER_KEY_TYPES) {
    const v = get(node, k);
    if (!isEmptyList(v)) otherKeys.push({ key: k, value: v! });
  }

  const groups = get(node, 'key_groups');
  if (!isEmptyList(groups)) {
    if (groups!.t !== 'seq') throw new SopsFormatError('sops metadata: key_groups must be a list', { file });
    const gs = groups!.items.filter((x): x is Node => x.t !== 'comment');
    if (gs.length > 1) {
      throw new SopsUnsupportedError(
        `uses ${gs.length} key groups (Shamir secret sharing), which pinstack does not support; ` +
          'merge them into one group with "sops updatekeys"',
        { file },
      );
    }
    const g = gs[0];
    if (g && g.t === 'map') {
      age = age.concat(readAgeList(get(g, 'age'), 'key_groups[0].age', file));
      for (const e of entries(g)) {
        if (e.key !== 'age' && !isEmptyList(e.value)) otherKeys.push({ key: e.key, value: e.value });
      }
    }
  }

  const lastmodified = scalarText(get(node, 'lastmodified'));
  if (!lastmodified) throw new SopsFormatError('sops metadata: "lastmodified" is missing', { file });
  try {
    goRfc3339(lastmodified);
  } catch {
    throw new SopsFormatError(`sops metadata: lastmodified ${JSON.stringify(lastmodified)} is not RFC 3339`, { file });
  }
  const mac = scalarText(get(node, 'mac'));
  if (!mac) throw new SopsFormatError('sops metadata: "mac" is missing', { file });
  const version = scalarText(get(node, 'version'));
  if (!version) throw new SopsFormatError('sops metadata: "version" is missing', { file });
  if (!isSemver(version)) {
    throw new SopsFormatError(`sops metadata: version ${JSON.stringify(version)} is not semver; sops itself would refuse this file`, { file });
  }

  const rules: CryptRules = {};
  for (const k of RULE_KEYS) {
    const v = scalarText(get(node, k));
    if (v) (rules as Record<string, string>)[k] = v;
  }
  const moe = get(node, 'mac_only_encrypted');
  if (moe && ((moe.t === 'bool' && moe.v) || (moe.t === 'str' && moe.v === 'true'))) rules.mac_only_encrypted = true;
  normalizeRules(rules, file); // refuses more than one rule
  return { age, lastmodified, mac, version, rules, otherKeys };
}

// ---------------------------------------------------------------------------------------------
// writing

const s = (v: string): Node => ({ t: 'str', v });

/** Builds the metadata node in the sops 3.10 layout (struct field order, empty lists omitted). */
export function metadataToNode(md: SopsMetadata): MapNode {
  const items: Array<[string, Node]> = [];
  const other = (k: string): void => {
    const o = md.otherKeys.find((x) => x.key === k);
    if (o) items.push([k, o.value]);
  };
  for (const k of ['kms', 'gcp_kms', 'azure_kv', 'hc_vault']) other(k);
  if (md.age.length) {
    items.push([
      'age',
      {
        t: 'seq',
        items: md.age.map((a) => ({
          t: 'map',
          items: [
            { key: 'recipient', value: s(a.recipient) },
            { key: 'enc', value: s(a.enc) },
          ],
        })),
      },
    ]);
  }
  items.push(['lastmodified', s(md.lastmodified)], ['mac', s(md.mac)]);
  other('pgp');
  for (const k of RULE_KEYS) {
    const v = md.rules[k];
    if (v) items.push([k, s(v)]);
  }
  if (md.rules.mac_only_encrypted) items.push(['mac_only_encrypted', { t: 'bool', v: true }]);
  items.push(['version', s(md.version)]);
  return { t: 'map', items: items.map(([key, value]) => ({ key, value })) };
}

/** Splits a top-level branch into its data items and its `sops` metadata node. */
export function splitMetadata(branch: MapNode): { data: MapNode; metadata: Node | undefined } {
  let metadata: Node | undefined;
  const items = branch.items.filter((it) => {
    if (isEntry(it) && it.key === 'sops') {
      metadata ??= it.value;
      return false;
    }
    return true;
  });
  return { data: { t: 'map', items }, metadata };
}
