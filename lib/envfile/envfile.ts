/**
 * The per-environment encrypted file of pinstack: a SOPS YAML file `secrets/<env>.enc.yaml` with
 * plaintext `pins` and `pin_history` (covered by the MAC) and encrypted `secrets` (and any other key).
 * Legacy SOPS binary `*.enc.tfvars` files (HCL inside) can be read and converted, not written.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import {
  binaryContent,
  clone,
  createSopsFile,
  getEntry,
  openSopsFile,
  parseTfvars,
  saveSopsFile,
  scalarText,
  type DiscoveryOptions,
  type MapNode,
  type Node,
  type SopsFile,
  type SopsTree,
} from '../sops';
import { emptyContents, EnvironmentFileError, normalizeContents, type EnvironmentContents } from './contents';
import { demoKeyFallback } from './demo-key';

/** The crypt rule of environment files: pins and their history stay readable in PR diffs. */
export const ENV_FILE_RULE = { unencrypted_regex: '^(pins|pin_history)$' } as const;

export interface EnvironmentFile extends EnvironmentContents {
  path: string;
  /** The age recipients the file is encrypted to. */
  recipients: string[];
  format: 'yaml' | 'tfvars-binary';
  /** Things to tell the user (e.g. "decrypted with the public demo key"). */
  warnings: string[];
}

export interface ReadOptions extends DiscoveryOptions {
  /** Use exactly these `AGE-SECRET-KEY-1…` identities instead of discovering them. */
  identities?: string[];
  /** Fall back to the committed demo key for files encrypted to it (default true). */
  demoKeyFallback?: boolean;
}

export function environmentFileFormat(p: string): EnvironmentFile['format'] {
  const base = path.basename(p).toLowerCase();
  if (base.endsWith('.tfvars')) return 'tfvars-binary';
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'yaml';
  throw new EnvironmentFileError(`unsupported environment file name (expected <env>.enc.yaml or a legacy <env>.enc.tfvars)`, { file: p });
}

function openOpts(opts: ReadOptions): Parameters<typeof openSopsFile>[1] {
  return {
    identities: opts.identities,
    env: opts.env,
    home: opts.home,
    platform: opts.platform,
    fallback: opts.demoKeyFallback === false ? undefined : demoKeyFallback,
  };
}

// ---------------------------------------------------------------------------------------------
// tree <-> contents

function scalarString(n: Node, where: string, file: string): string {
  const text = scalarText(n);
  if (text === undefined) throw new EnvironmentFileError(`${where} must be a string, not a ${n.t === 'seq' ? 'list' : n.t}`, { file });
  return text;
}

function mapAt(root: MapNode, key: string, file: string): MapNode | undefined {
  const e = getEntry(root, key);
  if (!e || e.value.t === 'null') return undefined;
  if (e.value.t !== 'map') throw new EnvironmentFileError(`"${key}" must be a map`, { file });
  return e.value;
}

function rootOf(tree: SopsTree, file: string): MapNode {
  if (tree.branches.length !== 1) throw new EnvironmentFileError(`must hold exactly one YAML document, found ${tree.branches.length}`, { file });
  return tree.branches[0]!;
}

function contentsFromTree(tree: SopsTree, file: string): EnvironmentContents {
  const root = rootOf(tree, file);
  const c = emptyContents();
  for (const it of mapAt(root, 'pins', file)?.items ?? []) {
    if ('key' in it) c.pins[it.key] = scalarString(it.value, `pins.${it.key}`, file);
  }
  for (const it of mapAt(root, 'pin_history', file)?.items ?? []) {
    if (!('key' in it)) continue;
    if (it.value.t === 'null') continue;
    if (it.value.t !== 'seq') throw new EnvironmentFileError(`pin_history.${it.key} must be a list`, { file });
    c.history[it.key] = it.value.items.filter((x): x is Node => x.t !== 'comment').map((x, i) => scalarString(x, `pin_history.${it.key}[${i}]`, file));
  }
  for (const it of mapAt(root, 'secrets', file)?.items ?? []) {
    if ('key' in it) c.secrets[it.key] = scalarString(it.value, `secrets.${it.key}`, file);
  }
  try {
    return normalizeContents(c);
  } catch (e) {
    throw withFile(e, file);
  }
}

const s = (v: string): Node => ({ t: 'str', v });

/** Rebuilds a map in place order: existing keys keep their position, new keys are appended. */
function orderedMap(old: MapNode | undefined, values: Record<string, Node>): MapNode {
  const items: MapNode['items'] = [];
  const seen = new Set<string>();
  for (const it of old?.items ?? []) {
    if (!('key' in it)) {
      items.push(it);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(values, it.key) && !seen.has(it.key)) {
      items.push({ key: it.key, value: values[it.key]! });
      seen.add(it.key);
    }
  }
  for (const [k, v] of Object.entries(values)) if (!seen.has(k)) items.push({ key: k, value: v });
  return { t: 'map', items };
}

function applyContents(tree: SopsTree, c: EnvironmentContents, file: string): SopsTree {
  const out = clone(tree);
  const root = rootOf(out, file);
  const put = (key: string, value: MapNode): void => {
    const e = getEntry(root, key);
    if (e) e.value = value;
    else if (value.items.length) root.items.push({ key, value });
  };
  const pins = Object.fromEntries(Object.entries(c.pins).map(([k, v]) => [k, s(v)]));
  const history = Object.fromEntries(Object.entries(c.history).map(([k, v]) => [k, { t: 'seq', items: v.map(s) } as Node]));
  const secrets = Object.fromEntries(Object.entries(c.secrets).map(([k, v]) => [k, s(v)]));
  put('pins', orderedMap(mapAt(root, 'pins', file), pins));
  put('pin_history', orderedMap(mapAt(root, 'pin_history', file), history));
  put('secrets', orderedMap(mapAt(root, 'secrets', file), secrets));
  return out;
}

function treeFromContents(c: EnvironmentContents): SopsTree {
  const m = (o: Record<string, Node>): MapNode => ({ t: 'map', items: Object.entries(o).map(([key, value]) => ({ key, value })) });
  return {
    branches: [
      m({
        pins: m(Object.fromEntries(Object.entries(c.pins).map(([k, v]) => [k, s(v)]))),
        pin_history: m(Object.fromEntries(Object.entries(c.history).map(([k, v]) => [k, { t: 'seq', items: v.map(s) } as Node]))),
        secrets: m(Object.fromEntries(Object.entries(c.secrets).map(([k, v]) => [k, s(v)]))),
      }),
    ],
  };
}

function withFile(e: unknown, file: string): unknown {
  if (e instanceof EnvironmentFileError && !e.file) return new EnvironmentFileError(e.message, { file, cause: e });
  return e;
}

function toEnvironmentFile(f: SopsFile, c: EnvironmentContents, format: EnvironmentFile['format'], warnings: string[] = []): EnvironmentFile {
  return { path: f.path, ...c, recipients: f.recipients, format, warnings: [...f.warnings, ...warnings] };
}

// ---------------------------------------------------------------------------------------------
// legacy tfvars

/** Maps tfvars variables: `<service>_image` strings are pins, other strings secrets (names upper-cased). */
function contentsFromTfvars(vars: Record<string, unknown>, file: string): { contents: EnvironmentContents; warnings: string[] } {
  const c = emptyContents();
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value !== 'string') {
      ignored.push(name);
      continue;
    }
    const m = /^(.+)_image$/.exec(name);
    if (m) {
      c.pins[m[1]!] = value;
      continue;
    }
    const secret = name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    if (Object.prototype.hasOwnProperty.call(c.secrets, secret)) {
      throw new EnvironmentFileError(`tfvars variables ${name} and another one both map to secret ${secret}`, { file });
    }
    c.secrets[secret] = value;
  }
  const warnings = ignored.length ? [`${file}: ignored non-string tfvars variables: ${ignored.join(', ')}`] : [];
  try {
    return { contents: normalizeContents(c), warnings };
  } catch (e) {
    throw withFile(e, file);
  }
}

async function readTfvars(p: string, opts: ReadOptions): Promise<{ file: SopsFile; contents: EnvironmentContents; warnings: string[] }> {
  const file = await openSopsFile(p, { ...openOpts(opts), format: 'binary' });
  const vars = await parseTfvars(binaryContent(file.tree.branches[0]!, p), p);
  return { file, ...contentsFromTfvars(vars, p) };
}

/** The YAML path a legacy `<env>.enc.tfvars` converts to: `<env>.enc.yaml` next to it. */
export function convertedPath(tfvarsPath: string): string {
  const base = path.basename(tfvarsPath).replace(/(\.enc)?\.tfvars$/i, '');
  return path.join(path.dirname(tfvarsPath), `${base}.enc.yaml`);
}

// ---------------------------------------------------------------------------------------------
// public API

/** Decrypts, MAC-verifies and validates an environment file (YAML, or a legacy binary tfvars). */
export async function readEnvironmentFile(p: string, opts: ReadOptions = {}): Promise<EnvironmentFile> {
  const format = environmentFileFormat(p);
  if (format === 'tfvars-binary') {
    const r = await readTfvars(p, opts);
    return toEnvironmentFile(r.file, r.contents, format, r.warnings);
  }
  const f = await openSopsFile(p, { ...openOpts(opts), format: 'yaml' });
  return toEnvironmentFile(f, contentsFromTree(f.tree, p), format);
}

/**
 * Creates `secrets/<env>.enc.yaml` encrypted to `recipients` (X25519 age1…). Refuses to overwrite an
 * existing file unless `overwrite`.
 */
export async function createEnvironmentFile(
  p: string,
  contents: Partial<EnvironmentContents>,
  recipients: string[],
  opts: { overwrite?: boolean } = {},
): Promise<void> {
  if (environmentFileFormat(p) !== 'yaml') {
    throw new EnvironmentFileError('pinstack writes YAML environment files only (<env>.enc.yaml)', { file: p });
  }
  let c: EnvironmentContents;
  try {
    c = normalizeContents({ ...emptyContents(), ...contents });
  } catch (e) {
    throw withFile(e, p);
  }
  await createSopsFile(p, treeFromContents(c), { recipients, rule: ENV_FILE_RULE, format: 'yaml', overwrite: opts.overwrite });
}

/**
 * Decrypts and verifies the file, lets `mutate` change its contents, validates them and re-encrypts
 * with the same data key (unchanged values keep their ciphertext), then writes atomically. If `mutate`
 * throws, nothing is written. Other top-level keys a user added are kept (and stay encrypted).
 */
export async function updateEnvironmentFile(
  p: string,
  mutate: (c: EnvironmentContents) => void | Promise<void>,
  opts: ReadOptions = {},
): Promise<EnvironmentFile> {
  if (environmentFileFormat(p) === 'tfvars-binary') {
    throw new EnvironmentFileError(
      `is a legacy SOPS binary tfvars file, which pinstack reads but does not write; convert it to ${convertedPath(p)} first ` +
        '(`pinstack secrets migrate <env>`), then delete the .tfvars file',
      { file: p },
    );
  }
  const f = await openSopsFile(p, { ...openOpts(opts), format: 'yaml' });
  const before = contentsFromTree(f.tree, p);
  const draft = structuredClone(before);
  try {
    await mutate(draft);
  } catch (e) {
    throw withFile(e, p);
  }
  let next: EnvironmentContents;
  try {
    next = normalizeContents(draft);
  } catch (e) {
    throw withFile(e, p);
  }
  const saved = await saveSopsFile(f, applyContents(f.tree, next, p));
  return toEnvironmentFile(saved, contentsFromTree(saved.tree, p), 'yaml');
}

/**
 * Converts a legacy SOPS binary `<env>.enc.tfvars` into `<env>.enc.yaml` next to it (encrypted to
 * `recipients`, default: the recipients of the tfvars file). Returns the new path; the tfvars file is
 * left in place.
 */
export async function convertTfvarsToYaml(p: string, recipients?: string[], opts: ReadOptions = {}): Promise<string> {
  if (environmentFileFormat(p) !== 'tfvars-binary') throw new EnvironmentFileError('is not a .tfvars file', { file: p });
  const r = await readTfvars(p, opts);
  const target = convertedPath(p);
  await createEnvironmentFile(target, r.contents, recipients ?? r.file.recipients);
  return target;
}

/** `secrets/<env>.enc.yaml` under `dir`. */
export function environmentFilePath(dir: string, env: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(env)) throw new EnvironmentFileError(`invalid environment name ${JSON.stringify(env)}`);
  return path.join(dir, `${env}.enc.yaml`);
}

/** Whether the path exists (helper for callers choosing between create and update). */
export async function environmentFileExists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}
