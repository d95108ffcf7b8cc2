/**
 * Shared by the commands that work on one environment's encrypted file (pins, pin, rollback, secrets,
 * keys): the spec is loaded from the project root (the cwd), an environment's file is resolved through
 * it (`secretsFileOf`), and paths stay relative to the root so every message names the file as the
 * spec does (`secrets/prod.enc.yaml`).
 */
import * as path from 'node:path';
import { defaultTier, secretsFileOf, type AppSpec, type Tier } from '../../config';
import { loadSpec } from '../project';
import { isPlainObject } from '../../config/merge';
import {
  demoKeyFallback,
  demoRecipientWarning,
  environmentFileFormat,
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
  return resolveEnvironment(loadSpec().spec, name);
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

/** Reads an environment's file (decrypted, MAC-checked) and prints its warnings. */
export async function readEnvFile(env: ResolvedEnvironment): Promise<EnvironmentFile> {
  const f = await readEnvironmentFile(env.file, { env: process.env });
  warn([...f.warnings, ...demoRecipientWarning(env, f.recipients)]);
  return f;
}

/**
 * Decrypts and MAC-checks the file, applies `mutate` to its contents and writes it atomically (nothing is
 * written if `mutate` throws or changes nothing). Prints the file's warnings.
 */
export async function updateEnvFile(env: ResolvedEnvironment, mutate: (c: EnvironmentContents) => void | Promise<void>): Promise<EnvironmentFile> {
  if (environmentFileFormat(env.file) === 'tfvars-binary') {
    throw new UsageError(`${env.file}: is a legacy SOPS binary tfvars file, which pinstack reads but does not write; convert it first: pinstack secrets migrate ${env.name}`);
  }
  const f = await updateEnvironmentFile(env.file, mutate, { env: process.env });
  warn([...f.warnings, ...demoRecipientWarning(env, f.recipients)]);
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
