import { emitPlain, parsePlain, SopsFormatError } from '../../../lib/sops';
import { parseDotenv } from '../../../lib/sops/stores/dotenv';
import { flattenMetadata, unflattenMetadata } from '../../../lib/sops/stores/flatten';
import { emitJson, goJsonString, parseJson } from '../../../lib/sops/stores/json';
import { emitYaml, parseYaml } from '../../../lib/sops/stores/yaml';
import { chooseStringStyle, doubleQuote, resolvePlain } from '../../../lib/sops/stores/yaml-scalars';
import { map, seq, str, int, toPlain, type MapNode } from '../../../lib/sops/tree';

describe('yaml.v3 plain scalar typing (verified table of the spec)', () => {
  test.each([
    ['0777', { t: 'int', v: 511n }],
    ['1_000', { t: 'int', v: 1000n }],
    ['1.10', { t: 'float', v: 1.1 }],
    ['yes', { t: 'str', v: 'yes' }],
    ['on', { t: 'str', v: 'on' }],
    ['2024-01-01', { t: 'time', v: '2024-01-01T00:00:00Z' }],
    ['2001-12-14t21:59:43.10-05:00', { t: 'time', v: '2001-12-14T21:59:43.1-05:00' }],
    ['~', { t: 'null' }],
    ['0x1F', { t: 'int', v: 31n }],
    ['.5', { t: 'float', v: 0.5 }],
    ['1e3', { t: 'float', v: 1000 }],
    ['True', { t: 'bool', v: true }],
    ['3.0', { t: 'float', v: 3 }],
    ['-0', { t: 'int', v: 0n }],
    ['0o17', { t: 'int', v: 15n }],
    ['+12', { t: 'int', v: 12n }],
    ['12:30', { t: 'str', v: '12:30' }],
    ['1.0.0', { t: 'str', v: '1.0.0' }],
    ['08', { t: 'float', v: 8 }],
    ['.inf', { t: 'float', v: Infinity }],
  ])('%s', (s, expected) => {
    expect(resolvePlain(s)).toEqual(expected);
  });

  test('fails when an integer only fits uint64 (sops cannot walk it)', () => {
    expect(() => resolvePlain('9223372036854775808')).toThrow(/does not fit in int64/);
  });

  test('fails when a map key is not a string', () => {
    expect(() => parseYaml('8080: x\n', 'f.yaml')).toThrow(/^f\.yaml: invalid YAML: map key "8080" is a int, but sops only supports string keys/);
    expect(() => parseYaml('true: x\n')).toThrow(/is a bool/);
    expect(parseYaml('"8080": x\n')[0]!.items).toEqual([{ key: '8080', value: { t: 'str', v: 'x', style: 'plain' } }]);
  });

  test('anchors and aliases are expanded', () => {
    expect(toPlain(parseYaml('a: &x {b: 1}\nc: *x\n')[0]!)).toEqual({ a: { b: 1 }, c: { b: 1 } });
  });

  test('fails when the top level is a sequence or a scalar', () => {
    expect(() => parseYaml('- a\n', 'l.yaml')).toThrow(/^l\.yaml: YAML documents that are sequences are not supported/);
    expect(() => parseYaml('just text\n')).toThrow(/documents that are values are not supported/);
  });
});

describe('yaml.v3 string quoting', () => {
  test.each([
    ['ghcr.io/acme/web:v42-3f9c2ab', 'plain'],
    ['ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]', 'plain'],
    ['3.10.2', 'plain'],
    ['^(pins|pin_history)$', 'plain'],
    ['-dash', 'plain'],
    ['8080', 'double'],
    ['1.10', 'double'],
    ['', 'double'],
    ['2024-01-01', 'double'],
    ['0777', 'double'],
    ['1_000', 'double'],
    ['12:30', 'double'],
    ['yes', 'double'],
    ['n', 'double'],
    ['null', 'double'],
    [' lead', 'single'],
    ['#hash', 'single'],
    ['- item', 'single'],
    ['a: b', 'single'],
    ['a #b', 'single'],
    ['trail ', 'single'],
    ['tab\tin', 'double'],
    ['🔑', 'double'],
    ['two\nlines\n', 'literal'],
    ['trailing space \nx', 'double'],
    [' leading\nline', 'double'],
  ])('%p -> %s', (s, style) => {
    expect(chooseStringStyle(s)).toBe(style);
  });

  test('double quotes escape like libyaml (non-BMP as \\U)', () => {
    expect(doubleQuote('a"b\\c\td\u0085🔑')).toBe('"a\\"b\\\\c\\td\\N\\U0001F511"');
  });

  test('every quoting choice reads back as the same string', () => {
    const strings = ['8080', 'yes', ' lead', 'a: b', 'tab\tin', '🔑', 'two\nlines\n', 'no newline\nat end', 'keep\n\n', "it's", '"q"', '[x]', '{y}', '*a', '&b', '!c', '%d', '@e', '`f', '|g', '>h', '?i', ':j', ',k', 'l:', 'x\r\ny'];
    const m = map(strings.map((s, i) => [`k${i}`, str(s)]));
    const back = parseYaml(emitYaml([m]))[0]!;
    expect(toPlain(back)).toEqual(toPlain(m));
  });
});

describe('yaml emitter layout (yaml.v3 block style)', () => {
  const m = map([
    ['a', map([['b', str('c')]])],
    ['list', seq([str('x'), map([['k', str('v')], ['k2', str('line1\nline2\n')]]), seq([str('n1'), str('n2')])])],
    ['empty', map()],
    ['none', seq()],
  ]);

  test('indent 4', () => {
    expect(emitYaml([m], { indent: 4, legacySeq: false })).toBe(
      'a:\n    b: c\nlist:\n    - x\n    - k: v\n      k2: |\n        line1\n        line2\n    - - n1\n      - n2\nempty: {}\nnone: []\n',
    );
  });

  test('indent 2', () => {
    expect(emitYaml([m], { indent: 2, legacySeq: false })).toBe(
      'a:\n  b: c\nlist:\n  - x\n  - k: v\n    k2: |\n      line1\n      line2\n  - - n1\n    - n2\nempty: {}\nnone: []\n',
    );
  });

  test('parse(emit(x)) is x for both layouts', () => {
    for (const indent of [2, 4]) expect(parseYaml(emitYaml([m], { indent, legacySeq: false }))[0]).toEqual(parseYaml(emitYaml([m]))[0]);
  });
});

describe('JSON store', () => {
  test('keeps key order (integer-like keys stay in place) and int vs float', () => {
    const m = parseJson('{"b": 1, "10": 2.5, "a": [true, null, "x"], "1": {}}');
    expect(m.items.map((i) => ('key' in i ? i.key : ''))).toEqual(['b', '10', 'a', '1']);
    expect((m.items[0] as { value: unknown }).value).toEqual({ t: 'int', v: 1n });
    expect((m.items[1] as { value: unknown }).value).toEqual({ t: 'float', v: 2.5 });
  });

  test('emits like Go json.Indent with HTML-safe escaping', () => {
    expect(goJsonString('<a&b>\u2028"\\\n\u0001é')).toBe('"\\u003ca\\u0026b\\u003e\\u2028\\"\\\\\\n\\u0001é"');
    expect(emitJson(map([['x', seq([int(1)])], ['e', map()], ['l', seq()]]))).toBe('{\n\t"x": [\n\t\t1\n\t],\n\t"e": {},\n\t"l": []\n}\n');
  });

  test('fails when JSON is invalid, with line and column and the file name', () => {
    expect(() => parseJson('{\n  "a": tru\n}', 'x.json')).toThrow(/^x\.json: invalid JSON at line 2, column 8/);
    expect(() => parseJson('[1]', 'x.json')).toThrow(/the top level must be an object/);
  });
});

describe('dotenv and flattened metadata', () => {
  test('no trimming, no quote handling, literal \\n is a newline', () => {
    const { data } = parseDotenv('foo =x\nQ="quoted"\nM=a\\nb\n');
    expect(toPlain(data)).toEqual({ 'foo ': 'x', Q: '"quoted"', M: 'a\nb' });
  });

  test('fails when a line has no "="', () => {
    expect(() => parsePlain('JUSTTEXT\n', 'dotenv', '.env')).toThrow(SopsFormatError);
  });

  test('flatten/unflatten round-trips nested metadata', () => {
    const md: MapNode = map([
      ['age', seq([map([['recipient', str('age1x')], ['enc', str('-----BEGIN\nabc\n')]]), map([['recipient', str('age1y')], ['enc', str('e2')]])])],
      ['lastmodified', str('2024-01-01T00:00:00Z')],
    ]);
    const flat = flattenMetadata(md);
    expect(flat).toEqual([
      ['age__list_0__map_recipient', 'age1x'],
      ['age__list_0__map_enc', '-----BEGIN\\nabc\\n'],
      ['age__list_1__map_recipient', 'age1y'],
      ['age__list_1__map_enc', 'e2'],
      ['lastmodified', '2024-01-01T00:00:00Z'],
    ]);
    expect(unflattenMetadata(flat)).toEqual(md);
  });

  test('emitPlain binary returns the raw content', () => {
    expect(emitPlain(parsePlain('raw\ncontent ü', 'binary'), 'binary')).toBe('raw\ncontent ü');
  });
});
