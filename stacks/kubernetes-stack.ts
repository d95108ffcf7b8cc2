/**
 * Construct IDs (public contract: they make the Terraform addresses; renaming one replaces the resource):
 * `Secrets` (PinstackStack), `Kubernetes` (provider), `Namespace`, `Postgres`, `Redis`, `Service<Name>` per service.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import type { Construct } from 'constructs';
import { Namespace } from '../constructs/kubernetes/namespace';
import { Postgres } from '../constructs/kubernetes/postgres';
import { Redis } from '../constructs/kubernetes/redis';
import { AppService } from '../constructs/kubernetes/service';
import { type KubernetesEnvironmentModel, serviceConstructId } from '../model';
import { PinstackStack, type StackOptions } from './pinstack-stack';

/**
 * An environment on Kubernetes: the namespace, in-cluster Postgres and Redis (when managed; external ones are
 * only a secret URL the services read), and one Deployment (+ Service, Ingress, autoscaler, disruption budget)
 * per service.
 *
 * Child IDs (public contract, besides `Secrets` from PinstackStack):
 * - `Kubernetes` (provider)
 * - `Namespace`
 * - `Postgres`, when postgres is managed
 * - `Redis`, when redis is managed
 * - `Service<Name>` per service, the name in PascalCase (`web` -> `ServiceWeb`, `api-gateway` -> `ServiceApiGateway`)
 */
export class KubernetesStack extends PinstackStack<KubernetesEnvironmentModel> {
  constructor(scope: Construct, model: KubernetesEnvironmentModel, _options: StackOptions = {}) {
    super(scope, model);
    const target = model.target;
    new KubernetesProvider(this, 'Kubernetes', {
      configPath: target.configPath,
      ...(target.configContext ? { configContext: target.configContext } : {}),
    });

    const namespace = new Namespace(this, 'Namespace', { name: target.namespace, labels: model.labels }).name;

    if (model.postgres?.kind === 'managed') {
      new Postgres(this, 'Postgres', { postgres: model.postgres, model, namespace, secrets: this.secrets });
    }
    if (model.redis?.kind === 'managed') {
      new Redis(this, 'Redis', { redis: model.redis, model, namespace, secrets: this.secrets });
    }

    for (const service of model.services) {
      new AppService(this, serviceConstructId(service.name), { service, model, namespace, secrets: this.secrets });
    }
  }
}
