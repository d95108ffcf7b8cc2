import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import {
  atomicWriteFile,
  DEFAULT_RULE,
  emitPlain,
  encryptText,
  formatFromPath,
  openSopsFile,
  parsePlain,
  SOPS_FORMATS,
  entries,
  isComment,
  type CryptRule,
  type Node,
  type SopsFormat,
} from '../../sops';
import { goRegExp } from '../../sops/walk';
import { displayPath, openOptions, warn } from '../env-files';
import { UsageError } from '../errors';

interface EncryptOpts {
  age: string[];
  output?: string;
  inputType?: string;
  unencryptedRegex?: string;
  encryptedRegex?: string;
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
}

export function register(program: Command): void {
  const sops = program
    .command('sops')
    .description('Decrypt or encrypt any SOPS file with age (for users without the `sops` binary); files stay readable by sops 3.8+.');

  sops
    .command('decrypt')
    .description('Decrypt a SOPS file (MAC checked) and print the plaintext to stdout, in its own format or as JSON.')
    .argument('<file>', 'encrypted file (.yaml/.yml, .json, .env, .ini; anything else is a binary file)')
    .option('--json', 'print the decrypted tree as JSON (a binary file as {"data": "<content>"}; several YAML documents as a list)')
    .option('--input-type <format>', `override the format from the extension: ${SOPS_FORMATS.join(', ')}`)
    .addHelpText('after', '\nIdentities: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then the user\'s sops/age/keys.txt (as sops); the demo key for files encrypted to it.')
    .action(async (file: string, opts: { json?: boolean; inputType?: string }) => {
      const format = formatOption(opts.inputType) ?? formatFromPath(file);
      const f = await openSopsFile(file, { ...openOptions(), format });
      warn(f.warnings);
      if (opts.json) {
        const b = f.tree.branches;
        process.stdout.write(`${toJson(b.length === 1 ? b[0]! : b)}\n`);
        return;
      }
      process.stdout.write(emitPlain(f.tree, format, f.session.document.layout, file));
    });

  sops
    .command('encrypt')
    .description('Encrypt a plaintext file to age recipients; writes the encrypted document to stdout (or --output, atomically).')
    .argument('<file>', 'plaintext file; the format comes from the extension (.yaml/.yml, .json, .env, .ini, else binary)')
    .option('--age <recipient>', 'age1… recipient (repeatable, or comma-separated); default: the matching creation rule of .sops.yaml', collect, [])
    .option('-o, --output <file>', 'write the encrypted document to this file (atomically) instead of stdout')
    .option('--input-type <format>', `override the format from the extension: ${SOPS_FORMATS.join(', ')}`)
    .option('--unencrypted-regex <regex>', 'leave keys matching this regex in plaintext')
    .option('--encrypted-regex <regex>', 'encrypt only keys matching this regex')
    .option('--unencrypted-suffix <suffix>', 'leave keys ending with this suffix in plaintext (default: _unencrypted, as sops)')
    .option('--encrypted-suffix <suffix>', 'encrypt only keys ending with this suffix')
    .addHelpText('after', '\nAt most one crypt rule option. Without --age, the recipients and rule come from the first creation rule of\n.sops.yaml (searched from the current directory upwards) whose path_regex matches the file.')
    .action(async (file: string, opts: EncryptOpts) => {
      const format = formatOption(opts.inputType) ?? formatFromPath(file);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      let rule = ruleOption(opts);
      let recipients = opts.age;
      if (recipients.length === 0) {
        const fromConfig = creationRuleFor(file);
        recipients = fromConfig.recipients;
        rule ??= fromConfig.rule;
        process.stderr.write(`using the creation rule of ${displayPath(fromConfig.config)} for ${file}\n`);
      }
      const tree = parsePlain(text, format, file);
      const out = await encryptText(tree, { recipients, format, rule: rule ?? DEFAULT_RULE, file });
      if (opts.output) {
        await atomicWriteFile(opts.output, out);
        process.stderr.write(`wrote ${opts.output}\n`);
      } else process.stdout.write(out);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function formatOption(v: string | undefined): SopsFormat | undefined {
  if (v === undefined) return undefined;
  if (!(SOPS_FORMATS as readonly string[]).includes(v)) throw new UsageError(`--input-type must be one of ${SOPS_FORMATS.join(', ')}, got ${JSON.stringify(v)}`);
  return v as SopsFormat;
}

function ruleOption(opts: EncryptOpts): CryptRule | undefined {
  const given: CryptRule[] = [];
  if (opts.unencryptedRegex !== undefined) given.push({ unencrypted_regex: opts.unencryptedRegex });
  if (opts.encryptedRegex !== undefined) given.push({ encrypted_regex: opts.encryptedRegex });
  if (opts.unencryptedSuffix !== undefined) given.push({ unencrypted_suffix: opts.unencryptedSuffix });
  if (opts.encryptedSuffix !== undefined) given.push({ encrypted_suffix: opts.encryptedSuffix });
  if (given.length > 1) {
    throw new UsageError(
      `give at most one of --unencrypted-regex, --encrypted-regex, --unencrypted-suffix, --encrypted-suffix, got ${given.map((r) => `--${Object.keys(r)[0]!.replace(/_/g, '-')}`).join(', ')}`,
    );
  }
  return given[0];
}

const RULE_KEYS = ['unencrypted_suffix', 'encrypted_suffix', 'unencrypted_regex', 'encrypted_regex'] as const;

/** Like sops: the first `.sops.yaml` from the cwd upwards, then its first creation rule matching the file. */
function creationRuleFor(file: string): { config: string; recipients: string[]; rule?: CryptRule } {
  let dir = process.cwd();
  let config: string | undefined;
  for (;;) {
    const p = path.join(dir, '.sops.yaml');
    if (fs.existsSync(p)) {
      config = p;
      break;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (!config) throw new UsageError('no --age recipient given and no .sops.yaml found from the current directory upwards');
  const doc = YAML.parse(fs.readFileSync(config, 'utf8')) as { creation_rules?: unknown } | null;
  const rules = Array.isArray(doc?.creation_rules) ? (doc!.creation_rules as Array<Record<string, unknown>>) : [];
  // sops compares path_regex with the file path relative to the directory of .sops.yaml.
  const abs = path.resolve(file);
  const rel = abs.startsWith(path.dirname(config) + path.sep) ? abs.slice(path.dirname(config).length + 1) : abs;
  const relPosix = rel.split(path.sep).join('/');
  const match = rules.find((r) => {
    if (r === null || typeof r !== 'object') return false;
    if (typeof r.path_regex !== 'string' || r.path_regex === '') return true;
    return goRegExp(r.path_regex, `${displayPath(config!)}: path_regex`).test(relPosix);
  });
  if (!match) throw new UsageError(`no --age recipient given and no creation rule of ${displayPath(config)} matches ${relPosix}`);
  const age = match.age;
  const recipients = (Array.isArray(age) ? age.join(',') : typeof age === 'string' ? age : '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (recipients.length === 0) throw new UsageError(`the creation rule of ${displayPath(config)} matching ${relPosix} has no age recipients; give --age`);
  const key = RULE_KEYS.find((k) => typeof match[k] === 'string' && match[k] !== '');
  return { config, recipients, ...(key ? { rule: { [key]: match[key] as string } as CryptRule } : {}) };
}

/**
 * A decrypted tree as JSON (2-space indentation), keeping the document's key order (a JS object would move
 * integer-like keys first). Integers stay exact, bytes become base64, times their RFC 3339 text,
 * non-finite floats (not representable in JSON) strings; comments are dropped.
 */
export function toJson(n: Node | Node[], indent = ''): string {
  const inner = `${indent}  `;
  const list = (xs: string[], open: string, close: string): string => (xs.length ? `${open}\n${xs.map((x) => inner + x).join(',\n')}\n${indent}${close}` : open + close);
  if (Array.isArray(n)) return list(n.map((x) => toJson(x, inner)), '[', ']');
  switch (n.t) {
    case 'map':
      return list(entries(n).map((e) => `${JSON.stringify(e.key)}: ${toJson(e.value, inner)}`), '{', '}');
    case 'seq':
      return list(n.items.filter((x): x is Node => !isComment(x)).map((x) => toJson(x, inner)), '[', ']');
    case 'null':
      return 'null';
    case 'int':
      return n.v.toString();
    case 'float':
      return Number.isFinite(n.v) ? JSON.stringify(n.v) : JSON.stringify(String(n.v));
    case 'bytes':
      return JSON.stringify(Buffer.from(n.v).toString('base64'));
    default:
      return JSON.stringify(n.v);
  }
}
