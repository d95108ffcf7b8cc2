import { z } from 'zod';
import { keyedUnion } from './keyed-union';
import { envVarName } from './names';
import { pinnedImage } from './service';

/** An existing datastore outside pinstack, given by a secret URL in the environment's file. */
const externalSchema = z.strictObject({
  external: z.strictObject({
    /** Name of the secret (in the environment's file) that holds the connection URL. */
    urlSecret: envVarName,
  }),
});

const managedPostgresSchema = z.strictObject({
  /** Major (`16`) or major.minor (`16.4`). @default "16" */
  version: z.string().regex(/^(1[3-8])(\.[0-9]+)?$/, 'expected a PostgreSQL version 13 to 18, as "16" or "16.4"').default('16'),
  /** Allocated storage, GiB. @default 20 */
  storageGiB: z.number().int().min(20).max(65536).default(20),
  /** AWS instance class. @default "db.t4g.micro" */
  instanceClass: z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, 'expected an RDS instance class such as db.t4g.micro').default('db.t4g.micro'),
  backups: z.strictObject({
    /** Days of automated backups; 0 disables them. @default 7 */
    retentionDays: z.number().int().min(0).max(35).default(7),
  }).default({ retentionDays: 7 }),
  /** A standby in another zone (AWS Multi-AZ). @default false */
  highAvailability: z.boolean().default(false),
  /** Refuse deletion of the database (and keep a final snapshot). @default true */
  deletionProtection: z.boolean().default(true),
  /** Extensions the app needs; checked against what the target can provide. @default [] */
  extensions: z.array(z.string().regex(/^[a-z0-9_-]+$/, 'expected an extension name such as pg_trgm')).default([]),
  /** Require TLS from clients. @default true */
  tls: z.boolean().default(true),
  /** @default "app" */
  database: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lowercase SQL identifier').default('app'),
  /** @default "app" */
  username: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lowercase SQL identifier').default('app'),
  /** Container image for the docker and kubernetes targets. @default docker.io/library/postgres:<version> */
  image: pinnedImage.optional(),
});

const managedRedisSchema = z.strictObject({
  /** @default "7.1" */
  version: z.string().regex(/^[67]\.[0-9]$/, 'expected a Redis version such as 7.1').default('7.1'),
  /** maxmemory for the docker and kubernetes targets, MiB. @default 256 */
  memoryMiB: z.number().int().min(32).max(1048576).default(256),
  /** AWS node type. @default "cache.t4g.micro" */
  nodeType: z.string().regex(/^cache\.[a-z0-9-]+\.[a-z0-9]+$/, 'expected an ElastiCache node type such as cache.t4g.micro').default('cache.t4g.micro'),
  /** Keep data across restarts (AOF on a volume; snapshots on AWS). @default false */
  persistence: z.boolean().default(false),
  /** TLS for clients. @default true */
  tls: z.boolean().default(true),
  /** A replica with automatic failover (AWS only). @default false */
  highAvailability: z.boolean().default(false),
  /** Container image for the docker and kubernetes targets. @default docker.io/library/redis:<version> */
  image: pinnedImage.optional(),
});

export const postgresSchema = keyedUnion('external', externalSchema, managedPostgresSchema);
export const redisSchema = keyedUnion('external', externalSchema, managedRedisSchema);

export type ExternalDatastoreSpec = z.output<typeof externalSchema>;
export type ManagedPostgresSpec = z.output<typeof managedPostgresSchema>;
export type ManagedRedisSpec = z.output<typeof managedRedisSchema>;
export type PostgresSpec = z.output<typeof postgresSchema>;
export type RedisSpec = z.output<typeof redisSchema>;
export type PostgresInput = z.input<typeof postgresSchema>;
export type RedisInput = z.input<typeof redisSchema>;

export function isExternal(spec: PostgresSpec | RedisSpec): spec is ExternalDatastoreSpec {
  return 'external' in spec;
}
