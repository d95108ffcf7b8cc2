/**
 * Shared by the commands that work on one environment's encrypted file (pins, pin, rollback, secrets,
 * keys): the spec is loaded from the project root (the cwd), an environment's file is resolved through
 * it (`secretsFileOf`), and paths stay relative to the root so every message names the file as the
 * spec does (`secrets/prod.enc.yaml`).
 */
import * as path from 'node:path';
import { parseSpec, secretsFileOf, type AppSpec, type Tier } from '../../config';
import { isPlainObject } from '../../config/merge';
import { defaultTier } from '../../config/schema/environment';
import {
  DEMO_KEY_PATH,
  DEMO_RECIPIENT,
  demoKeyFallback,
  readEnvironmentFile,
  updateEnvironmentFile,
  type EnvironmentContents,
  type EnvironmentFile,
} from '../envfile';
import type { OpenOptions } from '../sops';
import { UsageError } from './errors';

export interface ResolvedEnvironment {
  readonly name: string;
  readonly tier: Tier;
  /** The file as the spec names it, relative to the project root (the cwd). */
  readonly file: string;
  readonly spec: AppSpec;
}

/** Loads and validates `app.ts` (or $PINSTACK_APP) from the cwd. Spec problems throw SpecError (exit 2). */
export function loadSpec(): AppSpec {
  const file = path.resolve(process.cwd(), process.env.PINSTACK_APP ?? 'app.ts');
  let mod: { default?: unknown } | undefined;
  try {
    mod = require(file) as { default?: unknown };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(file)) throw new UsageError(`no app spec at ${file} (set PINSTACK_APP or run from the project root)`);
    throw err;
  }
  return parseSpec(mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod);
}

/** The environment `name` of the spec, with its tier and its file. */
export function resolveEnvironment(spec: AppSpec, name: string): ResolvedEnvironment {
  const env = spec.environments[name];
  if (!env) {
    throw new UsageError(`unknown environment ${JSON.stringify(name)} (expected one of ${Object.keys(spec.environments).join(', ')})`);
  }
  return { name, tier: env.tier ?? defaultTier(name), file: secretsFileOf(name, env), spec };
}

/** Loads the spec and resolves one environment. */
export function environment(name: string): ResolvedEnvironment {
  return resolveEnvironment(loadSpec(), name);
}

/** Throws unless the spec has `service`. */
export function checkService(env: ResolvedEnvironment, service: string): void {
  if (!Object.prototype.hasOwnProperty.call(env.spec.services, service)) {
    throw new UsageError(`unknown service ${JSON.stringify(service)} (the spec has ${Object.keys(env.spec.services).join(', ')})`);
  }
}

/** The repository of `service` in `env` (an environment may override `image`). */
export function repositoryOf(env: ResolvedEnvironment, service: string): string {
  const override = env.spec.environments[env.name]?.overrides.services?.[service];
  const image = isPlainObject(override) && typeof override.image === 'string' ? override.image : undefined;
  return image ?? env.spec.services[service]!.image;
}

/** Options for lib/sops: identities found as sops does, then the demo key for files encrypted to it. */
export function openOptions(): OpenOptions {
  return { env: process.env, fallback: demoKeyFallback };
}

const warned = new Set<string>();

/** Prints warnings on stderr, each at most once per process. */
export function warn(messages: Iterable<string>): void {
  for (const m of messages) {
    if (warned.has(m)) continue;
    warned.add(m);
    process.stderr.write(`warning: ${m}\n`);
  }
}

/** The warning for a production environment encrypted to the public demo key (empty otherwise). */
export function demoRecipientWarnings(env: ResolvedEnvironment, recipients: readonly string[]): string[] {
  if (env.tier !== 'production' || !recipients.includes(DEMO_RECIPIENT)) return [];
  return [
    `environment ${env.name} is production but ${env.file} is encrypted to the public demo key ${DEMO_RECIPIENT} ` +
      `(${displayPath(DEMO_KEY_PATH)}): anyone can read it. Run \`pinstack keys\` to see how to move to your own key.`,
  ];
}

/** Reads an environment's file (decrypted, MAC-checked) and prints its warnings. */
export async function readEnvFile(env: ResolvedEnvironment): Promise<EnvironmentFile> {
  const f = await readEnvironmentFile(env.file, { env: process.env });
  warn([...f.warnings, ...demoRecipientWarnings(env, f.recipients)]);
  return f;
}

/**
 * Decrypts and MAC-checks the file, applies `mutate` to its contents and writes it atomically (nothing is
 * written if `mutate` throws or changes nothing). Prints the file's warnings.
 */
export async function updateEnvFile(env: ResolvedEnvironment, mutate: (c: EnvironmentContents) => void | Promise<void>): Promise<EnvironmentFile> {
  const f = await updateEnvironmentFile(env.file, mutate, { env: process.env });
  warn([...f.warnings, ...demoRecipientWarnings(env, f.recipients)]);
  return f;
}

/** A path relative to the cwd when it is below it, else absolute. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Reads all of stdin as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}
