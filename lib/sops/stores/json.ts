/**
 * JSON store (getsops/sops `stores/json`). An order-preserving parser (JSON.parse moves integer-like
 * keys first, which changes the MAC) and a Go-style emitter: `json.Indent` layout, Go string escaping
 * (`<`, `>`, `&`, U+2028/9 as \u escapes), trailing newline since sops 3.10.
 */
import { SopsFormatError } from '../errors';
import type { MapNode, Node } from '../tree';
import { isComment } from '../tree';

export interface JsonLayout {
  /** One indentation level: a tab (sops default) or spaces. */
  indent: string;
  /** sops >= 3.10 ends the file with a newline. */
  finalNewline: boolean;
}

export const DEFAULT_JSON_LAYOUT: JsonLayout = { indent: '\t', finalNewline: true };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class Parser {
  i = 0;
  constructor(
    private readonly s: string,
    private readonly file?: string,
  ) {}

  fail(msg: string): never {
    const before = this.s.slice(0, this.i);
    const line = before.split('\n').length;
    const col = this.i - before.lastIndexOf('\n');
    throw new SopsFormatError(`invalid JSON at line ${line}, column ${col}: ${msg}`, { file: this.file });
  }
  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }
  value(depth: number): Node {
    if (depth > 500) this.fail('nesting too deep');
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') {
      this.i++;
      const items: Node[] = [];
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return { t: 'seq', items };
      }
      for (;;) {
        items.push(this.value(depth + 1));
        this.ws();
        const d = this.s[this.i++];
        if (d === ']') return { t: 'seq', items };
        if (d !== ',') this.fail('expected "," or "]"');
      }
    }
    if (c === '"') return { t: 'str', v: this.string() };
    for (const [lit, node] of [
      ['true', { t: 'bool', v: true }],
      ['false', { t: 'bool', v: false }],
      ['null', { t: 'null' }],
    ] as Array<[string, Node]>) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return node;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m || m[0] === '') return this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
    this.i += m[0].length;
    if (!m[2] && !m[3]) {
      const v = BigInt(m[0]);
      if (v >= INT64_MIN && v <= INT64_MAX) return { t: 'int', v };
    }
    return { t: 'float', v: Number(m[0]) };
  }
  object(depth: number): MapNode {
    this.i++;
    const items: MapNode['items'] = [];
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { t: 'map', items };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') this.fail('expected ":"');
      items.push({ key, value: this.value(depth + 1) });
      this.ws();
      const d = this.s[this.i++];
      if (d === '}') return { t: 'map', items };
      if (d !== ',') this.fail('expected "," or "}"');
    }
  }
  string(): string {
    this.i++;
    let out = '';
    for (;;) {
      const j = this.s.slice(this.i).search(/["\\\u0000-\u001f]/);
      if (j < 0) this.fail('unterminated string');
      out += this.s.slice(this.i, this.i + j);
      this.i += j;
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c !== '\\') this.fail('control character in string');
      const e = this.s[this.i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
        out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else {
        this.fail('invalid escape');
      }
    }
  }
}

/** Parses a JSON document whose top level must be an object, keeping key order and int/float. */
export function parseJson(text: string, file?: string): MapNode {
  const p = new Parser(text.replace(/^\uFEFF/, ''), file);
  p.ws();
  if (text.trim() === '') throw new SopsFormatError('invalid JSON: the file is empty', { file });
  if (p['s'][p.i] !== '{') p.fail('the top level must be an object');
  const v = p.value(0);
  p.ws();
  if (p.i !== p['s'].length) p.fail('unexpected data after the top-level object');
  return v as MapNode;
}

/** Go `json.Marshal` string escaping (HTML-safe, like sops' encoder). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += '\\ufffd';
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\\ufffd';
      continue;
    }
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      default:
        if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
          out += `\\u${c.toString(16).padStart(4, '0')}`;
        } else out += ch;
    }
  }
  return `${out}"`;
}

/** Go `encoding/json` float formatting (ES6 number-to-string, exponent as e-7 / e+21). */
function goJsonFloat(x: number, file?: string): string {
  if (!Number.isFinite(x)) throw new SopsFormatError(`cannot write ${x} in JSON`, { file });
  return String(x);
}

function emitValue(n: Node, ind: string, level: number, file?: string): string {
  const pad = (l: number): string => ind.repeat(l);
  switch (n.t) {
    case 'map': {
      const es = n.items.filter((x) => !isComment(x)) as Array<{ key: string; value: Node }>;
      if (es.length === 0) return '{}';
      const body = es.map((e) => `${pad(level + 1)}${goJsonString(e.key)}: ${emitValue(e.value, ind, level + 1, file)}`);
      return `{\n${body.join(',\n')}\n${pad(level)}}`;
    }
    case 'seq': {
      const vs = n.items.filter((x): x is Node => !isComment(x));
      if (vs.length === 0) return '[]';
      return `[\n${vs.map((v) => pad(level + 1) + emitValue(v, ind, level + 1, file)).join(',\n')}\n${pad(level)}]`;
    }
    case 'null':
      return 'null';
    case 'bool':
      return n.v ? 'true' : 'false';
    case 'int':
      return n.v.toString();
    case 'float':
      return goJsonFloat(n.v, file);
    case 'str':
    case 'time':
      return goJsonString(n.v);
    case 'bytes':
      return goJsonString(Buffer.from(n.v).toString('base64'));
  }
}

/** Emits a map as sops does (`json.Indent` layout; comments are dropped, JSON has none). */
export function emitJson(root: MapNode, layout: JsonLayout = DEFAULT_JSON_LAYOUT, file?: string): string {
  return emitValue(root, layout.indent, 0, file) + (layout.finalNewline ? '\n' : '');
}

/** Guesses the indentation and final newline of a JSON text. */
export function detectJsonLayout(text: string): JsonLayout {
  const m = /^\{\r?\n([ \t]+)\S/.exec(text);
  return { indent: m ? m[1]! : DEFAULT_JSON_LAYOUT.indent, finalNewline: text.endsWith('\n') };
}
