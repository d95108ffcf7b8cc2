import * as path from 'node:path';
import { type AppSpec, type EnvironmentSource, loadEnvironments, type LoadedEnvironment, parseSpec } from '../../config';
import { buildModel, type EnvironmentModel } from '../../model';
import { demoRecipientWarning, readEnvironmentFile } from '../envfile';
import { rememberSecrets } from './known-secrets';

export interface ProjectOptions {
  /** Project root (holds app.ts and secrets/). @default process.cwd() */
  readonly root?: string;
  /** The app spec module. @default $PINSTACK_APP or <root>/app.ts */
  readonly appFile?: string;
  /** Environments to load; all when omitted. */
  readonly only?: readonly string[];
  /** Process environment (identities, PINSTACK_OFFLINE). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ProjectEnvironment extends LoadedEnvironment {
  readonly model: EnvironmentModel;
  /** Age recipients the environment's file is encrypted to. */
  readonly recipients: readonly string[];
  /** Earlier pins per service, most recent first. */
  readonly history: Readonly<Record<string, readonly string[]>>;
}

export interface Project {
  readonly root: string;
  readonly appFile: string;
  readonly spec: unknown;
  readonly environments: readonly ProjectEnvironment[];
  /** PINSTACK_OFFLINE=1: local backend and a plannable AWS provider with no network. */
  readonly offline: boolean;
  readonly warnings: readonly string[];
}

/**
 * app.ts + every environment's encrypted file (decrypted in memory, MAC-checked) -> validated configs and
 * models. The one place (with the CLI) that reads process.env and the filesystem.
 */
export async function loadProject(options: ProjectOptions = {}): Promise<Project> {
  const env = options.env ?? process.env;
  const { root, appFile } = projectPaths(options);
  const spec = withTerraformCloudFromEnv(loadSpecModule(appFile), env);
  const offline = env.PINSTACK_OFFLINE === '1' || env.PINSTACK_OFFLINE === 'true';

  const recipientsByFile = new Map<string, string[]>();
  const historyByFile = new Map<string, Record<string, string[]>>();
  const read = async (file: string): Promise<EnvironmentSource> => {
    const f = await readEnvironmentFile(path.resolve(root, file), { env });
    recipientsByFile.set(file, f.recipients);
    historyByFile.set(file, f.history);
    rememberSecrets(f.secrets);
    return { path: file, pins: f.pins, secrets: f.secrets, warnings: f.warnings };
  };
  const loaded = await loadEnvironments(spec, read, options.only ? { only: options.only } : {});

  const warnings: string[] = [];
  const environments = loaded.map((l) => {
    const recipients = recipientsByFile.get(l.config.secretsFile) ?? [];
    warnings.push(...l.warnings, ...demoRecipientWarning({ name: l.config.name, tier: l.config.tier, file: l.config.secretsFile }, recipients));
    return { ...l, recipients, history: historyByFile.get(l.config.secretsFile) ?? {}, model: buildModel(l.config, { localBackend: offline }) };
  });
  return { root, appFile, spec, environments, offline, warnings: [...new Set(warnings)] };
}


/**
 * PINSTACK_TFC_ORGANIZATION (with optional PINSTACK_TFC_HOSTNAME and PINSTACK_TFC_WORKSPACE_PREFIX) configures
 * the Terraform Cloud backend without editing app.ts (CI sets them from repository variables); they win over
 * the spec's `terraformCloud`.
 */
export function withTerraformCloudFromEnv(spec: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  const organization = env.PINSTACK_TFC_ORGANIZATION?.trim();
  if (!organization || spec === null || typeof spec !== 'object') return spec;
  const current = (spec as { terraformCloud?: Record<string, unknown> }).terraformCloud ?? {};
  const hostname = env.PINSTACK_TFC_HOSTNAME?.trim();
  const workspacePrefix = env.PINSTACK_TFC_WORKSPACE_PREFIX;
  return {
    ...spec,
    terraformCloud: { ...current, organization, ...(hostname ? { hostname } : {}), ...(workspacePrefix !== undefined ? { workspacePrefix } : {}) },
  };
}

function projectPaths(options: ProjectOptions): { root: string; appFile: string } {
  const env = options.env ?? process.env;
  const root = path.resolve(options.root ?? process.cwd());
  return { root, appFile: path.resolve(root, options.appFile ?? env.PINSTACK_APP ?? 'app.ts') };
}

/** The validated app spec alone (no environment files, no keys needed): for commands that only need names. */
export function loadSpec(options: Omit<ProjectOptions, 'only'> = {}): { spec: AppSpec; root: string; appFile: string } {
  const { root, appFile } = projectPaths(options);
  return { spec: parseSpec(withTerraformCloudFromEnv(loadSpecModule(appFile), options.env ?? process.env)), root, appFile };
}

function loadSpecModule(file: string): unknown {
  let mod: { default?: unknown } | undefined;
  try {
    mod = require(file) as { default?: unknown };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(file)) throw Object.assign(new Error(`no app spec at ${file} (set PINSTACK_APP or run from the project root)`), { exitCode: 2 });
    throw err;
  }
  return mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod;
}
