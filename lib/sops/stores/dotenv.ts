/**
 * dotenv store (`stores/dotenv`): `KEY=value` lines split on "\n" only, no trimming, no quotes; `#` lines
 * are comments; literal `\n` in a value means a newline; `sops_*` keys are the flattened metadata,
 * written sorted after the data.
 */
import { SopsFormatError, SopsUsageError } from '../errors';
import type { MapNode, Node } from '../tree';
import { isComment } from '../tree';
import { flattenMetadata, unflattenMetadata } from './flatten';

export interface ParsedDotenv {
  data: MapNode;
  /** Flat `sops_*` pairs (prefix removed), in file order. */
  metadata: Array<[string, string]>;
}

export function parseDotenv(text: string, file?: string): ParsedDotenv {
  const data: MapNode = { t: 'map', items: [] };
  const metadata: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    if (line.startsWith('#')) {
      data.items.push({ t: 'comment', v: line.slice(1) });
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new SopsFormatError(`invalid dotenv input line: ${JSON.stringify(line.slice(0, 40))}`, { file });
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key.startsWith('sops_')) metadata.push([key.slice('sops_'.length), value]);
    else data.items.push({ key, value: { t: 'str', v: value.replace(/\\n/g, '\n') } });
  }
  return { data, metadata };
}

export function dotenvMetadataNode(pairs: Array<[string, string]>): MapNode {
  return unflattenMetadata(pairs);
}

function valueText(v: Node, key: string, file?: string): string {
  switch (v.t) {
    case 'str':
    case 'time':
      return v.v;
    case 'int':
      return v.v.toString();
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'float':
      return String(v.v);
    default:
      throw new SopsUsageError(`dotenv values must be scalars, but ${key} is a ${v.t}`, { file });
  }
}

/** Emits data lines, then (if given) the sorted `sops_*` metadata lines. */
export function emitDotenv(data: MapNode, metadata?: MapNode, file?: string): string {
  let out = '';
  for (const it of data.items) {
    if (isComment(it)) {
      out += `#${it.v}\n`;
      continue;
    }
    if (it.key.includes('=') || it.key.startsWith('sops_') || it.key.includes('\n')) {
      throw new SopsUsageError(`dotenv key ${JSON.stringify(it.key)} cannot be written (no "=", newline or sops_ prefix allowed)`, { file });
    }
    out += `${it.key}=${valueText(it.value, it.key, file).replace(/\n/g, '\\n')}\n`;
  }
  if (metadata) {
    const flat = flattenMetadata(metadata).map(([k, v]) => [`sops_${k}`, v] as const);
    flat.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [k, v] of flat) out += `${k}=${v}\n`;
  }
  return out;
}
