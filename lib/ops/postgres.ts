import type { Client } from 'pg';
import { type CheckResult, errorMessage, failed, ok, skipped } from './checks';
import { redactUrl } from './redact';

export interface PostgresCheckOptions {
  /** Connect and query timeout. */
  readonly timeoutMs: number;
  /** Extensions that must be installed in the database or available on the server. @default [] */
  readonly extensions?: readonly string[];
}

/**
 * Connects to `url` (TLS as its `sslmode` / `ssl` parameters say, as node-postgres reads them), runs
 * `SELECT 1`, then checks each extension against `pg_available_extensions` (installed in this database, or
 * available to `CREATE EXTENSION`). One result for the connection, one per extension (skipped when the
 * connection failed). Messages show the URL without its password.
 */
export async function checkPostgres(url: string, options: PostgresCheckOptions): Promise<CheckResult[]> {
  const label = `postgres SELECT 1 ${redactUrl(url)}`;
  const extensions = options.extensions ?? [];
  const started = Date.now();
  let client: Client;
  try {
    const PgClient = await loadClient();
    client = new PgClient({
      connectionString: url,
      connectionTimeoutMillis: options.timeoutMs,
      query_timeout: options.timeoutMs,
      application_name: 'pinstack',
    });
  } catch (err) {
    // e.g. an unreadable sslrootcert file or a malformed URL
    return [failed(label, errorMessage(err)), ...extensions.map((e) => skipped(`postgres extension ${e}`, 'no connection'))];
  }
  // A connection dropped after connect emits 'error'; without a listener it would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const one = await client.query<{ one: number }>('SELECT 1 AS one');
    if (one.rows[0]?.one !== 1) throw new Error(`SELECT 1 returned ${JSON.stringify(one.rows)}`);
    const results: CheckResult[] = [ok(label, `${Date.now() - started} ms`)];
    if (extensions.length > 0) {
      const found = await client.query<{ name: string; installed_version: string | null; default_version: string | null }>(
        'SELECT name, installed_version, default_version FROM pg_available_extensions WHERE name = ANY($1::text[])',
        [[...extensions]],
      );
      const byName = new Map(found.rows.map((r) => [r.name, r]));
      for (const name of extensions) {
        const row = byName.get(name);
        const what = `postgres extension ${name}`;
        if (!row) results.push(failed(what, 'not installed and not available on the server (not in pg_available_extensions)'));
        else if (row.installed_version) results.push(ok(what, `installed, ${row.installed_version}`));
        else results.push(ok(what, `available, ${row.default_version ?? 'default version'}; not yet created in this database (CREATE EXTENSION "${name}")`));
      }
    }
    return results;
  } catch (err) {
    return [failed(label, errorMessage(err)), ...extensions.map((e) => skipped(`postgres extension ${e}`, 'no connection'))];
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** node-postgres, loaded on first use (it costs every other command ~60 ms of start-up). */
async function loadClient(): Promise<typeof Client> {
  const pg = await import('pg');
  return (pg as unknown as { default?: typeof pg }).default?.Client ?? pg.Client;
}
