/**
 * INI store (`stores/ini`, go-ini): sections become maps, keys before any section live in `DEFAULT`,
 * values are strings, the metadata is the flattened `[sops]` section. go-ini's `PrettyFormat` aligns
 * the `=` of each section; the writer reproduces that and the metadata key order it was given.
 */
import { SopsFormatError, SopsUsageError } from '../errors';
import type { MapNode, Node } from '../tree';
import { isComment } from '../tree';
import { flattenMetadata } from './flatten';

export interface ParsedIni {
  data: MapNode;
  metadata: Array<[string, string]> | undefined;
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === '`' && v.endsWith('`')))) return v.slice(1, -1);
  return v;
}

export function parseIni(text: string, file?: string): ParsedIni {
  const sections = new Map<string, MapNode>([['DEFAULT', { t: 'map', items: [] }]]);
  let metadata: Array<[string, string]> | undefined;
  let current = 'DEFAULT';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) return;
    const sec = /^\[(.*)\]$/.exec(line);
    if (sec) {
      current = sec[1]!.trim();
      if (current === 'sops') metadata = [];
      else if (!sections.has(current)) sections.set(current, { t: 'map', items: [] });
      return;
    }
    const d = line.search(/[=:]/);
    if (d <= 0) throw new SopsFormatError(`invalid INI at line ${i + 1}: expected "key = value"`, { file });
    const key = line.slice(0, d).trim();
    let value = line.slice(d + 1).trim();
    if (!/^["`]/.test(value)) {
      const c = value.search(/[#;]/);
      if (c >= 0) value = value.slice(0, c).trim();
    }
    value = unquote(value);
    if (current === 'sops') metadata!.push([key, value]);
    else sections.get(current)!.items.push({ key, value: { t: 'str', v: value } });
  });
  const data: MapNode = { t: 'map', items: [...sections].map(([key, value]) => ({ key, value })) };
  return { data, metadata };
}

function quote(v: string): string {
  if (/[#;]/.test(v)) return `\`${v}\``;
  if (v.trim() !== v) return `"${v}"`;
  return v;
}

function section(name: string, pairs: Array<[string, string]>, out: string[]): void {
  if (name !== 'DEFAULT') out.push(`[${name}]`);
  const w = Math.max(0, ...pairs.map(([k]) => k.length));
  for (const [k, v] of pairs) out.push(`${k.padEnd(w)} = ${quote(v)}`);
}

function scalarText(v: Node, where: string, file?: string): string {
  if (v.t === 'str' || v.t === 'time') return v.v;
  if (v.t === 'int') return v.v.toString();
  if (v.t === 'bool') return String(v.v);
  if (v.t === 'float') return v.v.toFixed(6);
  throw new SopsUsageError(`INI values must be scalars, but ${where} is a ${v.t}`, { file });
}

/**
 * Emits sections (DEFAULT first, without a header), then `[sops]`. `metadataOrder` keeps the order of
 * a parsed file's metadata keys (go-ini writes them in random map order).
 */
export function emitIni(data: MapNode, metadata?: MapNode, metadataOrder?: string[], file?: string): string {
  const blocks: string[][] = [];
  for (const it of data.items) {
    if (isComment(it)) continue;
    if (it.value.t !== 'map') throw new SopsUsageError(`INI top-level values must be sections, but ${it.key} is a ${it.value.t}`, { file });
    const pairs = it.value.items
      .filter((x): x is { key: string; value: Node } => !isComment(x))
      .map((x) => [x.key, scalarText(x.value, `${it.key}.${x.key}`, file)] as [string, string]);
    if (it.key === 'DEFAULT' && pairs.length === 0) continue;
    const out: string[] = [];
    section(it.key, pairs, out);
    blocks.push(out);
  }
  if (metadata) {
    let flat = flattenMetadata(metadata);
    if (metadataOrder) {
      const pos = new Map(metadataOrder.map((k, i) => [k, i]));
      flat = [...flat].sort((a, b) => (pos.get(a[0]) ?? 1e9) - (pos.get(b[0]) ?? 1e9));
    }
    const out: string[] = [];
    section('sops', flat, out);
    blocks.push(out);
  }
  return blocks.map((b) => `${b.join('\n')}\n`).join('\n');
}
