import {
  ALB_HEALTH_CHECK,
  ECS_HEALTH_CHECK,
  ELASTICACHE_REDIS_VERSIONS,
  elasticacheAuthTokenProblem,
  fargateTaskSize,
  RDS_POSTGRES_MAJORS,
  unavailableExtensions,
} from './capabilities';
import type { EnvironmentConfig, ServiceConfig } from './environment-config';
import type { SpecIssue } from './errors';
import { isExternal } from './schema/datastores';
import type { ProbeSpec } from './schema/health-check';

/** Secret names the datastores read their credentials from. */
export const POSTGRES_PASSWORD_SECRET = 'POSTGRES_PASSWORD';
export const REDIS_PASSWORD_SECRET = 'REDIS_PASSWORD';

/**
 * What the environment's target cannot do with this config, and which secrets are missing from its file.
 * Each issue names the field, the environment and the target.
 */
export function feasibilityIssues(config: EnvironmentConfig, secrets: Readonly<Record<string, string>>): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const kind = config.target.kind;
  const at = (path: string, message: string, missingSecret?: string) =>
    issues.push({
      path: `environments.${config.name}: ${path}`,
      message: `${message} (target ${kind})`,
      ...(missingSecret ? { missingSecret: { name: missingSecret, file: config.secretsFile } } : {}),
    });

  for (const s of config.services) {
    if (kind === 'aws') {
      // The startup check becomes the ECS start period and grace period, not a container check.
      for (const [probeKind, probe] of probes(s)) if (probeKind !== 'startup') checkBounds(probe, ECS_HEALTH_CHECK, `services.${s.name}.healthChecks.${probeKind}`, 'ECS container health checks', at);
    }
    if (kind === 'aws' && s.ingress) {
      const lb = s.healthChecks.readiness ?? s.healthChecks.liveness;
      if (lb && lb.type !== 'http') {
        at(`services.${s.name}.healthChecks.readiness`, `a public service behind the load balancer needs an http readiness check (the target group checks a path), got type ${lb.type}`);
      } else if (lb) {
        checkBounds(lb, ALB_HEALTH_CHECK, `services.${s.name}.healthChecks.readiness`, 'ALB target group health checks', at);
      }
    }
    if (kind === 'aws' && s.resources) {
      const limit = s.resources.memoryLimitMiB ?? s.resources.memoryMiB;
      if (!fargateTaskSize(s.resources.cpu, limit)) at(`services.${s.name}.resources`, `no Fargate task size holds ${s.resources.cpu} vCPU and ${limit} MiB`);
    }
    if (kind !== 'docker' && typeof s.replicas !== 'number' && s.replicas.min !== s.replicas.max && !s.resources) {
      at(`services.${s.name}.resources`, 'autoscaling on CPU needs a CPU request; set resources.cpu and resources.memoryMiB');
    }
    if (kind === 'docker' && typeof s.replicas !== 'number') {
      at(`services.${s.name}.replicas`, 'the docker target cannot autoscale; override replicas with a fixed count for this environment');
    }
    if (kind === 'docker' && s.ingress && typeof s.replicas === 'number' && s.replicas > 1) {
      at(`services.${s.name}.replicas`, `a public service publishes one host port, so it runs 1 replica on the docker target, got ${s.replicas}`);
    }
    for (const name of s.secretEnv) {
      if (!(name in secrets)) at(`services.${s.name}.secretEnv`, `secret ${name} is missing from ${config.secretsFile} (set it with: pinstack secrets set ${config.name} ${name} --from-stdin)`, name);
    }
  }

  const pg = config.postgres;
  if (pg && isExternal(pg)) {
    if (!(pg.external.urlSecret in secrets)) at('postgres.external.urlSecret', `secret ${pg.external.urlSecret} is missing from ${config.secretsFile}`, pg.external.urlSecret);
  } else if (pg) {
    if (kind === 'aws') {
      const major = pg.version.split('.')[0]!;
      if (!(RDS_POSTGRES_MAJORS as readonly string[]).includes(major)) at('postgres.version', `RDS offers PostgreSQL ${RDS_POSTGRES_MAJORS.join(', ')}, got ${pg.version}`);
      if (pg.image) at('postgres.image', 'RDS runs its own engine; remove image for this environment');
    } else {
      if (pg.highAvailability) at('postgres.highAvailability', 'in-cluster Postgres is a single instance; use postgres.external (a managed database) for high availability');
      if (pg.tls && kind === 'docker') at('postgres.tls', 'the docker target serves Postgres without TLS; override tls: false for this environment');
      if (pg.tls && kind === 'kubernetes' && config.target.kind === 'kubernetes' && !config.target.datastoreTlsSecret) {
        at('postgres.tls', 'TLS needs target.datastoreTlsSecret (a kubernetes.io/tls secret, e.g. from cert-manager)');
      }
      if (!(POSTGRES_PASSWORD_SECRET in secrets)) at('postgres', `secret ${POSTGRES_PASSWORD_SECRET} is missing from ${config.secretsFile}`, POSTGRES_PASSWORD_SECRET);
    }
    const platform = kind === 'aws' ? 'rds' : pg.image ? 'custom-image' : 'official-image';
    const missing = unavailableExtensions(platform, pg.extensions);
    if (missing.length > 0) {
      const hint = kind === 'aws' ? 'RDS does not provide them' : 'the official postgres image has only the contrib modules; set postgres.image to an image that has them';
      at('postgres.extensions', `${missing.join(', ')} not available: ${hint}`);
    }
  }

  const redis = config.redis;
  if (redis && isExternal(redis)) {
    if (!(redis.external.urlSecret in secrets)) at('redis.external.urlSecret', `secret ${redis.external.urlSecret} is missing from ${config.secretsFile}`, redis.external.urlSecret);
  } else if (redis) {
    const password = secrets[REDIS_PASSWORD_SECRET];
    if (password === undefined) at('redis', `secret ${REDIS_PASSWORD_SECRET} is missing from ${config.secretsFile}`, REDIS_PASSWORD_SECRET);
    if (kind === 'aws') {
      if (!(ELASTICACHE_REDIS_VERSIONS as readonly string[]).includes(redis.version)) at('redis.version', `ElastiCache offers Redis ${ELASTICACHE_REDIS_VERSIONS.join(', ')}, got ${redis.version}`);
      if (!redis.tls) at('redis.tls', 'ElastiCache AUTH requires TLS (in-transit encryption); set tls: true');
      if (redis.image) at('redis.image', 'ElastiCache runs its own engine; remove image for this environment');
      const problem = password === undefined ? undefined : elasticacheAuthTokenProblem(password);
      if (problem) at(`secrets.${REDIS_PASSWORD_SECRET}`, `${problem} (value not shown)`);
    } else {
      if (redis.highAvailability) at('redis.highAvailability', 'in-cluster Redis is a single instance; use redis.external or the aws target for failover');
      if (redis.tls && kind === 'docker') at('redis.tls', 'the docker target serves Redis without TLS; override tls: false for this environment');
      if (redis.tls && config.target.kind === 'kubernetes' && !config.target.datastoreTlsSecret) {
        at('redis.tls', 'TLS needs target.datastoreTlsSecret (a kubernetes.io/tls secret, e.g. from cert-manager)');
      }
    }
  }

  for (const s of config.services) {
    if (s.uses.includes('postgres') && !pg) issues.push({ path: `services.${s.name}.uses`, message: 'uses postgres but the spec has no postgres' });
    if (s.uses.includes('redis') && !redis) issues.push({ path: `services.${s.name}.uses`, message: 'uses redis but the spec has no redis' });
  }
  return issues;
}

function probes(s: ServiceConfig): Array<[string, ProbeSpec]> {
  return Object.entries(s.healthChecks).filter((e): e is [string, ProbeSpec] => e[1] !== undefined);
}

type Bounds = Partial<Record<'intervalSeconds' | 'timeoutSeconds' | 'retries' | 'startPeriodSeconds', readonly [number, number]>>;

function checkBounds(probe: ProbeSpec, bounds: Bounds, path: string, what: string, at: (path: string, message: string) => void): void {
  for (const [field, range] of Object.entries(bounds) as Array<[keyof Bounds, readonly [number, number]]>) {
    const value = probe[field];
    if (value < range[0] || value > range[1]) at(`${path}.${field}`, `${what} accept ${range[0]} to ${range[1]}, got ${value}`);
  }
}
