/**
 * Construct IDs (public contract: they make the Terraform addresses; renaming one replaces the resource):
 * - `Postgres` construct: `Password` (EnvSecret), `InitScripts` and `Hba` (kubernetes_config_map_v1), `Service`
 *   (kubernetes_service_v1), `Resource` (kubernetes_stateful_set_v1), `NetworkPolicy` (kubernetes_network_policy_v1).
 */
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import type { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import type { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { StatefulSetV1 } from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { Construct } from 'constructs';
import { HealthCheck, type KubernetesEnvironmentModel, type ManagedPostgresModel } from '../../model';
import { clientSelectors, datastoreTlsSecret, headlessService, OFFICIAL_IMAGE_UID, resourceRequirements, TLS_DIR, type DatastoreResources } from './datastore';
import { kubernetesProbe } from './health-check';
import { selectorLabels, workloadLabels } from './labels';
import { datastoreNetworkPolicy } from './network-policy';
import { gibibytes } from './quantities';
import { EnvSecret, postgresPassword, type SecretValues, secretEnv } from './secrets';
import { restrictedContainer, restrictedPod } from './security-context';

export interface PostgresProps {
  readonly postgres: ManagedPostgresModel;
  /** The environment: app, env, labels, target settings, and the services that use postgres (its only clients). */
  readonly model: KubernetesEnvironmentModel;
  /** The namespace name, as a reference to the Namespace. */
  readonly namespace: string;
  readonly secrets: SecretValues;
  /** @default { cpu: 0.25, memoryMiB: 512, memoryLimitMiB: 1024 } */
  readonly resources?: DatastoreResources;
  /** uid/gid of the server in the image. @default 999 (the official image's `postgres` user) */
  readonly runAsUser?: number;
}

export const POSTGRES_DEFAULT_RESOURCES: DatastoreResources = { cpu: 0.25, memoryMiB: 512, memoryLimitMiB: 1024 };

/** Mount of the data volume; PGDATA is a subdirectory, since a volume's root may hold lost+found. */
const DATA_DIR = '/var/lib/postgresql/data';
const PGDATA = `${DATA_DIR}/pgdata`;
const HBA_DIR = '/etc/pinstack/hba';
const INITDB_DIR = '/docker-entrypoint-initdb.d';

/**
 * An in-cluster Postgres: one-replica StatefulSet of the (pinned) image with a volume claim, a headless
 * Service named after the database (its in-cluster host name), the password Secret, the extensions created at
 * initialisation, TLS from the target's `datastoreTlsSecret` (and then only TLS connections admitted), and a
 * NetworkPolicy that admits only the services that use it. Never exposed outside the cluster.
 *
 * Child IDs (public contract):
 * - `Password` (EnvSecret: `Password/Resource`, kubernetes_secret_v1 with POSTGRES_PASSWORD)
 * - `InitScripts` (kubernetes_config_map_v1 mounted at /docker-entrypoint-initdb.d), when there are extensions
 * - `Hba` (kubernetes_config_map_v1 with pg_hba.conf: hostssl only), when TLS
 * - `Service` (kubernetes_service_v1, headless ClusterIP)
 * - `Resource` (kubernetes_stateful_set_v1)
 * - `NetworkPolicy` (kubernetes_network_policy_v1)
 */
export class Postgres extends Construct {
  readonly statefulSet: StatefulSetV1;
  readonly service: ServiceV1;
  readonly password: EnvSecret;
  readonly networkPolicy: NetworkPolicyV1;
  readonly initScripts?: ConfigMapV1;
  readonly hba?: ConfigMapV1;

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const { postgres: pg, model, namespace } = props;
    const labels = workloadLabels(model, pg.name, 'database');
    const selector = selectorLabels(model, pg.name, 'database');
    const uid = props.runAsUser ?? OFFICIAL_IMAGE_UID;
    const tlsSecret = pg.tls ? datastoreTlsSecret(model, 'postgres') : undefined;

    this.password = new EnvSecret(this, 'Password', {
      name: `${pg.name}-password`,
      namespace,
      labels,
      data: { POSTGRES_PASSWORD: postgresPassword(pg, props.secrets) },
    });

    if (pg.extensions.length > 0) {
      this.initScripts = new ConfigMapV1(this, 'InitScripts', {
        metadata: { name: `${pg.name}-initdb`, namespace, labels: { ...labels } },
        data: { '10-extensions.sql': extensionsSql(pg.extensions) },
      });
    }
    if (pg.tls) {
      this.hba = new ConfigMapV1(this, 'Hba', {
        metadata: { name: `${pg.name}-hba`, namespace, labels: { ...labels } },
        data: { 'pg_hba.conf': hbaConf(pg) },
      });
    }

    this.service = headlessService(this, { name: pg.name, namespace, labels, selector, portName: 'postgres', port: pg.port });

    const ready = HealthCheck.command(pgIsReady(pg), { intervalSeconds: 10, timeoutSeconds: 5, retries: 3 });
    const alive = HealthCheck.command(pgIsReady(pg), { intervalSeconds: 10, timeoutSeconds: 5, retries: 6 });
    // initdb and the init scripts run before the server listens on TCP: up to 5 minutes.
    const started = HealthCheck.command(pgIsReady(pg), { intervalSeconds: 10, timeoutSeconds: 5, retries: 30 });

    const volumes: Array<{ name: string; emptyDir?: object; secret?: object; configMap?: object }> = [
      { name: 'run', emptyDir: {} },
      { name: 'tmp', emptyDir: {} },
    ];
    const mounts: Array<{ name: string; mountPath: string; readOnly?: boolean }> = [
      { name: 'data', mountPath: DATA_DIR },
      { name: 'run', mountPath: '/var/run/postgresql' },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    if (tlsSecret) {
      // Postgres accepts a root-owned key readable by its group (0640); fsGroup makes that group the server's.
      volumes.push({ name: 'tls', secret: { secretName: tlsSecret, defaultMode: '0640' } });
      mounts.push({ name: 'tls', mountPath: TLS_DIR, readOnly: true });
    }
    if (this.hba) {
      volumes.push({ name: 'hba', configMap: { name: this.hba.metadata.name } });
      mounts.push({ name: 'hba', mountPath: HBA_DIR, readOnly: true });
    }
    if (this.initScripts) {
      volumes.push({ name: 'initdb', configMap: { name: this.initScripts.metadata.name } });
      mounts.push({ name: 'initdb', mountPath: INITDB_DIR, readOnly: true });
    }

    this.statefulSet = new StatefulSetV1(this, 'Resource', {
      metadata: { name: pg.name, namespace, labels: { ...labels } },
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
            terminationGracePeriodSeconds: 60,
            securityContext: restrictedPod(uid, uid),
            container: [
              {
                name: 'postgres',
                image: pg.image,
                args: serverArgs(pg),
                port: [{ name: 'postgres', containerPort: pg.port, protocol: 'TCP' }],
                env: [
                  { name: 'POSTGRES_USER', value: pg.username },
                  { name: 'POSTGRES_DB', value: pg.database },
                  { name: 'PGDATA', value: PGDATA },
                  secretEnv('POSTGRES_PASSWORD', this.password.name),
                ],
                readinessProbe: kubernetesProbe(ready),
                livenessProbe: kubernetesProbe(alive),
                startupProbe: kubernetesProbe(started),
                resources: resourceRequirements(props.resources ?? POSTGRES_DEFAULT_RESOURCES),
                securityContext: restrictedContainer(uid),
                volumeMount: mounts,
              },
            ],
            volume: volumes,
          },
        },
        volumeClaimTemplate: [
          {
            metadata: { name: 'data', labels: { ...labels } },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(model.target.storageClassName ? { storageClassName: model.target.storageClassName } : {}),
              resources: { requests: { storage: gibibytes(pg.storageGiB) } },
            },
          },
        ],
      },
      // The claim (and its data) outlives the StatefulSet; deletion protection also refuses to destroy the StatefulSet.
      ...(pg.deletionProtection ? { lifecycle: { preventDestroy: true } } : {}),
    });

    this.networkPolicy = datastoreNetworkPolicy(this, 'NetworkPolicy', {
      name: pg.name,
      namespace,
      labels,
      podSelector: selector,
      clients: clientSelectors(model, 'postgres'),
      port: pg.port,
    });
  }
}

/** `pg_isready` over TCP on the pod: ready once the real server (not the init one, socket-only) listens. */
function pgIsReady(pg: ManagedPostgresModel): string[] {
  return ['pg_isready', '--host', '127.0.0.1', '--port', String(pg.port), '--username', pg.username, '--dbname', pg.database];
}

/** `postgres -c …`: TLS, the hba file, and shared_preload_libraries. */
export function serverArgs(pg: ManagedPostgresModel): string[] {
  const args = ['postgres'];
  if (pg.tls) {
    args.push('-c', 'ssl=on', '-c', `ssl_cert_file=${TLS_DIR}/tls.crt`, '-c', `ssl_key_file=${TLS_DIR}/tls.key`);
    args.push('-c', `hba_file=${HBA_DIR}/pg_hba.conf`);
  }
  if (pg.preloadLibraries.length > 0) args.push('-c', `shared_preload_libraries=${pg.preloadLibraries.join(',')}`);
  return args;
}

export function extensionsSql(extensions: readonly string[]): string {
  return extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}";\n`).join('');
}

/** Local socket as the image has it (trust, inside the container only); over the network, TLS and a password. */
export function hbaConf(pg: ManagedPostgresModel): string {
  const method = Number(pg.major) >= 14 ? 'scram-sha-256' : 'md5';
  return ['# TYPE  DATABASE  USER  ADDRESS  METHOD', 'local   all       all            trust', `hostssl all       all   all      ${method}`, ''].join('\n');
}
