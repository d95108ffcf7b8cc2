import type { TerraformCloudSpec } from './schema/app';
import type { PolicySpec } from './schema/policy';
import type { PostgresSpec, RedisSpec } from './schema/datastores';
import type { Tier } from './schema/environment';
import type { ServiceSpec } from './schema/service';
import type { TargetSpec } from './schema/target';

/** A service with its environment's overrides applied and its image pinned. */
export interface ServiceConfig extends Omit<ServiceSpec, 'image'> {
  readonly name: string;
  /** The pinned reference from the environment's file, e.g. `ghcr.io/acme/web:v42-3f9c2ab`. */
  readonly image: string;
  /** The spec's repository, e.g. `ghcr.io/acme/web`. */
  readonly repository: string;
}

/** Everything needed to render one environment; secret values are not in here, only their names. */
export interface EnvironmentConfig {
  readonly app: string;
  readonly name: string;
  readonly tier: Tier;
  readonly target: TargetSpec;
  /** The encrypted file the pins and secrets came from. */
  readonly secretsFile: string;
  readonly services: readonly ServiceConfig[];
  readonly postgres?: PostgresSpec;
  readonly redis?: RedisSpec;
  /** Names of the secrets in the environment's file (values are kept apart, see LoadedEnvironment). */
  readonly secretNames: readonly string[];
  readonly terraformCloud?: TerraformCloudSpec;
  readonly policy: PolicySpec;
}
