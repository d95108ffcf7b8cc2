/**
 * The ordered, sops-typed document tree (the Go `sops.TreeBranch` model).
 *
 * Plain JS objects are not used for documents: they reorder integer-like keys ("10" before "a"),
 * which changes the MAC, and they cannot tell an int from a float or keep comments.
 */

/** How a YAML scalar was written; kept from parsing so an unchanged file re-emits byte for byte. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface Str {
  t: 'str';
  v: string;
  style?: ScalarStyle;
}
export interface Int {
  t: 'int';
  v: bigint;
}
export interface Float {
  t: 'float';
  v: number;
}
export interface Bool {
  t: 'bool';
  v: boolean;
}
/** A timestamp, kept as Go `time.MarshalText` (RFC 3339 with trimmed nanoseconds). sops >= 3.10 only. */
export interface Time {
  t: 'time';
  v: string;
}
/** Raw bytes (`type:bytes`, written by old/non-Go sops implementations only). */
export interface Bytes {
  t: 'bytes';
  v: Uint8Array;
}
export interface Null {
  t: 'null';
}
/** A comment line (text after `#`, leading space included). Encrypted but never in the MAC. */
export interface Comment {
  t: 'comment';
  v: string;
}
export interface MapEntry {
  key: string;
  value: Node;
}
export interface MapNode {
  t: 'map';
  items: Array<MapEntry | Comment>;
}
export interface SeqNode {
  t: 'seq';
  items: Array<Node | Comment>;
}

export type Scalar = Str | Int | Float | Bool | Time | Bytes;
export type Node = Scalar | Null | MapNode | SeqNode;

/** A whole document: one branch per YAML document (every other format has exactly one). */
export interface SopsTree {
  branches: MapNode[];
}

// ---------------------------------------------------------------------------------------------
// constructors

export const str = (v: string): Str => ({ t: 'str', v });
export const int = (v: bigint | number): Int => ({ t: 'int', v: BigInt(v) });
export const float = (v: number): Float => ({ t: 'float', v });
export const bool = (v: boolean): Bool => ({ t: 'bool', v });
export const nul = (): Null => ({ t: 'null' });
export const comment = (v: string): Comment => ({ t: 'comment', v });
export const map = (entries: Array<[string, Node]> = []): MapNode => ({
  t: 'map',
  items: entries.map(([key, value]) => ({ key, value })),
});
export const seq = (items: Node[] = []): SeqNode => ({ t: 'seq', items });

export function isComment(x: MapEntry | Node | Comment): x is Comment {
  return (x as Comment).t === 'comment';
}
export function isEntry(x: MapEntry | Comment): x is MapEntry {
  return (x as Comment).t !== 'comment';
}
export function isScalar(n: Node): n is Scalar {
  return n.t !== 'map' && n.t !== 'seq' && n.t !== 'null';
}

// ---------------------------------------------------------------------------------------------
// access helpers (first matching key wins, like sops' Truncate)

export function getEntry(m: MapNode, key: string): MapEntry | undefined {
  for (const it of m.items) if (isEntry(it) && it.key === key) return it;
  return undefined;
}
export function get(m: MapNode, key: string): Node | undefined {
  return getEntry(m, key)?.value;
}
/** Sets `key` in place (keeping its position) or appends it. */
export function set(m: MapNode, key: string, value: Node): void {
  const e = getEntry(m, key);
  if (e) e.value = value;
  else m.items.push({ key, value });
}
/** Removes every entry named `key`; returns whether one existed. */
export function remove(m: MapNode, key: string): boolean {
  const before = m.items.length;
  m.items = m.items.filter((it) => !(isEntry(it) && it.key === key));
  return m.items.length !== before;
}
export function entries(m: MapNode): MapEntry[] {
  return m.items.filter(isEntry);
}

export function clone<T extends Node | SopsTree>(n: T): T {
  return structuredClone(n);
}

/** Structural equality on types and values (styles are ignored; NaN equals NaN). */
export function equal(a: Node | Comment, b: Node | Comment): boolean {
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'map': {
      const bi = (b as MapNode).items;
      if (a.items.length !== bi.length) return false;
      return a.items.every((x, i) => {
        const y = bi[i]!;
        if (isComment(x) || isComment(y)) return isComment(x) && isComment(y) && x.v === y.v;
        return x.key === y.key && equal(x.value, y.value);
      });
    }
    case 'seq': {
      const bi = (b as SeqNode).items;
      return a.items.length === bi.length && a.items.every((x, i) => equal(x, bi[i]!));
    }
    case 'null':
      return true;
    case 'float':
      return Object.is(a.v, (b as Float).v) || a.v === (b as Float).v;
    case 'bytes':
      return Buffer.from(a.v).equals(Buffer.from((b as Bytes).v));
    default:
      return a.v === (b as Str).v;
  }
}

// ---------------------------------------------------------------------------------------------
// conversion to and from plain JS values (for callers and tests; comments are dropped)

export type Plain = string | number | bigint | boolean | null | Uint8Array | Plain[] | { [k: string]: Plain };

/**
 * Converts a node to plain JS. Ints become `number` when safe, `bigint` otherwise; times become their
 * RFC 3339 string. Note that a JS object re-sorts integer-like keys: use the tree when order matters.
 */
export function toPlain(n: Node): Plain {
  switch (n.t) {
    case 'map': {
      const o: { [k: string]: Plain } = {};
      for (const e of entries(n)) o[e.key] = toPlain(e.value);
      return o;
    }
    case 'seq':
      return n.items.filter((x): x is Node => !isComment(x)).map(toPlain);
    case 'null':
      return null;
    case 'int':
      return n.v >= BigInt(Number.MIN_SAFE_INTEGER) && n.v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n.v) : n.v;
    default:
      return n.v;
  }
}

/** Converts plain JS to a node. Integral numbers become `int`, others `float`. */
export function fromPlain(v: unknown): Node {
  if (v === null || v === undefined) return nul();
  if (typeof v === 'string') return str(v);
  if (typeof v === 'boolean') return bool(v);
  if (typeof v === 'bigint') return int(v);
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? int(v) : float(v);
  if (v instanceof Uint8Array) return { t: 'bytes', v };
  if (v instanceof Date) return { t: 'time', v: v.toISOString().replace('.000Z', 'Z') };
  if (Array.isArray(v)) return seq(v.map(fromPlain));
  if (typeof v === 'object') return map(Object.entries(v as object).map(([k, x]) => [k, fromPlain(x)]));
  throw new TypeError(`cannot convert ${typeof v} to a SOPS tree value`);
}

/** Builds a one-branch tree from a plain object (keys in insertion order). */
export function treeFromPlain(o: Record<string, unknown>): SopsTree {
  return { branches: [fromPlain(o) as MapNode] };
}
