import type { TerraformResource } from 'cdktf';
import type { Finding } from '../../../../policies/types';
import type { PinstackStack } from '../../../../stacks';
import { exampleSpec } from '../../../helpers/example';

/** Addresses and construct paths of the example's dev stack (docker), as the renderer names them. */
export const DEV = {
  webImage: { address: 'docker_image.ServiceWeb_Image_05284E60', constructPath: 'dev/ServiceWeb/Image', specPath: 'services.web' },
  workerImage: { address: 'docker_image.ServiceWorker_Image_9B7C4FD9', constructPath: 'dev/ServiceWorker/Image', specPath: 'services.worker' },
  postgresImage: { address: 'docker_image.Postgres_Image_F5C386CD', constructPath: 'dev/Postgres/Image', specPath: 'postgres' },
  redisImage: { address: 'docker_image.Redis_Image_56616032', constructPath: 'dev/Redis/Image', specPath: 'redis' },
  web: { address: 'docker_container.ServiceWeb_Container1_24D6E39A', constructPath: 'dev/ServiceWeb/Container1', specPath: 'services.web' },
  worker: { address: 'docker_container.ServiceWorker_Container1_B7DA82A9', constructPath: 'dev/ServiceWorker/Container1', specPath: 'services.worker' },
  postgres: { address: 'docker_container.Postgres_9DC8BB04', constructPath: 'dev/Postgres/Resource', specPath: 'postgres' },
  redis: { address: 'docker_container.Redis_FF642DF2', constructPath: 'dev/Redis/Resource', specPath: 'redis' },
} as const;

type Edit = readonly [constructPath: string, key: string, value: unknown];

/** A `mutate` for synthContext: `addOverride(key, value)` on the rendered resources at the given construct paths. */
export function override(...edits: Edit[]): (stack: PinstackStack) => void {
  return (stack) => {
    for (const [path, key, value] of edits) {
      const resource = stack.node.findAll().find((c) => c.node.path === path) as TerraformResource | undefined;
      if (!resource || typeof resource.addOverride !== 'function') throw new Error(`no resource at construct path ${path}`);
      resource.addOverride(key, value);
    }
  };
}

/** The example spec with one environment in another tier (to see the tier's severity). */
export function specInTier(env: string, tier: 'production' | 'staging' | 'development'): unknown {
  const spec = exampleSpec();
  spec.environments[env].tier = tier;
  return spec;
}

/** The findings about one resource (by Terraform address). */
export function about(findings: readonly Finding[], address: string): Finding[] {
  return findings.filter((f) => f.location.address === address);
}
