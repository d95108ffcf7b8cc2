/**
 * `stores/flatten.go`: the dotenv and INI stores keep the metadata as flat `key__map_sub__list_0` keys
 * with string values (newlines escaped as the two characters `\n`).
 */
import type { MapNode, Node, SeqNode } from '../tree';
import { isComment } from '../tree';

const MAP = '__map_';
const LIST = '__list_';

/** Flattens a metadata node into ordered `[key, string]` pairs (nulls and empty lists vanish). */
export function flattenMetadata(md: MapNode): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (prefix: string, v: Node): void => {
    switch (v.t) {
      case 'map':
        for (const it of v.items) if (!isComment(it)) walk(`${prefix}${MAP}${it.key}`, it.value);
        return;
      case 'seq':
        v.items.filter((x): x is Node => !isComment(x)).forEach((x, i) => walk(`${prefix}${LIST}${i}`, x));
        return;
      case 'null':
        return;
      case 'bool':
        out.push([prefix, v.v ? 'true' : 'false']);
        return;
      case 'int':
        out.push([prefix, v.v.toString()]);
        return;
      case 'float':
        out.push([prefix, String(v.v)]);
        return;
      case 'bytes':
        out.push([prefix, Buffer.from(v.v).toString('base64')]);
        return;
      default:
        out.push([prefix, v.v.replace(/\n/g, '\\n')]);
    }
  };
  for (const it of md.items) if (!isComment(it)) walk(it.key, it.value);
  return out;
}

type Tok = { map: string } | { list: number };

function tokenize(path: string): Tok[] {
  const toks: Tok[] = [];
  let state: 'normal' | 'map' | 'list' = 'normal';
  let last = 0;
  let i = 0;
  const finish = (): void => {
    if (state === 'normal') toks.push({ map: path.slice(last, i) });
    else if (state === 'map') toks.push({ map: path.slice(last + MAP.length, i) });
    else toks.push({ list: parseInt(path.slice(last + LIST.length, i), 10) || 0 });
    last = i;
  };
  while (i < path.length) {
    if (path.startsWith(MAP, i)) {
      finish();
      state = 'map';
      i += MAP.length;
    } else if (path.startsWith(LIST, i)) {
      finish();
      state = 'list';
      i += LIST.length;
    } else i++;
  }
  finish();
  return toks;
}

/** Rebuilds the metadata node from flat pairs (values un-escaped: `\n` -> newline). */
export function unflattenMetadata(pairs: Array<[string, string]>): MapNode {
  const root: MapNode = { t: 'map', items: [] };
  for (const [k, raw] of pairs) {
    const value: Node = { t: 'str', v: raw.replace(/\\n/g, '\n') };
    const toks = tokenize(k);
    let cur: MapNode | SeqNode = root;
    toks.forEach((tok, idx) => {
      const next = toks[idx + 1];
      const make = (): Node => (next === undefined ? value : 'map' in next ? { t: 'map', items: [] } : { t: 'seq', items: [] });
      if ('map' in tok) {
        if (cur.t !== 'map') return;
        let e = cur.items.find((x) => !isComment(x) && x.key === tok.map) as { key: string; value: Node } | undefined;
        if (!e) {
          e = { key: tok.map, value: make() };
          cur.items.push(e);
        } else if (next === undefined) e.value = value;
        if (e.value.t === 'map' || e.value.t === 'seq') cur = e.value;
      } else {
        if (cur.t !== 'seq') return;
        const seq: SeqNode = cur;
        while (seq.items.length <= tok.list) seq.items.push({ t: 'null' });
        if (next === undefined) seq.items[tok.list] = value;
        else if (seq.items[tok.list]!.t === 'null') seq.items[tok.list] = make();
        const v = seq.items[tok.list]! as Node;
        if (v.t === 'map' || v.t === 'seq') cur = v;
      }
    });
  }
  return root;
}
