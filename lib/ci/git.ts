import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A git failure: `exitCode` 2 (bad input: an unknown revision, not a repository, no git). */
export class GitError extends Error {
  readonly exitCode = 2;
}

function git(args: readonly string[], cwd: string): string {
  const r = spawnSync('git', [...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) {
    const e = r.error as NodeJS.ErrnoException;
    throw new GitError(e.code === 'ENOENT' ? 'git was not found on PATH' : `git ${args.join(' ')} could not start: ${e.message}`);
  }
  if (r.status !== 0) throw new GitError(`git ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** The top folder of the git work tree that holds `cwd`. */
export function repositoryRoot(cwd: string): string {
  try {
    return git(['rev-parse', '--show-toplevel'], cwd).trim();
  } catch (err) {
    throw new GitError(`${cwd} is not inside a git work tree: ${(err as Error).message}`);
  }
}

/**
 * Files changed on `head` since it left `base` (`git diff base...head`, as a PR shows them): paths relative
 * to the repository root; a rename counts as its old and its new path.
 */
export function changedFiles(base: string, head: string, cwd: string): string[] {
  for (const [option, rev] of [['--base', base], ['--head', head]] as const) {
    if (rev.startsWith('-')) throw new GitError(`${option}: expected a git revision, got ${JSON.stringify(rev)}`);
    try {
      git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd);
    } catch {
      throw new GitError(
        `${option}: unknown git revision ${JSON.stringify(rev)} (fetch it first, e.g. \`git fetch origin main\`; ` +
          'in GitHub Actions check out with `fetch-depth: 0`)',
      );
    }
  }
  try {
    git(['merge-base', base, head], cwd);
  } catch {
    throw new GitError(`--base: ${base} and ${head} have no common ancestor (a shallow clone? check out with \`fetch-depth: 0\`)`);
  }
  const out = git(['diff', '--name-only', '--no-renames', '-z', `${base}...${head}`, '--'], cwd);
  return out.split('\0').filter((f) => f !== '');
}

/** `file` (relative to `projectRoot` or absolute) as a POSIX path relative to `repoRoot`. */
export function repoRelative(repoRoot: string, projectRoot: string, file: string): string {
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const absolute = path.resolve(real(projectRoot), file);
  return path.relative(real(repoRoot), absolute).split(path.sep).join('/');
}
