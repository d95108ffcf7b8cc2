/**
 * Which environments a change affects (pure, no I/O): the PR workflow plans only those.
 *
 * A change to nothing but environment files (`secrets/<env>.enc.yaml`, or an environment's own
 * `secretsFile`) affects exactly the environments whose file changed. Any other file (app.ts, code,
 * package files, `.sops.yaml`, workflows, ...) can change every stack, so it affects every environment.
 */

/** An environment and the file that holds its pins and secrets, relative to the repository root. */
export interface EnvironmentFileRef {
  readonly name: string;
  /** POSIX path relative to the repository root (as `git diff --name-only` prints it). */
  readonly secretsFile: string;
}

export interface AffectedEnvironments {
  /** Affected environments, in the spec's order. */
  readonly environments: string[];
  /** True when a file other than an environment file changed, so every environment is affected. */
  readonly all: boolean;
  /** The changed files that affect every environment (empty unless `all`). */
  readonly sharedFiles: string[];
  /** Environment -> its changed environment file(s). */
  readonly environmentFiles: Record<string, string[]>;
}

/** `./secrets//dev.enc.yaml` -> `secrets/dev.enc.yaml`; backslashes become slashes. */
export function normalizeRepoPath(p: string): string {
  const parts: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

export function affectedEnvironments(changedFiles: readonly string[], environments: readonly EnvironmentFileRef[]): AffectedEnvironments {
  const owners = new Map<string, string[]>();
  for (const env of environments) {
    const file = normalizeRepoPath(env.secretsFile);
    owners.set(file, [...(owners.get(file) ?? []), env.name]);
  }

  const sharedFiles: string[] = [];
  const environmentFiles: Record<string, string[]> = {};
  for (const changed of [...new Set(changedFiles.map(normalizeRepoPath))].filter((f) => f !== '')) {
    const names = owners.get(changed);
    if (!names) {
      sharedFiles.push(changed);
      continue;
    }
    for (const name of names) environmentFiles[name] = [...(environmentFiles[name] ?? []), changed];
  }

  const all = sharedFiles.length > 0;
  const names = environments.map((e) => e.name);
  return {
    environments: [...new Set(all ? names : names.filter((n) => n in environmentFiles))],
    all,
    sharedFiles,
    environmentFiles,
  };
}

/** One line per reason, for humans (stderr of `pinstack affected`). */
export function describeAffected(result: AffectedEnvironments, limit = 5): string[] {
  if (result.all) {
    const shown = result.sharedFiles.slice(0, limit).join(', ');
    const more = result.sharedFiles.length > limit ? ` (+${result.sharedFiles.length - limit} more)` : '';
    return [`all environments (${result.environments.join(', ')}): ${shown}${more} changed`];
  }
  if (result.environments.length === 0) return ['no environment: nothing changed'];
  return result.environments.map((e) => `${e}: ${(result.environmentFiles[e] ?? []).join(', ')} changed`);
}
