import { type EnvironmentConfig, isExternal, POSTGRES_PASSWORD_SECRET, PRELOAD_EXTENSIONS, REDIS_PASSWORD_SECRET } from '../config';
import { resourceName } from './naming';
import { secretRef, type SecretRef } from './secrets';

/** An existing datastore: the services get its URL from a secret. */
export interface ExternalDatastoreModel {
  readonly kind: 'external';
  readonly url: SecretRef;
}

export interface ManagedPostgresModel {
  readonly kind: 'managed';
  /** Resource name, e.g. acme-prod-postgres; also the in-network host name on docker and kubernetes. */
  readonly name: string;
  readonly version: string;
  readonly major: string;
  readonly port: 5432;
  readonly storageGiB: number;
  readonly instanceClass: string;
  readonly backupRetentionDays: number;
  readonly highAvailability: boolean;
  readonly deletionProtection: boolean;
  readonly extensions: readonly string[];
  /** Extensions among `extensions` that need shared_preload_libraries. */
  readonly preloadLibraries: readonly string[];
  readonly tls: boolean;
  readonly database: string;
  readonly username: string;
  /** Container image (docker and kubernetes targets). */
  readonly image: string;
  /** The password secret on docker and kubernetes; absent on aws, where RDS manages and rotates it. */
  readonly password?: SecretRef;
}

export interface ManagedRedisModel {
  readonly kind: 'managed';
  readonly name: string;
  readonly version: string;
  readonly port: 6379;
  readonly memoryMiB: number;
  readonly nodeType: string;
  readonly persistence: boolean;
  readonly tls: boolean;
  readonly highAvailability: boolean;
  readonly image: string;
  /** AUTH password (ElastiCache auth token on aws). */
  readonly password: SecretRef;
}

export type PostgresModel = ManagedPostgresModel | ExternalDatastoreModel;
export type RedisModel = ManagedRedisModel | ExternalDatastoreModel;

/** Kubernetes StatefulSet pod names add a revision hash: keep datastore names well under 63. */
const DATASTORE_NAME_MAX = 40;

/** Docker Hub tags for ElastiCache-style versions: ElastiCache 7.1 is built on Redis OSS 7.0. */
const REDIS_IMAGE_TAG: Readonly<Record<string, string>> = { '7.1': '7.0' };

export function buildPostgres(config: EnvironmentConfig): PostgresModel | undefined {
  const pg = config.postgres;
  if (!pg) return undefined;
  if (isExternal(pg)) return { kind: 'external', url: secretRef(pg.external.urlSecret) };
  const preload = new Set<string>(PRELOAD_EXTENSIONS);
  return {
    kind: 'managed',
    name: resourceName([config.app, config.name, 'postgres'], DATASTORE_NAME_MAX),
    version: pg.version,
    major: pg.version.split('.')[0]!,
    port: 5432,
    storageGiB: pg.storageGiB,
    instanceClass: pg.instanceClass,
    backupRetentionDays: pg.backups.retentionDays,
    highAvailability: pg.highAvailability,
    deletionProtection: pg.deletionProtection,
    extensions: pg.extensions,
    preloadLibraries: pg.extensions.filter((e) => preload.has(e)),
    tls: pg.tls,
    database: pg.database,
    username: pg.username,
    image: pg.image ?? `docker.io/library/postgres:${pg.version}`,
    ...(config.target.kind === 'aws' ? {} : { password: secretRef(POSTGRES_PASSWORD_SECRET) }),
  };
}

export function buildRedis(config: EnvironmentConfig): RedisModel | undefined {
  const r = config.redis;
  if (!r) return undefined;
  if (isExternal(r)) return { kind: 'external', url: secretRef(r.external.urlSecret) };
  return {
    kind: 'managed',
    name: resourceName([config.app, config.name, 'redis'], DATASTORE_NAME_MAX),
    version: r.version,
    port: 6379,
    memoryMiB: r.memoryMiB,
    nodeType: r.nodeType,
    persistence: r.persistence,
    tls: r.tls,
    highAvailability: r.highAvailability,
    image: r.image ?? `docker.io/library/redis:${REDIS_IMAGE_TAG[r.version] ?? r.version}`,
    password: secretRef(REDIS_PASSWORD_SECRET),
  };
}
