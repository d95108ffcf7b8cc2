import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO_ROOT, 'bin', 'pinstack');

function cliEnv(cwd: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1', ...env };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `bin/pinstack` in `cwd` (a temporary project), as a user would: its own process,
 * exit code, stdin and environment. Only the variables given in `env` (plus PATH/HOME) are set, so a
 * developer's SOPS_AGE_KEY never leaks into a test.
 */
export function runCli(args: readonly string[], opts: { cwd: string; env?: Record<string, string>; input?: string; timeoutMs?: number }): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: cliEnv(opts.cwd, opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** As `runCli`, without blocking the test process (for tests that serve HTTP to the CLI themselves). */
export function runCliAsync(args: readonly string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: cliEnv(opts.cwd, opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * A temporary project: `app.ts` holding the given spec as plain data (no imports), and a `secrets/`
 * folder (copied from the example unless `copySecrets` is false). Removed by `cleanup()`.
 */
export function tempProject(spec: unknown, opts: { copySecrets?: boolean } = {}): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-project-'));
  fs.writeFileSync(path.join(dir, 'app.ts'), `export default ${JSON.stringify(spec, null, 2)};\n`);
  fs.mkdirSync(path.join(dir, 'secrets'));
  if (opts.copySecrets !== false) {
    for (const f of fs.readdirSync(path.join(REPO_ROOT, 'secrets'))) fs.copyFileSync(path.join(REPO_ROOT, 'secrets', f), path.join(dir, 'secrets', f));
    fs.copyFileSync(path.join(REPO_ROOT, '.sops.yaml'), path.join(dir, '.sops.yaml'));
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
