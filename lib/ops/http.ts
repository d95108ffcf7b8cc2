import { type CheckResult, errorMessage, failed, ok } from './checks';
import { redactUrl } from './redact';

/** The part of `fetch` the health check uses (tests pass a fake). */
export type Fetch = (url: string, init: { method: string; redirect: 'manual'; signal: AbortSignal; headers: Record<string, string> }) => Promise<{
  readonly status: number;
  readonly body?: { cancel(): Promise<void> } | null;
}>;

/** `base` + `path` (`https://app.example/api` + `/health` -> `https://app.example/api/health`). */
export function healthUrl(base: string, path: string): string {
  const u = new URL(base);
  const [pathname, query] = path.split('?', 2) as [string, string | undefined];
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${pathname.replace(/^\/+/, '')}`;
  if (query !== undefined) u.search = `?${query}`;
  return u.toString();
}

/**
 * GET `url` without following redirects: 2xx and 3xx are healthy (a redirect means the app answered),
 * anything else, a timeout or a connection error is a failure.
 */
export async function checkHttp(url: string, options: { readonly timeoutMs: number; readonly fetch?: Fetch; readonly now?: () => number }): Promise<CheckResult> {
  const label = `GET ${redactUrl(url)}`;
  const doFetch = options.fetch ?? (globalThis.fetch as unknown as Fetch);
  const now = options.now ?? Date.now;
  const started = now();
  try {
    const res = await doFetch(url, {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: { 'user-agent': 'pinstack-verify', accept: '*/*' },
    });
    // Free the connection: the body is not needed.
    await res.body?.cancel().catch(() => undefined);
    const ms = now() - started;
    if (res.status >= 200 && res.status < 400) return ok(label, `HTTP ${res.status}, ${ms} ms`);
    return failed(label, `HTTP ${res.status} (expected 2xx or 3xx)`);
  } catch (err) {
    const e = err as { name?: string; cause?: unknown };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return failed(label, `no answer within ${options.timeoutMs} ms`);
    // undici: "fetch failed" with the cause (ECONNREFUSED, ...) inside
    const cause = e?.cause ? `: ${errorMessage(e.cause)}` : '';
    return failed(label, `${errorMessage(err)}${cause}`);
  }
}
