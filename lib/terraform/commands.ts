import { terraformEnv } from './env';
import { TerraformError } from './errors';
import { runTerraform } from './process';

/** Options every command takes. */
export interface CommandOptions {
  /** Added to the environment, e.g. the TF_VAR_* of the stack's secrets. Never logged. @default {} */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** The environment to start from (PINSTACK_PROVIDER_MIRROR is read from it). @default process.env */
  readonly baseEnv?: NodeJS.ProcessEnv;
  /** The terraform executable. @default "terraform" */
  readonly bin?: string;
}

export interface InitOptions extends CommandOptions {
  /** Initialise the backend; false for validate-only use (`-backend=false`). @default true */
  readonly backend?: boolean;
  /** Pick newer provider versions within the constraints (`-upgrade`). @default false */
  readonly upgrade?: boolean;
}

export interface PlanOptions extends CommandOptions {
  /** Where terraform writes the binary plan (`-out`), relative to the stack dir or absolute. */
  readonly out: string;
  /** Refresh state against the real infrastructure; false adds `-refresh=false`. @default true */
  readonly refresh?: boolean;
  /** Take the state lock; false adds `-lock=false`. @default true */
  readonly lock?: boolean;
  /** A destroy plan (`-destroy`). @default false */
  readonly destroy?: boolean;
  /** Limit the plan to these addresses (`-target`; with destroy, their dependents go too). */
  readonly targets?: readonly string[];
}

export interface PlanResult {
  /** 0 (no changes) or 2 (changes), from `-detailed-exitcode`. */
  readonly exitCode: 0 | 2;
  readonly changes: boolean;
}

/** A diagnostic of `terraform validate -json`. */
export interface ValidateDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number; readonly column: number } };
}

/** `terraform validate -json`. */
export interface ValidateResult {
  readonly format_version: string;
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly ValidateDiagnostic[];
}

/** `terraform version -json`. */
export interface VersionResult {
  readonly terraform_version: string;
  readonly platform: string;
  readonly provider_selections: Readonly<Record<string, string>>;
  readonly terraform_outdated: boolean;
}

function envOf(opts: CommandOptions): NodeJS.ProcessEnv {
  return { ...terraformEnv(opts.baseEnv ?? process.env), ...(opts.extraEnv ?? {}) };
}

function parseJson<T>(command: string, stdout: string): T {
  try {
    return JSON.parse(stdout) as T;
  } catch (err) {
    throw new TerraformError(command, 0, stdout.slice(0, 500), `${command} printed no JSON (${(err as Error).message})`);
  }
}

/** `terraform init -input=false -no-color` in the stack directory. */
export async function init(stackDir: string, opts: InitOptions = {}): Promise<void> {
  const args = ['init', '-input=false', '-no-color'];
  if (opts.backend === false) args.push('-backend=false');
  if (opts.upgrade) args.push('-upgrade');
  await runTerraform(args, { cwd: stackDir, env: envOf(opts), ...(opts.bin ? { bin: opts.bin } : {}) });
}

/**
 * `terraform validate -json`, parsed. An invalid configuration is a result (`valid: false`, with its
 * diagnostics), not an error; a terraform that cannot run at all (not initialised, no JSON) throws.
 */
export async function validate(stackDir: string, opts: CommandOptions = {}): Promise<ValidateResult> {
  const args = ['validate', '-json', '-no-color'];
  const result = await runTerraform(args, { cwd: stackDir, env: envOf(opts), okExitCodes: [0, 1], ...(opts.bin ? { bin: opts.bin } : {}) });
  const parsed = parseJson<ValidateResult>(`terraform ${args.join(' ')}`, result.stdout);
  if (result.exitCode === 1 && parsed.valid !== false) {
    throw new TerraformError(`terraform ${args.join(' ')}`, 1, result.stderr || result.stdout);
  }
  return parsed;
}

/** `terraform plan -detailed-exitcode -input=false -no-color -out=<out>`: whether the plan has changes. */
export async function plan(stackDir: string, opts: PlanOptions): Promise<PlanResult> {
  const args = ['plan', '-detailed-exitcode', '-input=false', '-no-color', `-out=${opts.out}`];
  if (opts.refresh === false) args.push('-refresh=false');
  if (opts.lock === false) args.push('-lock=false');
  if (opts.destroy) args.push('-destroy');
  for (const t of opts.targets ?? []) args.push(`-target=${t}`);
  const result = await runTerraform(args, { cwd: stackDir, env: envOf(opts), okExitCodes: [0, 2], ...(opts.bin ? { bin: opts.bin } : {}) });
  const exitCode = result.exitCode as 0 | 2;
  return { exitCode, changes: exitCode === 2 };
}

/** A saved plan that terraform refuses because state changed after it was made (or TFC discarded it). */
export function isStalePlanError(err: unknown): boolean {
  return err instanceof TerraformError && /saved plan is stale|plan file can no longer be applied|saved plan.*(discarded|no longer valid)/i.test(err.message);
}

/** `terraform apply -input=false -no-color <planFile>`: applies exactly the saved plan (no new plan, no prompt). */
export async function apply(stackDir: string, opts: CommandOptions & { readonly planFile: string }): Promise<string> {
  const args = ['apply', '-input=false', '-no-color', opts.planFile];
  const result = await runTerraform(args, { cwd: stackDir, env: envOf(opts), ...(opts.bin ? { bin: opts.bin } : {}) });
  return result.stdout;
}

/** `terraform show -json <planFile>`, parsed (the plan representation: configuration, planned_values, resource_changes, …). */
export async function showJson<T = Record<string, unknown>>(stackDir: string, planFile: string, opts: CommandOptions = {}): Promise<T> {
  const args = ['show', '-json', '-no-color', planFile];
  const result = await runTerraform(args, { cwd: stackDir, env: envOf(opts), ...(opts.bin ? { bin: opts.bin } : {}) });
  return parseJson<T>(`terraform ${args.join(' ')}`, result.stdout);
}

/** `terraform version -json`, parsed. */
export async function version(opts: CommandOptions = {}): Promise<VersionResult> {
  const args = ['version', '-json'];
  const result = await runTerraform(args, { env: envOf(opts), ...(opts.bin ? { bin: opts.bin } : {}) });
  return parseJson<VersionResult>(`terraform ${args.join(' ')}`, result.stdout);
}
