/**
 * The result of one pre-flight or health check, printed as one line: `<name>: ok`, `<name>: FAILED: <reason>`
 * or `<name>: skipped (<why>)`. Names and details never hold a secret value or a URL's password.
 */
export type CheckStatus = 'ok' | 'failed' | 'skipped';

export interface CheckResult {
  /** What was checked, e.g. `secret SESSION_SECRET` or `redis PING redis://:***@cache:6379`. */
  readonly name: string;
  readonly status: CheckStatus;
  /** The reason for `failed` and `skipped`; extra facts for `ok` (e.g. `HTTP 200, 12 ms`). */
  readonly detail?: string;
}

export const ok = (name: string, detail?: string): CheckResult => ({ name, status: 'ok', ...(detail ? { detail } : {}) });
export const failed = (name: string, detail: string): CheckResult => ({ name, status: 'failed', detail });
export const skipped = (name: string, detail: string): CheckResult => ({ name, status: 'skipped', detail });

export function formatCheck(c: CheckResult): string {
  switch (c.status) {
    case 'ok':
      return `${c.name}: ok${c.detail ? ` (${c.detail})` : ''}`;
    case 'failed':
      return `${c.name}: FAILED: ${c.detail ?? 'no reason given'}`;
    case 'skipped':
      return `${c.name}: skipped${c.detail ? ` (${c.detail})` : ''}`;
  }
}

export function anyFailed(checks: readonly CheckResult[]): boolean {
  return checks.some((c) => c.status === 'failed');
}

/** The message of a thrown value, on one line (driver errors can span several). */
export function errorMessage(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown; errors?: unknown };
  // AggregateError (e.g. ECONNREFUSED on both ::1 and 127.0.0.1) has an empty message: use its parts.
  if (err instanceof AggregateError && (!e.message || e.message === '') && err.errors.length > 0) return errorMessage(err.errors[0]);
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : typeof e?.code === 'string' ? e.code : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
