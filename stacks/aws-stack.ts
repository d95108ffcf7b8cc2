import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Cluster } from '../constructs/aws/cluster';
import { LoadBalancer } from '../constructs/aws/load-balancer';
import { Network } from '../constructs/aws/network';
import { Postgres } from '../constructs/aws/postgres';
import { Redis } from '../constructs/aws/redis';
import { SecretsManagerSecrets } from '../constructs/aws/secrets';
import { Service } from '../constructs/aws/service';
import { type AwsEnvironmentModel, resourceName, type SecretRef, serviceConstructId, type ServiceModel } from '../model';
import { PinstackStack, type StackOptions } from './pinstack-stack';

/**
 * An environment on AWS: VPC, ECS Fargate services behind one ALB, RDS Postgres, ElastiCache Redis, with the
 * services' secrets in Secrets Manager. Plannable offline (`offline: true`): no data source calls AWS.
 *
 * Child IDs (public contract: the Terraform addresses derive from them):
 * - `Aws` (provider), `Secrets` (variables, from PinstackStack)
 * - `Network`, `Cluster`, `LoadBalancer` (when a service has ingress), `SecretsManager`
 * - `Postgres`, `Redis` (managed only)
 * - `Service<Name>` per service, e.g. `ServiceWeb`
 * - outputs `cluster_name`, `load_balancer_dns_name`, `database_address`, `redis_address` (when they exist)
 */
export class AwsStack extends PinstackStack<AwsEnvironmentModel> {
  constructor(scope: Construct, model: AwsEnvironmentModel, options: StackOptions = {}) {
    super(scope, model);
    const target = model.target;
    const production = model.tier === 'production';
    const recoveryWindowInDays = production ? 30 : 0;
    const name = resourceName([model.app, model.env]);

    new AwsProvider(this, 'Aws', {
      region: target.region,
      defaultTags: [{ tags: awsTags(model.labels) }],
      ...(options.offline
        ? {
            accessKey: 'offline-plan-only',
            secretKey: 'offline-plan-only',
            skipCredentialsValidation: true,
            skipRequestingAccountId: true,
            skipMetadataApiCheck: 'true',
            skipRegionValidation: true,
          }
        : {}),
    });

    const network = new Network(this, 'Network', { name, network: target.network });
    const cluster = new Cluster(this, 'Cluster', { name });
    const publicServices = model.services.filter((s) => s.ingress);
    const loadBalancer =
      publicServices.length > 0
        ? new LoadBalancer(this, 'LoadBalancer', {
            name: resourceName([model.app, model.env], 32),
            vpcId: network.vpcId,
            subnetIds: network.publicSubnetIds,
            ...(target.certificateArn ? { certificateArn: target.certificateArn } : {}),
            deletionProtection: production,
          })
        : undefined;

    const secrets = new SecretsManagerSecrets(this, 'SecretsManager', {
      prefix: `${model.app}/${model.env}`,
      secrets: envSecrets(model.services),
      variables: this.secrets,
      recoveryWindowInDays,
    });

    const pg = model.postgres?.kind === 'managed' ? model.postgres : undefined;
    const postgres = pg
      ? new Postgres(this, 'Postgres', { model: pg, vpcId: network.vpcId, subnetIds: network.privateSubnetIds, production })
      : undefined;
    const rd = model.redis?.kind === 'managed' ? model.redis : undefined;
    const redis = rd
      ? new Redis(this, 'Redis', {
          model: rd,
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          authToken: this.secrets.value(rd.password),
          urlSecretName: `${model.app}/${model.env}/redis/url`,
          recoveryWindowInDays,
          production,
        })
      : undefined;

    const priorities = listenerPriorities(publicServices);
    for (const s of model.services) {
      const id = serviceConstructId(s.name);
      const service = new Service(this, id, {
        model: s,
        app: model.app,
        env: model.env,
        region: target.region,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        cluster,
        logRetentionDays: target.logRetentionDays,
        secrets,
        ...(postgres ? { postgres } : {}),
        ...(redis ? { redis } : {}),
        ...(loadBalancer ? { loadBalancer } : {}),
        ...(priorities.has(s.name) ? { listenerPriority: priorities.get(s.name)! } : {}),
      });
      if (postgres && s.uses.includes('postgres')) postgres.allowFrom(id, service.securityGroupId, `Postgres from ${s.resourceName}`);
      if (redis && s.uses.includes('redis')) redis.allowFrom(id, service.securityGroupId, `Redis from ${s.resourceName}`);
    }

    new TerraformOutput(this, 'cluster_name', { value: cluster.name });
    if (loadBalancer) new TerraformOutput(this, 'load_balancer_dns_name', { value: loadBalancer.dnsName });
    if (postgres) new TerraformOutput(this, 'database_address', { value: postgres.address });
    if (redis) new TerraformOutput(this, 'redis_address', { value: redis.resource.primaryEndpointAddress });
  }
}

/** AWS tags from the model's labels: `pinstack.dev/environment` -> `pinstack:environment`, `app.kubernetes.io/part-of` -> `pinstack:part-of`. */
export function awsTags(labels: Readonly<Record<string, string>>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) tags[`pinstack:${key.slice(key.lastIndexOf('/') + 1)}`] = value;
  return tags;
}

/**
 * The secrets services read as environment variables (their own and external datastore URLs). The managed
 * datastores' credentials are not among them: RDS manages its password, and REDIS_PASSWORD only feeds the
 * ElastiCache AUTH token and the composed REDIS_URL secret.
 */
function envSecrets(services: readonly ServiceModel[]): SecretRef[] {
  const byName = new Map<string, SecretRef>();
  for (const s of services) for (const e of s.env) if (e.value.kind === 'secret') byName.set(e.value.secret.name, e.value.secret);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Listener rule priorities: more specific paths first (longer prefix), then by host and name; 10 apart from 100.
 * Rules only compete when their hosts match, so this order is only visible for nested paths of one host.
 */
function listenerPriorities(services: readonly ServiceModel[]): Map<string, number> {
  const sorted = [...services].sort(
    (a, b) => b.ingress!.path.length - a.ingress!.path.length || a.ingress!.host.localeCompare(b.ingress!.host) || a.name.localeCompare(b.name),
  );
  return new Map(sorted.map((s, i) => [s.name, 100 + i * 10]));
}
