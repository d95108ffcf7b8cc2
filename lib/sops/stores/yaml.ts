/**
 * YAML store (getsops/sops `stores/yaml`): multi-document, one branch per document, the `sops` key in
 * every document. Parsing uses eemeli `yaml` for the syntax only (failsafe schema: every scalar a string)
 * and types plain scalars with yaml.v3 rules. Writing is a small yaml.v3-style block emitter: same
 * indentation rules and quoting as sops, so sops-written files re-emit byte for byte.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { SopsFormatError } from '../errors';
import type { Comment, MapNode, Node, ScalarStyle, SeqNode } from '../tree';
import { isComment } from '../tree';
import {
  chooseStringStyle,
  doubleQuote,
  literalHeader,
  resolvePlain,
  singleQuote,
  YamlScalarError,
  yamlFloat,
  yamlTimestamp,
} from './yaml-scalars';

export interface YamlLayout {
  /** Spaces per level (sops default 4; `stores.yaml.indent`). */
  indent: number;
  /** Old yaml.v3 (sops <= 3.6) style: sequences not indented under their key, `-` + indent-1 spaces. */
  legacySeq: boolean;
}

export const DEFAULT_YAML_LAYOUT: YamlLayout = { indent: 4, legacySeq: false };

// ---------------------------------------------------------------------------------------------
// parsing

const STYLE: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'literal',
  BLOCK_FOLDED: 'folded',
};

function commentLines(text: string | null | undefined): Comment[] {
  if (!text) return [];
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((v) => ({ t: 'comment', v }));
}

interface Ctx {
  doc: Document;
  file?: string;
  depth: number;
}

function fail(msg: string, ctx: Ctx, node?: { range?: [number, number, number] | null }): never {
  const at = node?.range ? ` (offset ${node.range[0]})` : '';
  throw new SopsFormatError(`invalid YAML: ${msg}${at}`, { file: ctx.file });
}

function scalarNode(n: { value: unknown; type?: string; tag?: string; range?: [number, number, number] | null }, ctx: Ctx): Node {
  const text = n.value === null || n.value === undefined ? '' : String(n.value);
  const style = STYLE[n.type ?? 'PLAIN'] ?? 'plain';
  const tag = n.tag?.replace(/^tag:yaml\.org,2002:/, '!!');
  try {
    if (tag && tag !== '!') {
      switch (tag) {
        case '!!str':
          return { t: 'str', v: text };
        case '!!null':
          return { t: 'null' };
        case '!!binary':
          return { t: 'bytes', v: new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'base64')) };
        case '!!timestamp': {
          const ts = yamlTimestamp(text);
          if (!ts) fail(`${JSON.stringify(text)} is not a timestamp`, ctx, n);
          return { t: 'time', v: ts };
        }
        case '!!int':
        case '!!float':
        case '!!bool': {
          const r = resolvePlain(text);
          const want = tag.slice(2);
          if (r.t === want) return r as Node;
          if (want === 'float' && r.t === 'int') return { t: 'float', v: Number(r.v) };
          return fail(`${JSON.stringify(text)} is not a valid ${tag}`, ctx, n);
        }
        default:
          // unknown local tags: keep the value, typed as if untagged
          break;
      }
    }
    if (style !== 'plain') return { t: 'str', v: text, style };
    const r = resolvePlain(text);
    if (r.t === 'merge') return { t: 'str', v: text, style: 'plain' };
    if (r.t === 'str') return { t: 'str', v: text, style: 'plain' };
    return r;
  } catch (e) {
    if (e instanceof YamlScalarError) fail(e.message, ctx, n);
    throw e;
  }
}

function toNode(n: unknown, ctx: Ctx): Node {
  if (ctx.depth > 200) fail('nesting too deep', ctx);
  if (n === null || n === undefined) return { t: 'null' };
  if (isAlias(n)) {
    const target = n.resolve(ctx.doc);
    if (!target) fail(`unknown alias *${n.source}`, ctx, n);
    return toNode(target, { ...ctx, depth: ctx.depth + 1 });
  }
  if (isScalar(n)) return scalarNode(n as never, ctx);
  if (isMap(n)) {
    const items: MapNode['items'] = [...commentLines(n.commentBefore)];
    for (const pair of n.items) {
      const k = pair.key as unknown;
      if (k !== null && k !== undefined && !isScalar(k)) fail('complex (non-scalar) map keys are not supported', ctx, k as never);
      const keyNode = k === null || k === undefined ? ({ t: 'null' } as Node) : scalarNode(k as never, ctx);
      if (keyNode.t !== 'str') {
        const shown = isScalar(k) ? String(k.value) : '';
        fail(`map key ${JSON.stringify(shown)} is a ${keyNode.t}, but sops only supports string keys: quote it`, ctx, k as never);
      }
      if (isScalar(k)) items.push(...commentLines(k.commentBefore));
      const v = pair.value as unknown;
      if (isScalar(v)) items.push(...commentLines(v.commentBefore));
      items.push({ key: keyNode.v, value: toNode(v, { ...ctx, depth: ctx.depth + 1 }) });
      if (isScalar(v) || isAlias(v)) items.push(...commentLines((v as { comment?: string }).comment));
    }
    items.push(...commentLines(n.comment));
    return { t: 'map', items };
  }
  if (isSeq(n)) {
    const items: SeqNode['items'] = [...commentLines(n.commentBefore)];
    for (const it of n.items) {
      if (isScalar(it) || isMap(it) || isSeq(it)) items.push(...commentLines(it.commentBefore));
      items.push(toNode(it, { ...ctx, depth: ctx.depth + 1 }));
      if (isScalar(it)) items.push(...commentLines(it.comment));
    }
    items.push(...commentLines(n.comment));
    return { t: 'seq', items };
  }
  return fail('unsupported YAML node', ctx);
}

/** Parses a YAML stream into one map per document (empty documents become empty maps). */
export function parseYaml(text: string, file?: string): MapNode[] {
  const docs = parseAllDocuments(text, { schema: 'failsafe', prettyErrors: false });
  if (!Array.isArray(docs)) return [{ t: 'map', items: [] }];
  const out: MapNode[] = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      throw new SopsFormatError(`invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, { file });
    }
    const ctx: Ctx = { doc, file, depth: 0 };
    const c = doc.contents as unknown;
    let root: MapNode;
    if (c === null || c === undefined || (isScalar(c) && (c.value === null || c.value === '') && c.type === 'PLAIN')) {
      root = { t: 'map', items: [] };
    } else if (isMap(c)) {
      root = toNode(c, ctx) as MapNode;
    } else if (isSeq(c)) {
      throw new SopsFormatError('YAML documents that are sequences are not supported (the top level must be a map)', { file });
    } else {
      throw new SopsFormatError('YAML documents that are values are not supported (the top level must be a map)', { file });
    }
    root.items = [...commentLines(doc.commentBefore), ...root.items, ...commentLines(doc.comment)];
    out.push(root);
  }
  return out.length ? out : [{ t: 'map', items: [] }];
}

/** Guesses the indentation and sequence style of a YAML text (for byte-identical re-emission). */
export function detectYamlLayout(text: string): YamlLayout {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
  let indent: number | undefined;
  let legacySeq = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    const m = /^( *)(?:- +)?[^\s#-][^:]*:$/.exec(lines[i]!.replace(/\s+$/, ''));
    if (!m) continue;
    const keyCol = lines[i]!.replace(/- +/, (d) => ' '.repeat(d.length)).search(/\S/);
    const next = lines[i + 1]!;
    const col = next.search(/\S/);
    if (next.slice(col).startsWith('- ') || next.slice(col) === '-') {
      if (col === keyCol) {
        legacySeq = true;
        const dash = /^ *-( +)/.exec(next);
        if (dash && indent === undefined) indent = dash[1]!.length + 1;
      } else if (indent === undefined && keyCol === 0) indent = col;
    } else if (col > keyCol && indent === undefined && keyCol === 0) {
      indent = col;
    }
    if (indent !== undefined && (legacySeq || i > 200)) break;
  }
  return { indent: indent && indent > 0 && indent <= 9 ? indent : DEFAULT_YAML_LAYOUT.indent, legacySeq };
}

// ---------------------------------------------------------------------------------------------
// emitting

const sp = (n: number): string => ' '.repeat(n);

function formatKey(k: string): string {
  const style = chooseStringStyle(k, undefined, true);
  return style === 'plain' ? k : style === 'single' ? singleQuote(k) : doubleQuote(k);
}

type Formatted = { inline: string } | { header: string; lines: string[] };

function formatScalar(n: Node): Formatted {
  switch (n.t) {
    case 'null':
      return { inline: 'null' };
    case 'bool':
      return { inline: n.v ? 'true' : 'false' };
    case 'int':
      return { inline: n.v.toString() };
    case 'float':
      return { inline: yamlFloat(n.v) };
    case 'time':
      return { inline: n.v };
    case 'bytes':
      return { inline: `!!binary ${Buffer.from(n.v).toString('base64')}` };
    case 'str': {
      const style = chooseStringStyle(n.v, n.style);
      if (style === 'plain') return { inline: n.v };
      if (style === 'single') return { inline: singleQuote(n.v) };
      if (style === 'double') return { inline: doubleQuote(n.v) };
      const lines = n.v.split('\n');
      if (n.v.endsWith('\n')) lines.pop();
      return { header: literalHeader(n.v), lines };
    }
    default:
      throw new Error(`not a scalar: ${n.t}`);
  }
}

const hasEntries = (n: MapNode | SeqNode): boolean => n.items.some((x) => !isComment(x));

class Emitter {
  constructor(private readonly L: YamlLayout) {}
  private child(col: number): number {
    const n = this.L.indent;
    return n * Math.floor((col + n) / n);
  }

  map(m: MapNode, col: number, out: string[]): void {
    for (const it of m.items) {
      if (isComment(it)) out.push(`${sp(col)}#${it.v}`);
      else this.keyValue(`${sp(col)}${formatKey(it.key)}:`, it.value, col, out);
    }
  }

  private keyValue(prefix: string, v: Node, col: number, out: string[]): void {
    if (v.t === 'map' || v.t === 'seq') {
      if (!hasEntries(v)) {
        out.push(`${prefix} ${v.t === 'map' ? '{}' : '[]'}`);
        return;
      }
      out.push(prefix);
      if (v.t === 'map') this.map(v, this.child(col), out);
      else this.seq(v, this.L.legacySeq ? col : this.child(col), out);
      return;
    }
    const f = formatScalar(v);
    if ('inline' in f) {
      out.push(`${prefix} ${f.inline}`);
      return;
    }
    out.push(`${prefix} ${f.header}`);
    const c = this.child(col);
    for (const l of f.lines) out.push(l === '' ? '' : sp(c) + l);
  }

  seq(s: SeqNode, col: number, out: string[]): void {
    const dash = this.L.legacySeq ? `-${sp(this.L.indent - 1)}` : '- ';
    const itemCol = col + dash.length;
    for (const it of s.items) {
      if (isComment(it)) {
        out.push(`${sp(col)}#${it.v}`);
        continue;
      }
      if ((it.t === 'map' || it.t === 'seq') && hasEntries(it)) {
        const sub: string[] = [];
        // comments before the first entry go above the dash
        const items = [...it.items];
        while (items.length && isComment(items[0]!)) out.push(`${sp(col)}#${(items.shift() as Comment).v}`);
        if (it.t === 'map') this.map({ t: 'map', items: items as MapNode['items'] }, itemCol, sub);
        else this.seq({ t: 'seq', items: items as SeqNode['items'] }, itemCol, sub);
        sub[0] = sp(col) + dash + sub[0]!.slice(itemCol);
        out.push(...sub);
        continue;
      }
      if (it.t === 'map' || it.t === 'seq') {
        out.push(`${sp(col)}${dash}${it.t === 'map' ? '{}' : '[]'}`);
        continue;
      }
      const f = formatScalar(it);
      if ('inline' in f) {
        out.push(`${sp(col)}${dash}${f.inline}`);
        continue;
      }
      out.push(`${sp(col)}${dash}${f.header}`);
      const c = col + this.L.indent;
      for (const l of f.lines) out.push(l === '' ? '' : sp(c) + l);
    }
  }
}

/** Emits documents (`---` between them) in the yaml.v3 block style sops uses. */
export function emitYaml(branches: MapNode[], layout: YamlLayout = DEFAULT_YAML_LAYOUT): string {
  const e = new Emitter(layout);
  return branches
    .map((b) => {
      if (!hasEntries(b) && b.items.length === 0) return '{}\n';
      const out: string[] = [];
      e.map(b, 0, out);
      return `${out.join('\n')}\n`;
    })
    .join('---\n');
}
