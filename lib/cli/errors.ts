/**
 * Errors the CLI turns into exit codes. Anything else is a bug and exits 70 with a stack trace.
 *
 * - `UsageError` (exit 2): bad arguments or unreadable input (a missing file, a tampered SOPS file, a spec error).
 * - `BlockedError` (exit 1): the command ran and found something that must stop the change
 *   (a blocking policy finding, a plan that differs from the reviewed one).
 */
export class UsageError extends Error {
  readonly exitCode = 2;
}

export class BlockedError extends Error {
  readonly exitCode = 1;
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError || err instanceof BlockedError) return err.exitCode;
  if (err && typeof err === 'object' && 'exitCode' in err && typeof (err as { exitCode: unknown }).exitCode === 'number') {
    return (err as { exitCode: number }).exitCode;
  }
  return 70;
}
