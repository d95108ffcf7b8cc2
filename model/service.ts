import type { ServiceConfig } from '../config';
import { parseImageRef, type ImageRef } from '../lib/oci/image-ref';
import type { PostgresModel, RedisModel } from './datastores';
import { HealthCheck, type HealthCheckRole } from './health-check';
import { secretRef, type SecretRef } from './secrets';

/**
 * Where an environment variable's value comes from. Datastore values are composed by each target
 * (host names, endpoints and credentials differ), never written as literals.
 */
export type EnvValue =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'secret'; readonly secret: SecretRef }
  /** postgres://user[:password]@host:port/db?sslmode=...: the password is included where the target can (docker, kubernetes). */
  | { readonly kind: 'postgres-url' }
  | { readonly kind: 'postgres-password' }
  /** redis[s]://:password@host:port */
  | { readonly kind: 'redis-url' };

export interface EnvVar {
  readonly name: string;
  readonly value: EnvValue;
}

export interface ReplicasModel {
  readonly min: number;
  readonly max: number;
  /** Set when min < max. */
  readonly targetCpuPercent?: number;
}

export interface ServiceModel {
  readonly name: string;
  /** Resource name, e.g. acme-prod-web. */
  readonly resourceName: string;
  readonly image: ImageRef;
  readonly port?: number;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Plain, secret and wired variables, sorted by name. */
  readonly env: readonly EnvVar[];
  readonly healthChecks: Readonly<Partial<Record<HealthCheckRole, HealthCheck>>>;
  readonly resources?: { readonly cpu: number; readonly memoryMiB: number; readonly memoryLimitMiB: number };
  readonly replicas: ReplicasModel;
  readonly ingress?: { readonly host: string; readonly path: string };
  readonly rollout: { readonly maxSurgePercent: number; readonly maxUnavailablePercent: number; readonly autoRollback: boolean };
  readonly runAsUser: number;
  readonly uses: readonly ('postgres' | 'redis')[];
  /** Every secret this service reads (its own and the wired datastore credentials it gets as secrets). */
  readonly secrets: readonly SecretRef[];
}

export function buildService(
  s: ServiceConfig,
  resourceName: string,
  stores: { postgres?: PostgresModel; redis?: RedisModel },
): ServiceModel {
  const env: EnvVar[] = Object.entries(s.env).map(([name, value]) => ({ name, value: { kind: 'literal', value } }));
  const secrets: SecretRef[] = s.secretEnv.map(secretRef);
  for (const secret of secrets) env.push({ name: secret.name, value: { kind: 'secret', secret } });
  if (s.port !== undefined) env.push({ name: 'PORT', value: { kind: 'literal', value: String(s.port) } });
  if (s.uses.includes('postgres') && stores.postgres) {
    if (stores.postgres.kind === 'external') {
      env.push({ name: 'DATABASE_URL', value: { kind: 'secret', secret: stores.postgres.url } });
      secrets.push(stores.postgres.url);
    } else {
      env.push({ name: 'DATABASE_URL', value: { kind: 'postgres-url' } });
      env.push({ name: 'PGPASSWORD', value: { kind: 'postgres-password' } });
      if (stores.postgres.password) secrets.push(stores.postgres.password);
    }
  }
  if (s.uses.includes('redis') && stores.redis) {
    if (stores.redis.kind === 'external') {
      env.push({ name: 'REDIS_URL', value: { kind: 'secret', secret: stores.redis.url } });
      secrets.push(stores.redis.url);
    } else {
      env.push({ name: 'REDIS_URL', value: { kind: 'redis-url' } });
      secrets.push(stores.redis.password);
    }
  }
  env.sort((a, b) => a.name.localeCompare(b.name));

  const healthChecks: Partial<Record<HealthCheckRole, HealthCheck>> = {};
  for (const role of ['liveness', 'readiness', 'startup'] as const) {
    const spec = s.healthChecks[role];
    if (spec) healthChecks[role] = HealthCheck.fromSpec(spec, s.port);
  }
  const replicas: ReplicasModel =
    typeof s.replicas === 'number'
      ? { min: s.replicas, max: s.replicas }
      : s.replicas.min === s.replicas.max
        ? { min: s.replicas.min, max: s.replicas.max }
        : { min: s.replicas.min, max: s.replicas.max, targetCpuPercent: s.replicas.targetCpuPercent };

  return {
    name: s.name,
    resourceName,
    image: parseImageRef(s.image),
    ...(s.port !== undefined ? { port: s.port } : {}),
    ...(s.command ? { command: s.command } : {}),
    ...(s.args ? { args: s.args } : {}),
    env,
    healthChecks,
    ...(s.resources
      ? { resources: { cpu: s.resources.cpu, memoryMiB: s.resources.memoryMiB, memoryLimitMiB: s.resources.memoryLimitMiB ?? s.resources.memoryMiB } }
      : {}),
    replicas,
    ...(s.ingress ? { ingress: { host: s.ingress.host, path: s.ingress.path } } : {}),
    rollout: s.rollout,
    runAsUser: s.runAsUser,
    uses: s.uses,
    secrets: dedupeSecrets(secrets),
  };
}

export function dedupeSecrets(secrets: readonly SecretRef[]): SecretRef[] {
  const byName = new Map<string, SecretRef>();
  for (const s of secrets) byName.set(s.name, s);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
