import { type EnvironmentConfig, isExternal } from '../../config';

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

/** Why a datastore is not checked (its URL is not known), or undefined when the spec has none and none was asked. */
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
