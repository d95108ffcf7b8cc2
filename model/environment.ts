import type { AwsTarget, DockerTarget, EnvironmentConfig, KubernetesTarget, Tier } from '../config';
import { buildPostgres, buildRedis, type PostgresModel, type RedisModel } from './datastores';
import { resourceName } from './naming';
import type { SecretRef } from './secrets';
import { buildService, dedupeSecrets, type ServiceModel } from './service';

export type BackendModel =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'cloud'; readonly hostname: string; readonly organization: string; readonly workspace: string };

interface EnvironmentModelBase {
  readonly app: string;
  readonly env: string;
  readonly tier: Tier;
  /** The cdktf stack id (also its folder under cdktf.out/stacks). */
  readonly stackName: string;
  readonly backend: BackendModel;
  /** Labels / tags on every resource. */
  readonly labels: Readonly<Record<string, string>>;
  readonly services: readonly ServiceModel[];
  readonly postgres?: PostgresModel;
  readonly redis?: RedisModel;
  /** Every secret the stack declares as a sensitive variable, sorted by name. */
  readonly secrets: readonly SecretRef[];
  /** Where the pins and secrets came from. */
  readonly secretsFile: string;
}

export type EnvironmentModel =
  | (EnvironmentModelBase & { readonly target: DockerTarget })
  | (EnvironmentModelBase & { readonly target: KubernetesTarget })
  | (EnvironmentModelBase & { readonly target: AwsTarget });

export type DockerEnvironmentModel = Extract<EnvironmentModel, { target: DockerTarget }>;
export type KubernetesEnvironmentModel = Extract<EnvironmentModel, { target: KubernetesTarget }>;
export type AwsEnvironmentModel = Extract<EnvironmentModel, { target: AwsTarget }>;

export interface ModelOptions {
  /** Force the local backend (PINSTACK_OFFLINE=1 does). */
  readonly localBackend?: boolean;
}

/** EnvironmentConfig -> platform-neutral model: names, health checks, datastore wiring, secrets. */
export function buildModel(config: EnvironmentConfig, options: ModelOptions = {}): EnvironmentModel {
  const postgres = buildPostgres(config);
  const redis = buildRedis(config);
  const stores = { ...(postgres ? { postgres } : {}), ...(redis ? { redis } : {}) };
  const services = config.services.map((s) => buildService(s, resourceName([config.app, config.name, s.name]), stores));
  const secrets = dedupeSecrets([
    ...services.flatMap((s) => s.secrets),
    ...(postgres?.kind === 'managed' && postgres.password ? [postgres.password] : []),
    ...(redis?.kind === 'managed' ? [redis.password] : []),
  ]);
  const stackName = config.name;
  const tfc = config.terraformCloud;
  const backend: BackendModel =
    tfc && !options.localBackend
      ? { kind: 'cloud', hostname: tfc.hostname, organization: tfc.organization, workspace: `${tfc.workspacePrefix ?? ''}${stackName}` }
      : { kind: 'local', path: `terraform.${stackName}.tfstate` };
  return {
    app: config.app,
    env: config.name,
    tier: config.tier,
    stackName,
    backend,
    labels: { 'app.kubernetes.io/part-of': config.app, 'app.kubernetes.io/managed-by': 'pinstack', 'pinstack.dev/environment': config.name },
    target: config.target,
    services,
    ...stores,
    secrets,
    secretsFile: config.secretsFile,
  } as EnvironmentModel;
}
