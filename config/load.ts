import { parseImageRef, repositoryOf } from '../lib/oci/image-ref';
import type { EnvironmentConfig, ServiceConfig } from './environment-config';
import { fromZodIssues, joinPath, type SpecIssue, SpecError } from './errors';
import { feasibilityIssues } from './feasibility';
import { deepMerge, isPlainObject, setByOverride } from './merge';
import { pinIssues } from './pins';
import { type AppSpec, appSchema, type TerraformCloudSpec } from './schema/app';
import { postgresSchema, redisSchema, type PostgresSpec, type RedisSpec } from './schema/datastores';
import { defaultTier, environmentSchema, type EnvironmentSpec } from './schema/environment';
import { serviceSchema, type ServiceSpec } from './schema/service';
import type { z } from 'zod';

/** What an environment's encrypted file holds, decrypted in memory. */
export interface EnvironmentSource {
  readonly path: string;
  readonly pins: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
  /** e.g. "decrypted with the public demo key". */
  readonly warnings?: readonly string[];
}

/** Reads and decrypts an environment's file (the CLI passes lib/envfile; tests pass memory). */
export type ReadEnvironmentSource = (path: string, env: string) => Promise<EnvironmentSource>;

export interface LoadedEnvironment {
  readonly config: EnvironmentConfig;
  /** Secret values by name. Only for TF_VAR_* of terraform processes; never rendered. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  /** Environments to load; all when omitted. */
  readonly only?: readonly string[];
}

/** Validates the spec on its own (no environment files); throws SpecError with every issue. */
export function parseSpec(input: unknown): AppSpec {
  const result = appSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw new SpecError(fromZodIssues(result.error.issues));
  return result.data;
}

export function secretsFileOf(envName: string, env: Pick<EnvironmentSpec, 'secretsFile'>): string {
  return env.secretsFile ?? `secrets/${envName}.enc.yaml`;
}

/**
 * spec + each environment's overrides + its decrypted file -> EnvironmentConfig, for every environment asked.
 * Every problem (spec, overrides, pins, missing secrets, what the target cannot do) is collected and thrown
 * at once as a SpecError.
 */
export async function loadEnvironments(input: unknown, read: ReadEnvironmentSource, options: LoadOptions = {}): Promise<LoadedEnvironment[]> {
  const issues: SpecIssue[] = [];
  const base = appSchema.safeParse(input, { reportInput: true });
  if (!base.success) issues.push(...fromZodIssues(base.error.issues));

  const raw = isPlainObject(input) ? input : {};
  const rawEnvs = isPlainObject(raw.environments) ? raw.environments : {};
  const rawServices = isPlainObject(raw.services) ? raw.services : {};
  const names = options.only ?? Object.keys(rawEnvs);
  const unknown = names.filter((n) => !(n in rawEnvs));
  if (unknown.length > 0) {
    issues.push({ path: 'environments', message: `unknown environment ${unknown.join(', ')} (expected one of ${Object.keys(rawEnvs).join(', ') || 'none'})` });
  }

  const loaded: LoadedEnvironment[] = [];
  for (const envName of names.filter((n) => n in rawEnvs)) {
    const result = await loadOne(envName, raw, rawServices, rawEnvs[envName], read, base.success ? base.data : undefined);
    issues.push(...result.issues);
    if (result.loaded) loaded.push(result.loaded);
  }
  if (issues.length > 0) throw new SpecError(dedupe(issues));
  return loaded;
}

async function loadOne(
  envName: string,
  raw: Record<string, unknown>,
  rawServices: Record<string, unknown>,
  rawEnv: unknown,
  read: ReadEnvironmentSource,
  spec: AppSpec | undefined,
): Promise<{ issues: SpecIssue[]; loaded?: LoadedEnvironment }> {
  const issues: SpecIssue[] = [];
  const envPath = ['environments', envName];
  const env = environmentSchema.safeParse(rawEnv, { reportInput: true });
  if (!env.success) return { issues: fromZodIssues(env.error.issues, envPath) };
  const overrides = env.data.overrides;
  const file = secretsFileOf(envName, env.data);

  for (const name of Object.keys(overrides.services ?? {})) {
    if (!(name in rawServices)) {
      issues.push({ path: joinPath([...envPath, 'overrides', 'services', name]), message: `unknown service (expected one of ${Object.keys(rawServices).join(', ')})` });
    }
  }

  let source: EnvironmentSource | undefined;
  try {
    source = await read(file, envName);
  } catch (err) {
    issues.push({ path: joinPath([...envPath, 'secretsFile']), message: (err as Error).message });
  }

  const services: ServiceConfig[] = [];
  for (const [name, rawService] of Object.entries(rawServices)) {
    const override = overrides.services?.[name];
    const merged = mergeAndParse(serviceSchema, rawService, override, ['services', name], [...envPath, 'overrides', 'services', name], envName);
    issues.push(...merged.issues);
    if (!merged.data) continue;
    const service: ServiceSpec = merged.data;
    const pin = source?.pins[name];
    if (source) issues.push(...pinIssues({ env: envName, service: name, repository: service.image, pin, file }));
    services.push({ ...service, name, image: pin ?? service.image, repository: safeRepository(service.image) });
  }

  const postgres = raw.postgres === undefined ? undefined : mergeAndParse(postgresSchema, raw.postgres, overrides.postgres, ['postgres'], [...envPath, 'overrides', 'postgres'], envName);
  const redis = raw.redis === undefined ? undefined : mergeAndParse(redisSchema, raw.redis, overrides.redis, ['redis'], [...envPath, 'overrides', 'redis'], envName);
  if (raw.postgres === undefined && overrides.postgres) issues.push({ path: joinPath([...envPath, 'overrides', 'postgres']), message: 'overrides postgres but the spec has none' });
  if (raw.redis === undefined && overrides.redis) issues.push({ path: joinPath([...envPath, 'overrides', 'redis']), message: 'overrides redis but the spec has none' });
  issues.push(...(postgres?.issues ?? []), ...(redis?.issues ?? []));

  if (issues.length > 0 || !source || !spec) return { issues };
  const config: EnvironmentConfig = {
    app: spec.name,
    name: envName,
    tier: env.data.tier ?? defaultTier(envName),
    target: env.data.target,
    secretsFile: file,
    services,
    ...(postgres?.data ? { postgres: postgres.data as PostgresSpec } : {}),
    ...(redis?.data ? { redis: redis.data as RedisSpec } : {}),
    secretNames: Object.keys(source.secrets).sort(),
    ...(spec.terraformCloud ? { terraformCloud: withPrefix(spec.terraformCloud, spec.name) } : {}),
    policy: spec.policy,
  };
  const feasibility = feasibilityIssues(config, source.secrets);
  if (feasibility.length > 0) return { issues: feasibility };
  return { issues, loaded: { config, secrets: source.secrets, warnings: source.warnings ?? [] } };
}

/**
 * Parses base+override. An issue inside what the override set is reported at the override's path;
 * an issue in the base alone is already reported by the base parse, so it is dropped here.
 */
function mergeAndParse<S extends z.ZodType>(
  schema: S,
  rawBase: unknown,
  override: unknown,
  basePath: PropertyKey[],
  overridePath: PropertyKey[],
  envName: string,
): { issues: SpecIssue[]; data?: z.output<S> } {
  const result = schema.safeParse(deepMerge(rawBase, override), { reportInput: true });
  if (result.success) return { issues: [], data: result.data };
  const issues: SpecIssue[] = [];
  for (const issue of result.error.issues) {
    const inOverride =
      override !== undefined && (issue.code === 'unrecognized_keys' ? unknownKeyFromOverride(issue, override) : setByOverride(override, issue.path));
    if (inOverride) issues.push(...fromZodIssues([issue], overridePath));
    else if (override !== undefined && !schema.safeParse(rawBase).success) continue;
    else if (override !== undefined) issues.push(...fromZodIssues([issue], basePath).map((i) => ({ ...i, message: `${i.message} (with the overrides of environment ${envName})` })));
  }
  return { issues };
}

function unknownKeyFromOverride(issue: z.core.$ZodIssue, override: unknown): boolean {
  if (issue.code !== 'unrecognized_keys') return false;
  return issue.keys.some((k) => setByOverride(override, [...issue.path, k]));
}

function safeRepository(image: string): string {
  try {
    return repositoryOf(parseImageRef(image));
  } catch {
    return image;
  }
}

function withPrefix(tfc: TerraformCloudSpec, app: string): TerraformCloudSpec {
  return { ...tfc, workspacePrefix: tfc.workspacePrefix ?? `${app}-` };
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
