import { type EnvironmentConfig, isExternal } from '../../config';
import { type CheckResult, skipped } from './checks';
import { checkPostgres } from './postgres';
import { checkRedis } from './redis';

/** Where a datastore's connection URL comes from, for the checks. */
export interface DatastoreTarget {
  readonly store: 'postgres' | 'redis';
  /** The secret that holds the URL. */
  readonly secret: string;
  /** `--database-url-secret` / `--redis-url-secret`, or the spec's `external.urlSecret`. */
  readonly source: 'option' | 'external';
  /** Extensions to check (the spec's `postgres.extensions`; external Postgres declares none). */
  readonly extensions: readonly string[];
}

/** Check a datastore through a URL secret, skip it (its URL is not known, with why), or nothing (the spec has none and none was asked). */
export type DatastorePlan = { readonly kind: 'check'; readonly target: DatastoreTarget } | { readonly kind: 'skip'; readonly store: 'postgres' | 'redis'; readonly reason: string } | undefined;

/**
 * Which datastores' URLs are known: a `--*-url-secret` option wins, else an external datastore's
 * `urlSecret`; a managed datastore's URL only exists after the deploy, so it is skipped with a hint.
 */
export function datastorePlans(config: EnvironmentConfig, options: { databaseUrlSecret?: string; redisUrlSecret?: string }): { postgres: DatastorePlan; redis: DatastorePlan } {
  const pg = config.postgres;
  const redis = config.redis;
  const pgExtensions = pg && !isExternal(pg) ? pg.extensions : [];
  const plan = (store: 'postgres' | 'redis', option: string | undefined, spec: typeof pg | typeof redis, flag: string, extensions: readonly string[]): DatastorePlan => {
    if (option) return { kind: 'check', target: { store, secret: option, source: 'option', extensions } };
    if (!spec) return undefined;
    if (isExternal(spec)) return { kind: 'check', target: { store, secret: spec.external.urlSecret, source: 'external', extensions } };
    return { kind: 'skip', store, reason: `managed by the stack, its URL is not known here; pass ${flag} NAME (a secret holding its URL) to check it` };
  };
  return {
    postgres: plan('postgres', options.databaseUrlSecret, pg, '--database-url-secret', pgExtensions),
    redis: plan('redis', options.redisUrlSecret, redis, '--redis-url-secret', []),
  };
}

/**
 * Runs the check a plan asks for with the URL from `secrets` (skipped when the secret is missing or empty:
 * its secret check already failed). `withExtensions: false` checks the connection only (verify rounds).
 */
export async function checkDatastore(
  plan: DatastorePlan,
  secrets: Readonly<Record<string, string>>,
  options: { readonly timeoutMs: number; readonly withExtensions?: boolean },
): Promise<CheckResult[]> {
  if (!plan) return [];
  if (plan.kind === 'skip') return [skipped(plan.store, plan.reason)];
  const { store, secret, extensions } = plan.target;
  const url = secrets[secret];
  if (url === undefined || url.trim() === '') return [skipped(store, `no URL: secret ${secret} is ${url === undefined ? 'missing' : 'empty'}`)];
  if (store === 'redis') return [await checkRedis(url, { timeoutMs: options.timeoutMs })];
  return checkPostgres(url, { timeoutMs: options.timeoutMs, extensions: options.withExtensions === false ? [] : extensions });
}
