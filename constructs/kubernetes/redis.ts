/**
 * Construct IDs (public contract: they make the Terraform addresses; renaming one replaces the resource):
 * - `Redis` construct: `Password` (EnvSecret), `Service` (kubernetes_service_v1), `Resource`
 *   (kubernetes_stateful_set_v1), `NetworkPolicy` (kubernetes_network_policy_v1).
 */
import type { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import type { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { StatefulSetV1 } from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { Construct } from 'constructs';
import { HealthCheck, type KubernetesEnvironmentModel, type ManagedRedisModel } from '../../model';
import { clientSelectors, datastoreTlsSecret, headlessService, OFFICIAL_IMAGE_UID, resourceRequirements, TLS_DIR, type DatastoreResources } from './datastore';
import { kubernetesProbe } from './health-check';
import { selectorLabels, workloadLabels } from './labels';
import { datastoreNetworkPolicy } from './network-policy';
import { gibibytes } from './quantities';
import { EnvSecret, type SecretValues, secretEnv } from './secrets';
import { restrictedContainer, restrictedPod } from './security-context';

export interface RedisProps {
  readonly redis: ManagedRedisModel;
  /** The environment: app, env, labels, target settings, and the services that use redis (its only clients). */
  readonly model: KubernetesEnvironmentModel;
  /** The namespace name, as a reference to the Namespace. */
  readonly namespace: string;
  readonly secrets: SecretValues;
  /** @default cpu 0.1; memory maxmemory + max(64 MiB, 25%) requested and limited */
  readonly resources?: DatastoreResources;
  /** Size of the AOF volume when `persistence`. @default max(1, ceil(2 x memoryMiB / 1024)) GiB */
  readonly storageGiB?: number;
  /** uid/gid of the server in the image. @default 999 (the official image's `redis` user) */
  readonly runAsUser?: number;
}

const DATA_DIR = '/data';

/**
 * An in-cluster Redis: one-replica StatefulSet of the (pinned) image, AUTH password from a Secret, maxmemory
 * from the model, an AOF volume claim when `persistence` (else no disk writes), TLS only (`--port 0`) from the
 * target's `datastoreTlsSecret` when `tls`, a headless Service named after it (its in-cluster host name), and a
 * NetworkPolicy that admits only the services that use it. Never exposed outside the cluster.
 *
 * Child IDs (public contract):
 * - `Password` (EnvSecret: `Password/Resource`, kubernetes_secret_v1 with REDIS_PASSWORD)
 * - `Service` (kubernetes_service_v1, headless ClusterIP)
 * - `Resource` (kubernetes_stateful_set_v1)
 * - `NetworkPolicy` (kubernetes_network_policy_v1)
 */
export class Redis extends Construct {
  readonly statefulSet: StatefulSetV1;
  readonly service: ServiceV1;
  readonly password: EnvSecret;
  readonly networkPolicy: NetworkPolicyV1;

  constructor(scope: Construct, id: string, props: RedisProps) {
    super(scope, id);
    const { redis, model, namespace } = props;
    const labels = workloadLabels(model, redis.name, 'cache');
    const selector = selectorLabels(model, redis.name, 'cache');
    const uid = props.runAsUser ?? OFFICIAL_IMAGE_UID;
    const tlsSecret = redis.tls ? datastoreTlsSecret(model, 'redis') : undefined;

    this.password = new EnvSecret(this, 'Password', {
      name: `${redis.name}-password`,
      namespace,
      labels,
      data: { REDIS_PASSWORD: props.secrets.value(redis.password) },
    });

    this.service = headlessService(this, { name: redis.name, namespace, labels, selector, portName: 'redis', port: redis.port });

    const ping = HealthCheck.command(redisPing(redis), { intervalSeconds: 10, timeoutSeconds: 5, retries: 3 });
    const alive = HealthCheck.command(redisPing(redis), { intervalSeconds: 10, timeoutSeconds: 5, retries: 6 });
    // Loading a large AOF at start may take a while.
    const started = HealthCheck.command(redisPing(redis), { intervalSeconds: 5, timeoutSeconds: 4, retries: 60 });

    const volumes: Array<{ name: string; emptyDir?: object; secret?: object }> = [{ name: 'tmp', emptyDir: {} }];
    const mounts: Array<{ name: string; mountPath: string; readOnly?: boolean }> = [
      { name: 'data', mountPath: DATA_DIR },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    // Without persistence nothing is written; /data (the working directory) is still writable, but not kept.
    if (!redis.persistence) volumes.push({ name: 'data', emptyDir: {} });
    if (tlsSecret) {
      volumes.push({ name: 'tls', secret: { secretName: tlsSecret, defaultMode: '0640' } });
      mounts.push({ name: 'tls', mountPath: TLS_DIR, readOnly: true });
    }

    const resources = props.resources ?? redisDefaultResources(redis.memoryMiB);
    this.statefulSet = new StatefulSetV1(this, 'Resource', {
      metadata: { name: redis.name, namespace, labels: { ...labels } },
      waitForRollout: true,
      spec: {
        replicas: '1',
        serviceName: this.service.metadata.name,
        selector: { matchLabels: { ...selector } },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPod(uid, uid),
            container: [
              {
                name: 'redis',
                image: redis.image,
                args: serverArgs(redis),
                port: [{ name: 'redis', containerPort: redis.port, protocol: 'TCP' }],
                env: [
                  // Expanded by Kubernetes into `--requirepass $(REDIS_PASSWORD)`; redis-cli reads REDISCLI_AUTH.
                  secretEnv('REDIS_PASSWORD', this.password.name),
                  secretEnv('REDISCLI_AUTH', this.password.name, 'REDIS_PASSWORD'),
                ],
                readinessProbe: kubernetesProbe(ping),
                livenessProbe: kubernetesProbe(alive),
                startupProbe: kubernetesProbe(started),
                resources: resourceRequirements(resources),
                securityContext: restrictedContainer(uid),
                volumeMount: mounts,
              },
            ],
            volume: volumes,
          },
        },
        ...(redis.persistence
          ? {
              volumeClaimTemplate: [
                {
                  metadata: { name: 'data', labels: { ...labels } },
                  spec: {
                    accessModes: ['ReadWriteOnce'],
                    ...(model.target.storageClassName ? { storageClassName: model.target.storageClassName } : {}),
                    resources: { requests: { storage: gibibytes(props.storageGiB ?? redisStorageGiB(redis.memoryMiB)) } },
                  },
                },
              ],
            }
          : {}),
      },
    });

    this.networkPolicy = datastoreNetworkPolicy(this, 'NetworkPolicy', {
      name: redis.name,
      namespace,
      labels,
      podSelector: selector,
      clients: clientSelectors(model, 'redis'),
      port: redis.port,
    });
  }
}

/** maxmemory plus room for the server itself (buffers, fragmentation). */
export function redisDefaultResources(memoryMiB: number): DatastoreResources {
  const total = memoryMiB + Math.max(64, Math.ceil(memoryMiB * 0.25));
  return { cpu: 0.1, memoryMiB: total, memoryLimitMiB: total };
}

export function redisStorageGiB(memoryMiB: number): number {
  return Math.max(1, Math.ceil((2 * memoryMiB) / 1024));
}

/** `redis-server …`: password from the env (Kubernetes expands `$(VAR)` in args), maxmemory, persistence, TLS. */
export function serverArgs(redis: ManagedRedisModel): string[] {
  const args = ['redis-server', '--requirepass', '$(REDIS_PASSWORD)', '--maxmemory', `${redis.memoryMiB}mb`];
  args.push(...(redis.persistence ? ['--appendonly', 'yes'] : ['--appendonly', 'no', '--save', '']));
  if (redis.tls) {
    args.push(
      '--port', '0',
      '--tls-port', String(redis.port),
      '--tls-cert-file', `${TLS_DIR}/tls.crt`,
      '--tls-key-file', `${TLS_DIR}/tls.key`,
      '--tls-auth-clients', 'no',
    );
  } else {
    args.push('--port', String(redis.port));
  }
  return args;
}

/**
 * PING on the pod must answer PONG (redis-cli exits 0 on an error reply such as NOAUTH, so the answer is
 * compared). The password comes from REDISCLI_AUTH; under TLS the local check skips certificate verification
 * (it connects to 127.0.0.1, which the certificate does not name).
 */
function redisPing(redis: ManagedRedisModel): string[] {
  const tls = redis.tls ? ' --tls --insecure' : '';
  return ['sh', '-c', `[ "$(redis-cli -h 127.0.0.1 -p ${redis.port}${tls} ping)" = PONG ]`];
}
