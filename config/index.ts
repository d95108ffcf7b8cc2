export type { AppInput, AppSpec, TerraformCloudSpec } from './schema/app';
export type { ExternalDatastoreSpec, ManagedPostgresSpec, ManagedRedisSpec, PostgresSpec, RedisSpec } from './schema/datastores';
export { isExternal } from './schema/datastores';
export type { Tier } from './schema/environment';
export { defaultTier, TIERS } from './schema/environment';
export { DEFAULT_IMMUTABLE_TAG_PATTERN, type PlanOverrideSpec, type PolicySpec, type SuppressionSpec } from './schema/policy';
export type { HealthChecksSpec, ProbeSpec } from './schema/health-check';
export type { ServiceSpec } from './schema/service';
export type { AwsNetwork, AwsTarget, DockerTarget, KubernetesTarget, TargetKind, TargetSpec } from './schema/target';
export { isExistingNetwork } from './schema/target';
export type { EnvironmentConfig, ServiceConfig } from './environment-config';
export { SpecError, formatIssue, type SpecIssue } from './errors';
export { POSTGRES_PASSWORD_SECRET, REDIS_PASSWORD_SECRET } from './feasibility';
export { fargateTaskSize, PRELOAD_EXTENSIONS } from './capabilities';
export {
  loadEnvironments,
  parseSpec,
  secretsFileOf,
  type EnvironmentSource,
  type LoadedEnvironment,
  type LoadOptions,
  type ReadEnvironmentSource,
} from './load';

import type { AppInput } from './schema/app';

/** Typed identity function for `app.ts`: editors complete and check the spec as it is written. */
export function defineApp<const T extends AppInput>(spec: T): T {
  return spec;
}
