import { spawn } from 'node:child_process';
import { TerraformError } from './errors';

export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Exit codes that are not failures. @default [0] */
  readonly okExitCodes?: readonly number[];
  /** The terraform executable. @default "terraform" (from PATH) */
  readonly bin?: string;
}

const TAIL_LINES = 30;
const TAIL_CHARS = 4000;

/** The last lines of a process output, for error messages. */
export function tail(text: string): string {
  const lines = text.trimEnd().split('\n');
  const last = lines.slice(-TAIL_LINES).join('\n');
  return last.length > TAIL_CHARS ? `…${last.slice(-TAIL_CHARS)}` : last;
}

/**
 * Runs terraform with an argument array (no shell), capturing stdout and stderr. Resolves with the result
 * when the exit code is one of `okExitCodes`; rejects with a TerraformError (command, exit code, output
 * tail) otherwise. The environment is never logged or put in the error.
 */
export function runTerraform(args: readonly string[], options: RunOptions): Promise<RunResult> {
  const bin = options.bin ?? 'terraform';
  const command = [bin, ...args].join(' ');
  const ok = options.okExitCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? `${bin} was not found on PATH (install Terraform >= 1.6)` : e.message;
      reject(new TerraformError(command, undefined, '', `${command} could not start: ${why}`));
    });
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== null && ok.includes(code)) {
        resolve({ exitCode: code, stdout, stderr });
        return;
      }
      const outputTail = tail(stderr.trim() !== '' ? stderr : stdout);
      const message = signal ? `${command} was killed by ${signal}` : undefined;
      reject(new TerraformError(command, code ?? undefined, outputTail, message));
    });
  });
}
