/**
 * What each target can provide, so that asking for something it cannot do is a validation error
 * (with the alternatives) instead of an apply error.
 */

/** PostgreSQL contrib modules: in the official image and on RDS. */
export const CONTRIB_EXTENSIONS = [
  'amcheck', 'autoinc', 'bloom', 'btree_gin', 'btree_gist', 'citext', 'cube', 'dblink', 'dict_int', 'dict_xsyn',
  'earthdistance', 'fuzzystrmatch', 'hstore', 'insert_username', 'intagg', 'intarray', 'isn', 'lo', 'ltree',
  'moddatetime', 'pageinspect', 'pg_buffercache', 'pg_freespacemap', 'pg_prewarm', 'pg_stat_statements', 'pg_trgm',
  'pg_visibility', 'pgcrypto', 'pgrowlocks', 'pgstattuple', 'plpgsql', 'postgres_fdw', 'refint', 'seg', 'sslinfo',
  'tablefunc', 'tcn', 'tsm_system_rows', 'tsm_system_time', 'unaccent', 'uuid-ossp',
] as const;

/** Extensions RDS for PostgreSQL offers beyond contrib (AWS "Extension versions for Amazon RDS for PostgreSQL"). */
export const RDS_EXTRA_EXTENSIONS = [
  'address_standardizer', 'address_standardizer_data_us', 'aws_commons', 'aws_lambda', 'aws_s3', 'h3', 'h3_postgis',
  'hll', 'ip4r', 'orafce', 'pg_bigm', 'pg_cron', 'pg_hint_plan', 'pg_partman', 'pg_repack', 'pg_similarity', 'pg_tle',
  'pgaudit', 'pglogical', 'pgrouting', 'pgtap', 'plperl', 'plrust', 'postgis', 'postgis_raster', 'postgis_tiger_geocoder',
  'postgis_topology', 'prefix', 'rdkit', 'tds_fdw', 'vector',
] as const;

/** Need shared_preload_libraries (set through the RDS parameter group, or the server command line). */
export const PRELOAD_EXTENSIONS = ['pg_cron', 'pg_stat_statements', 'pgaudit', 'pg_hint_plan', 'pglogical'] as const;

export type PostgresPlatform = 'rds' | 'official-image' | 'custom-image';

/** Extensions a platform cannot provide, or undefined when every one is available. */
export function unavailableExtensions(platform: PostgresPlatform, extensions: readonly string[]): string[] {
  if (platform === 'custom-image') return [];
  const available = new Set<string>(platform === 'rds' ? [...CONTRIB_EXTENSIONS, ...RDS_EXTRA_EXTENSIONS] : CONTRIB_EXTENSIONS);
  return extensions.filter((e) => !available.has(e));
}

/** RDS for PostgreSQL major versions pinstack renders. */
export const RDS_POSTGRES_MAJORS = ['13', '14', '15', '16', '17'] as const;
/** ElastiCache for Redis OSS engine versions. */
export const ELASTICACHE_REDIS_VERSIONS = ['6.2', '7.0', '7.1'] as const;

/** ECS container health check bounds (AWS ECS HealthCheck API reference). */
export const ECS_HEALTH_CHECK = { intervalSeconds: [5, 300], timeoutSeconds: [2, 60], retries: [1, 10], startPeriodSeconds: [0, 300] } as const;
/** ALB target group health check bounds (retries become the unhealthy threshold). */
export const ALB_HEALTH_CHECK = { intervalSeconds: [5, 300], timeoutSeconds: [2, 120], retries: [2, 10] } as const;

/** Fargate task sizes: vCPU -> allowed memory (MiB). */
export const FARGATE_SIZES: ReadonlyArray<{ cpu: number; memoryMiB: readonly number[] }> = [
  { cpu: 0.25, memoryMiB: [512, 1024, 2048] },
  { cpu: 0.5, memoryMiB: range(1024, 4096, 1024) },
  { cpu: 1, memoryMiB: range(2048, 8192, 1024) },
  { cpu: 2, memoryMiB: range(4096, 16384, 1024) },
  { cpu: 4, memoryMiB: range(8192, 30720, 1024) },
  { cpu: 8, memoryMiB: range(16384, 61440, 4096) },
  { cpu: 16, memoryMiB: range(32768, 122880, 8192) },
];

/** The smallest Fargate task size that holds the request (cpu vCPU, memory MiB). */
export function fargateTaskSize(cpu: number, memoryMiB: number): { cpuUnits: number; memoryMiB: number } | undefined {
  for (const size of FARGATE_SIZES) {
    if (size.cpu < cpu) continue;
    const memory = size.memoryMiB.find((m) => m >= memoryMiB);
    if (memory !== undefined) return { cpuUnits: Math.round(size.cpu * 1024), memoryMiB: memory };
  }
  return undefined;
}

/** Characters ElastiCache accepts in an AUTH token (printable ASCII except space, ", /, @), 16-128 long. */
export function elasticacheAuthTokenProblem(token: string): string | undefined {
  if (token.length < 16 || token.length > 128) return `must be 16 to 128 characters for ElastiCache AUTH, got ${token.length}`;
  if (!/^[\x21-\x7e]+$/.test(token) || /["/@]/.test(token)) return 'must be printable ASCII without space, ", / or @ for ElastiCache AUTH';
  return undefined;
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}
