import type Redis from 'ioredis';
import { type CheckResult, errorMessage, failed, ok } from './checks';
import { redactUrl } from './redact';

/**
 * Connects to `url` (`redis://` or TLS `rediss://`, authenticating with the URL's user and password), sends
 * `PING` and expects `PONG`. No retries, no offline queue: one attempt within `timeoutMs`. The message shows
 * the URL without its password.
 */
export async function checkRedis(url: string, options: { readonly timeoutMs: number }): Promise<CheckResult> {
  const label = `redis PING ${redactUrl(url)}`;
  const started = Date.now();
  let lastError: unknown;
  let client: Redis;
  try {
    const RedisClient = await loadRedis();
    client = new RedisClient(url, {
      lazyConnect: true,
      connectTimeout: options.timeoutMs,
      // Not ioredis' commandTimeout: its timers for the handshake commands are never cleared and would keep
      // the process alive for timeoutMs after the check; the whole exchange is bounded below instead.
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      enableOfflineQueue: false,
    });
  } catch (err) {
    return failed(label, errorMessage(err));
  }
  // ioredis reports the real cause (WRONGPASS, ECONNREFUSED, ...) as an 'error' event and rejects connect()
  // with "Connection is closed.": keep the cause.
  client.on('error', (err) => {
    lastError = err;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
  });
  try {
    const reply = await Promise.race([client.connect().then(() => client.ping()), timeout]);
    if (reply !== 'PONG') return failed(label, `PING answered ${JSON.stringify(reply)}, expected "PONG"`);
    return ok(label, `PONG, ${Date.now() - started} ms`);
  } catch (err) {
    return failed(label, errorMessage(lastError ?? err));
  } finally {
    clearTimeout(timer);
    // disconnect() on a connection that is already closed arms a 2 s timer that nothing clears.
    if (client.status !== 'end') client.disconnect();
  }
}

/** ioredis, loaded on first use (it costs every other command ~50 ms of start-up). */
async function loadRedis(): Promise<typeof Redis> {
  const mod = await import('ioredis');
  return ((mod as unknown as { default?: typeof Redis }).default ?? (mod as unknown as typeof Redis));
}
