import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { EnvironmentNetwork } from '../constructs/docker/network';
import { PostgresDatabase } from '../constructs/docker/postgres';
import { RedisCache } from '../constructs/docker/redis';
import { AppService } from '../constructs/docker/service';
import { type DockerEnvironmentModel, resourceName, serviceConstructId } from '../model';
import { PinstackStack, type StackOptions } from './pinstack-stack';

/**
 * An environment on one Docker host: a bridge network, Postgres and Redis containers (unless external),
 * and each service's replicas.
 *
 * Construct IDs (public contract, they make the Terraform addresses):
 * - `Docker`: the provider.
 * - `Network`: `EnvironmentNetwork` (`<app>-<env>`).
 * - `Postgres`: `PostgresDatabase` (managed postgres only).
 * - `Redis`: `RedisCache` (managed redis only).
 * - `Service<Name>`: `AppService` per service, e.g. `ServiceWeb`, `ServiceApiGateway`.
 * Inherited from PinstackStack: the backend and `Secrets`.
 */
export class DockerStack extends PinstackStack<DockerEnvironmentModel> {
  readonly network: EnvironmentNetwork;
  readonly postgres?: PostgresDatabase;
  readonly redis?: RedisCache;
  readonly services: readonly AppService[];

  constructor(scope: Construct, model: DockerEnvironmentModel, _options: StackOptions = {}) {
    super(scope, model);
    new DockerProvider(this, 'Docker', { host: model.target.host });
    const labels = model.labels;

    this.network = new EnvironmentNetwork(this, 'Network', { name: resourceName([model.app, model.env]), labels });

    const pg = model.postgres;
    if (pg?.kind === 'managed') {
      if (!pg.password) throw new Error('postgres.password: a managed postgres on docker needs its password secret, the model has none');
      this.postgres = new PostgresDatabase(this, 'Postgres', { model: pg, network: this.network, password: this.secrets.value(pg.password), labels });
    }
    const redis = model.redis;
    if (redis?.kind === 'managed') {
      this.redis = new RedisCache(this, 'Redis', { model: redis, network: this.network, password: this.secrets.value(redis.password), labels });
    }

    const datastores = {
      ...(this.postgres ? { postgres: { url: this.postgres.url, password: this.postgres.password } } : {}),
      ...(this.redis ? { redis: { url: this.redis.url } } : {}),
    };
    this.services = model.services.map((s) => {
      const dependsOn: ITerraformDependable[] = [];
      if (s.uses.includes('postgres') && this.postgres) dependsOn.push(this.postgres.container);
      if (s.uses.includes('redis') && this.redis) dependsOn.push(this.redis.container);
      return new AppService(this, serviceConstructId(s.name), {
        model: s,
        network: this.network,
        publishAddress: model.target.publishAddress,
        secrets: this.secrets,
        datastores,
        dependsOn,
        labels,
      });
    });
  }
}
