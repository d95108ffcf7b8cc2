/**
 * gopkg.in/yaml.v3 scalar rules (the YAML library sops is built with):
 * - how a plain scalar is typed (resolve.go): this decides the `type:` tag and the MAC bytes of a value;
 * - how a string is quoted when written (encode.go + emitterc.go analyze_scalar): plain, single-quoted,
 *   double-quoted or literal block, so yaml.v3 reads it back as the same string.
 * eemeli `yaml` follows YAML 1.2 core and differs (0777, 1_000, timestamps, yes/no), hence this file.
 */
import type { Node, ScalarStyle } from '../tree';

export class YamlScalarError extends Error {}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
const OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const GO_INT_RE = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go `strconv.ParseInt(s, 0, 64)` syntax; returns undefined when it is not an integer literal. */
function goParseIntBase0(s: string): bigint | undefined {
  const m = GO_INT_RE.exec(s);
  if (!m) return undefined;
  let body = m[2]!;
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  const v = BigInt(body.replace(/^0([XBO])/, (_, c: string) => `0${c.toLowerCase()}`));
  return m[1] === '-' ? -v : v;
}

/** yaml.v3 `parseTimestamp` + `time.MarshalText`: returns the RFC 3339 (nano) text or undefined. */
export function yamlTimestamp(s: string): string | undefined {
  if (!/^\d{4}-/.test(s)) return undefined;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})|( )(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?)?$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > days) return undefined;
  const p2 = (n: number | string): string => String(n).padStart(2, '0');
  const date = `${m[1]}-${p2(mo)}-${p2(d)}`;
  let hh = 0;
  let mi = 0;
  let ss = 0;
  let frac = '';
  let zone = 'Z';
  if (m[4] || m[10]) {
    const o = m[4] ? 5 : 11;
    [hh, mi, ss] = [Number(m[o]), Number(m[o + 1]), Number(m[o + 2])];
    frac = (m[o + 3] ?? '').replace(/0+$/, '');
    if (m[4] && m[9] !== 'Z') zone = /^[+-]00:00$/.test(m[9]!) ? 'Z' : m[9]!;
    if (hh > 23 || mi > 59 || ss > 59) return undefined;
  }
  return `${date}T${p2(hh)}:${p2(mi)}:${p2(ss)}${frac ? `.${frac}` : ''}${zone}`;
}

/** Types a plain (unquoted, untagged) scalar the way yaml.v3 `resolve` + `Decode(&interface{})` does. */
export function resolvePlain(s: string): Node | { t: 'merge' } {
  if (NULLS.has(s)) return { t: 'null' };
  if (TRUES.has(s)) return { t: 'bool', v: true };
  if (FALSES.has(s)) return { t: 'bool', v: false };
  if (['.nan', '.NaN', '.NAN'].includes(s)) return { t: 'float', v: NaN };
  if (['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].includes(s)) return { t: 'float', v: Infinity };
  if (['-.inf', '-.Inf', '-.INF'].includes(s)) return { t: 'float', v: -Infinity };
  if (s === '<<') return { t: 'merge' };
  const c = s[0]!;
  if (!('+-.0123456789'.includes(c))) return { t: 'str', v: s };
  if (c >= '0' && c <= '9') {
    const ts = yamlTimestamp(s);
    if (ts) return { t: 'time', v: ts };
  }
  const plain = s.replace(/_/g, '');
  const i = goParseIntBase0(plain);
  if (i !== undefined) {
    if (i >= INT64_MIN && i <= INT64_MAX) return { t: 'int', v: i };
    if (i >= 0n && i <= UINT64_MAX) {
      throw new YamlScalarError(`integer ${s} does not fit in int64 (sops cannot encrypt uint64 values); quote it`);
    }
  }
  if (FLOAT_RE.test(plain)) return { t: 'float', v: Number(plain) };
  const b = /^(-?)0b([01]+)$/.exec(plain);
  if (b) return { t: 'int', v: (b[1] ? -1n : 1n) * BigInt(`0b${b[2]}`) };
  return { t: 'str', v: s };
}

/** Whether yaml.v3 would read this plain text back as the same string. */
function resolvesToString(s: string): boolean {
  try {
    const r = resolvePlain(s);
    return r.t === 'str';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// emitter analysis (libyaml yaml_emitter_analyze_scalar, as vendored in yaml.v3)

/** libyaml `is_printable` on code points (non-BMP characters are not "printable": they get escaped). */
export function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}
const isBreak = (cp: number): boolean => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isSpace = (cp: number): boolean => cp === 0x20;
const isBlankz = (cp: number | undefined): boolean => cp === undefined || cp === 0x20 || cp === 0x09 || isBreak(cp) || cp === 0;

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

export function analyzeScalar(s: string): Analysis {
  if (s.length === 0) return { multiline: false, blockPlain: false, single: true, block: false };
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
  let blockInd = false;
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) blockInd = true;
  let precededByWs = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const ch = String.fromCodePoint(c);
    const followedByWs = isBlankz(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockInd = true;
      if ((ch === '?' || ch === ':') && followedByWs) blockInd = true;
      if (ch === '-' && followedByWs) blockInd = true;
    } else {
      if (ch === ':' && followedByWs) blockInd = true;
      if (ch === '#' && precededByWs) blockInd = true;
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  let blockPlain = true;
  let single = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    blockPlain = false;
    single = false;
  }
  if (spaceBreak || special) {
    blockPlain = false;
    single = false;
    block = false;
  }
  if (lineBreaks) blockPlain = false;
  if (blockInd) blockPlain = false;
  return { multiline: lineBreaks, blockPlain, single, block };
}

/** Whether the string may be written with this style and read back unchanged. */
function styleAllowed(s: string, style: ScalarStyle, a: Analysis, isKey: boolean): boolean {
  switch (style) {
    case 'plain':
      return s.length > 0 && a.blockPlain && !a.multiline;
    case 'single':
      return a.single && !(a.multiline && isKey);
    case 'double':
      return true;
    case 'literal':
      return !isKey && a.block && a.multiline && !/^[ \n]/.test(s);
    case 'folded':
      return false;
  }
}

/**
 * Picks the style yaml.v3 would use for a string (plain when it reads back as a string, double quotes
 * for strings that would re-type, literal blocks for multi-line text). A `hint` from the parsed source
 * is kept when it is valid, so an unchanged file re-emits byte for byte.
 */
export function chooseStringStyle(s: string, hint?: ScalarStyle, isKey = false): ScalarStyle {
  const a = analyzeScalar(s);
  if (hint && hint !== 'plain' && styleAllowed(s, hint, a, isKey)) return hint;
  if (hint === 'plain' && styleAllowed(s, 'plain', a, isKey) && resolvesToString(s)) return 'plain';
  if (s.includes('\n')) return styleAllowed(s, 'literal', a, isKey) ? 'literal' : 'double';
  const canUsePlain = resolvesToString(s) && !OLD_BOOLS.has(s) && !BASE60_RE.test(s);
  if (!canUsePlain) return 'double';
  if (styleAllowed(s, 'plain', a, isKey)) return 'plain';
  if (styleAllowed(s, 'single', a, isKey)) return 'single';
  return 'double';
}

/** libyaml double-quoted scalar (no line folding: yaml.v3 never folds). */
export function doubleQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (isPrintable(c) && !isBreak(c) && c !== 0xfeff && ch !== '"' && ch !== '\\') {
      out += ch;
      continue;
    }
    const named: Record<number, string> = {
      0x00: '0',
      0x07: 'a',
      0x08: 'b',
      0x09: 't',
      0x0a: 'n',
      0x0b: 'v',
      0x0c: 'f',
      0x0d: 'r',
      0x1b: 'e',
      0x22: '"',
      0x5c: '\\',
      0x85: 'N',
      0xa0: '_',
      0x2028: 'L',
      0x2029: 'P',
    };
    if (named[c] !== undefined) out += `\\${named[c]}`;
    else if (c <= 0xff) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `${out}"`;
}

export const singleQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Literal block header: `|`, `|-` (no final newline) or `|+` (more than one). */
export function literalHeader(s: string): string {
  if (!s.endsWith('\n')) return '|-';
  if (s.length === 1 || s.endsWith('\n\n')) return '|+';
  return '|';
}

/** Go `strconv.FormatFloat(f, 'g', -1, 64)` as yaml.v3 writes floats, but integral values keep ".0". */
export function yamlFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, e] = x.toExponential().split('e') as [string, string];
  const exp = parseInt(e, 10);
  if (exp < -4 || exp >= 21) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const f = String(x); // fixed notation in this exponent range
  return /^-?\d+$/.test(f) ? `${f}.0` : f;
}
