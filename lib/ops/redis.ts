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
      commandTimeout: options.timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      enableOfflineQueue: false,
      connectionName: 'pinstack',
    });
  } catch (err) {
    return failed(label, errorMessage(err));
  }
  // ioredis reports the real cause (WRONGPASS, ECONNREFUSED, ...) as an 'error' event and rejects connect()
  // with "Connection is closed.": keep the cause.
  client.on('error', (err) => {
    lastError = err;
  });
  try {
    await client.connect();
    const reply = await client.ping();
    if (reply !== 'PONG') return failed(label, `PING answered ${JSON.stringify(reply)}, expected "PONG"`);
    return ok(label, `PONG, ${Date.now() - started} ms`);
  } catch (err) {
    return failed(label, errorMessage(lastError ?? err));
  } finally {
    client.disconnect();
  }
}

/** ioredis, loaded on first use (it costs every other command ~50 ms of start-up). */
async function loadRedis(): Promise<typeof Redis> {
  const mod = await import('ioredis');
  return ((mod as unknown as { default?: typeof Redis }).default ?? (mod as unknown as typeof Redis));
}
