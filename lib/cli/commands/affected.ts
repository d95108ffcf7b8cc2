import type { Command } from 'commander';
import * as path from 'node:path';
import { secretsFileOf } from '../../../config';
import { affectedEnvironments, describeAffected, type EnvironmentFileRef } from '../../ci/affected';
import { changedFiles, repositoryRoot, repoRelative } from '../../ci/git';
import { UsageError } from '../errors';

interface AffectedOptions {
  base: string;
  head: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('affected')
    .description(
      'The environments a change affects (git diff <base>...<head>): only environment files changed -> those environments; ' +
        'any other file -> every environment. Prints one environment per line (or JSON); the reasons go to stderr.',
    )
    .requiredOption('--base <ref>', 'the revision the change starts from, e.g. origin/main')
    .option('--head <ref>', 'the revision with the change', 'HEAD')
    .option('--json', 'print {base, head, environments, all, files, sharedFiles, environmentFiles} as JSON')
    .addHelpText('after', '\nExit codes: 0 success (also when no environment is affected), 2 bad usage (unknown revision, not a git work tree, no app spec).')
    .action((opts: AffectedOptions) => {
      const root = process.cwd();
      const environments = environmentFiles(root);
      const repoRoot = repositoryRoot(root);
      const files = changedFiles(opts.base, opts.head, root);
      const refs = environments.map((e) => ({ name: e.name, secretsFile: repoRelative(repoRoot, root, e.secretsFile) }));
      const result = affectedEnvironments(files, refs);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ base: opts.base, head: opts.head, ...result, files }, null, 2)}\n`);
      } else if (result.environments.length > 0) {
        process.stdout.write(`${result.environments.join('\n')}\n`);
      }
      for (const line of describeAffected(result)) process.stderr.write(`${line}\n`);
    });
}

/**
 * Environment names and files from the app spec (`$PINSTACK_APP` or `app.ts`), read without validating it
 * or decrypting anything: a PR whose spec fails validation still gets an answer (every environment, since app.ts
 * changed); `pinstack check` reports the spec errors.
 */
function environmentFiles(root: string): EnvironmentFileRef[] {
  const appFile = path.resolve(root, process.env.PINSTACK_APP ?? 'app.ts');
  let mod: unknown;
  try {
    mod = require(appFile);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(appFile)) throw new UsageError(`no app spec at ${appFile} (set PINSTACK_APP or run from the project root)`);
    throw new UsageError(`${appFile} could not be loaded: ${e.message}`);
  }
  const spec = mod && typeof mod === 'object' && 'default' in mod ? (mod as { default: unknown }).default : mod;
  const envs = spec && typeof spec === 'object' ? (spec as { environments?: unknown }).environments : undefined;
  if (!envs || typeof envs !== 'object' || Array.isArray(envs) || Object.keys(envs).length === 0) {
    throw new UsageError(`${appFile}: environments: expected an object with at least one environment, got ${JSON.stringify(envs)}`);
  }
  return Object.entries(envs as Record<string, unknown>).map(([name, env]) => {
    const file = env && typeof env === 'object' ? (env as { secretsFile?: unknown }).secretsFile : undefined;
    return { name, secretsFile: secretsFileOf(name, { secretsFile: typeof file === 'string' ? file : undefined }) };
  });
}
