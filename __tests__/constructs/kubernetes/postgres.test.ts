import { kubernetesProbe } from '../../../constructs/kubernetes/health-check';
import { extensionsSql, hbaConf, serverArgs } from '../../../constructs/kubernetes/postgres';
import { HealthCheck } from '../../../model';
import { byName, container, resourceList, snakeKeys, synthStaging, type Synthesized } from './synth';

const STS = 'kubernetes_stateful_set_v1';
const NAME = 'acme-staging-postgres';
let example: Synthesized;

beforeAll(async () => {
  example = await synthStaging();
});

const postgres = (s: Synthesized) => byName(s.json, STS, NAME);
const pgIsReady = ['pg_isready', '--host', '127.0.0.1', '--port', '5432', '--username', 'app', '--dbname', 'app'];

describe('managed postgres', () => {
  test('a one-replica StatefulSet of the pinned image, with a volume claim of the storage class and size', () => {
    const sts = postgres(example);
    expect(sts.spec.replicas).toBe('1');
    expect(container(sts).image).toBe('docker.io/library/postgres:16');
    expect(sts.spec.volume_claim_template).toEqual([
      {
        metadata: { name: 'data', labels: sts.metadata.labels },
        spec: { access_modes: ['ReadWriteOnce'], storage_class_name: 'encrypted-gp3', resources: { requests: { storage: '20Gi' } } },
      },
    ]);
    expect(container(sts).volume_mount).toContainEqual({ name: 'data', mount_path: '/var/lib/postgresql/data' });
    expect(container(sts).env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
  });

  test('storage size follows storageGiB; no storage class when the target has none', async () => {
    const s = await synthStaging((spec) => {
      spec.postgres.storageGiB = 50;
      delete spec.environments.staging.target.storageClassName;
      delete spec.environments.staging.target.storageEncrypted;
    });
    expect(postgres(s).spec.volume_claim_template[0].spec).toEqual({ access_modes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } });
  });

  test('a headless ClusterIP Service named after the datastore (its host name), never exposed', () => {
    const svc = byName(example.json, 'kubernetes_service_v1', NAME);
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      cluster_ip: 'None',
      selector: postgres(example).spec.selector.match_labels,
      port: [{ name: 'postgres', port: 5432, target_port: 'postgres', protocol: 'TCP' }],
    });
    expect(postgres(example).spec.service_name).toBe('${kubernetes_service_v1.Postgres_Service_78457626.metadata[0].name}');
  });

  test('probes: pg_isready over TCP for readiness, liveness and startup', () => {
    const c = container(postgres(example));
    expect(c.readiness_probe).toEqual(snakeKeys(kubernetesProbe(HealthCheck.command(pgIsReady, { intervalSeconds: 10, timeoutSeconds: 5, retries: 3 }))));
    expect(c.liveness_probe.exec.command).toEqual(pgIsReady);
    expect(c.startup_probe).toMatchObject({ exec: { command: pgIsReady }, period_seconds: 10, failure_threshold: 30 });
  });

  test('resources and a restricted security context as uid 999 with fsGroup 999', () => {
    const sts = postgres(example);
    expect(container(sts).resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1024Mi' } });
    expect(sts.spec.template.spec.security_context).toEqual({
      run_as_non_root: true,
      run_as_user: '999',
      run_as_group: '999',
      fs_group: '999',
      fs_group_change_policy: 'OnRootMismatch',
      seccomp_profile: { type: 'RuntimeDefault' },
    });
    expect(container(sts).security_context).toMatchObject({
      run_as_non_root: true,
      run_as_user: '999',
      allow_privilege_escalation: false,
      read_only_root_filesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(sts.spec.template.spec.automount_service_account_token).toBe(false);
  });

  test('the password from its own Secret, never a literal', () => {
    const secret = byName(example.json, 'kubernetes_secret_v1', `${NAME}-password`);
    expect(secret.data).toEqual({ POSTGRES_PASSWORD: '${var.secret_postgres_password}' });
    expect(container(postgres(example)).env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      value_from: { secret_key_ref: { name: '${kubernetes_secret_v1.Postgres_Password_FAB6E666.metadata[0].name}', key: 'POSTGRES_PASSWORD' } },
    });
  });

  test('TLS: the target secret mounted, the server started with ssl on and only hostssl connections admitted', () => {
    const sts = postgres(example);
    expect(container(sts).args).toEqual([
      'postgres',
      '-c', 'ssl=on',
      '-c', 'ssl_cert_file=/etc/pinstack/tls/tls.crt',
      '-c', 'ssl_key_file=/etc/pinstack/tls/tls.key',
      '-c', 'hba_file=/etc/pinstack/hba/pg_hba.conf',
    ]);
    expect(sts.spec.template.spec.volume).toContainEqual({ name: 'tls', secret: { secret_name: 'acme-staging-datastore-tls', default_mode: '0640' } });
    expect(container(sts).volume_mount).toContainEqual({ name: 'tls', mount_path: '/etc/pinstack/tls', read_only: true });
    const hba = byName(example.json, 'kubernetes_config_map_v1', `${NAME}-hba`);
    expect(hba.data['pg_hba.conf']).toMatch(/^hostssl all +all +all +scram-sha-256$/m);
    expect(hba.data['pg_hba.conf']).not.toMatch(/^host /m);
  });

  test('without TLS: no certificate, no hba override, plain args', async () => {
    const s = await synthStaging((spec) => {
      spec.environments.staging.overrides.postgres.tls = false;
    });
    expect(container(postgres(s)).args).toEqual(['postgres']);
    expect(postgres(s).spec.template.spec.volume.map((v: any) => v.name)).not.toContain('tls');
    expect(resourceList(s.json, 'kubernetes_config_map_v1').map((c) => c.metadata.name)).toEqual([`${NAME}-initdb`]);
  });

  test('extensions: a config map of CREATE EXTENSION mounted at /docker-entrypoint-initdb.d', () => {
    const cm = byName(example.json, 'kubernetes_config_map_v1', `${NAME}-initdb`);
    expect(cm.data).toEqual({ '10-extensions.sql': 'CREATE EXTENSION IF NOT EXISTS "pg_trgm";\nCREATE EXTENSION IF NOT EXISTS "uuid-ossp";\n' });
    const sts = postgres(example);
    expect(sts.spec.template.spec.volume).toContainEqual({ name: 'initdb', config_map: { name: '${kubernetes_config_map_v1.Postgres_InitScripts_AE9F854A.metadata[0].name}' } });
    expect(container(sts).volume_mount).toContainEqual({ name: 'initdb', mount_path: '/docker-entrypoint-initdb.d', read_only: true });
  });

  test('no extensions: no init scripts', async () => {
    const s = await synthStaging((spec) => {
      spec.postgres.extensions = [];
    });
    expect(resourceList(s.json, 'kubernetes_config_map_v1').map((c) => c.metadata.name)).toEqual([`${NAME}-hba`]);
    expect(postgres(s).spec.template.spec.volume.map((v: any) => v.name)).not.toContain('initdb');
  });

  test('preload libraries go to shared_preload_libraries', async () => {
    const s = await synthStaging((spec) => {
      spec.postgres.extensions = ['pg_stat_statements', 'pg_trgm'];
    });
    expect(container(postgres(s)).args.slice(-2)).toEqual(['-c', 'shared_preload_libraries=pg_stat_statements']);
  });

  test('a NetworkPolicy admits only the services that use postgres, on 5432', () => {
    const np = byName(example.json, 'kubernetes_network_policy_v1', NAME);
    expect(np.spec.pod_selector).toEqual({ match_labels: postgres(example).spec.selector.match_labels });
    expect(np.spec.policy_types).toEqual(['Ingress']);
    const web = byName(example.json, 'kubernetes_deployment_v1', 'acme-staging-web').spec.selector;
    const worker = byName(example.json, 'kubernetes_deployment_v1', 'acme-staging-worker').spec.selector;
    expect(np.spec.ingress).toEqual([{ from: [{ pod_selector: web }, { pod_selector: worker }], ports: [{ port: '5432', protocol: 'TCP' }] }]);
    expect(JSON.stringify(np.spec)).not.toMatch(/namespace_selector|ip_block/);
  });

  test('only the services that use it are admitted; none admits nothing', async () => {
    const one = await synthStaging((spec) => {
      spec.services.worker.uses = ['redis'];
    });
    expect(byName(one.json, 'kubernetes_network_policy_v1', NAME).spec.ingress[0].from.map((f: any) => f.pod_selector.match_labels['app.kubernetes.io/name'])).toEqual(['web']);
    const none = await synthStaging((spec) => {
      spec.services.worker.uses = ['redis'];
      spec.services.web.uses = ['redis'];
    });
    const np = byName(none.json, 'kubernetes_network_policy_v1', NAME);
    expect(np.spec.ingress).toBeUndefined();
    expect(np.spec.policy_types).toEqual(['Ingress']);
  });

  test('deletion protection refuses to destroy the StatefulSet', async () => {
    expect(postgres(example).lifecycle).toEqual({ prevent_destroy: true });
    const s = await synthStaging((spec) => {
      spec.environments.staging.overrides.postgres.deletionProtection = false;
    });
    expect(postgres(s).lifecycle).toBeUndefined();
  });

  test('external postgres renders nothing', async () => {
    const s = await synthStaging(
      (spec) => {
        spec.postgres = { external: { urlSecret: 'EXTERNAL_DATABASE_URL' } };
        delete spec.environments.staging.overrides.postgres;
      },
      { SESSION_SECRET: 'x', REDIS_PASSWORD: 'y', EXTERNAL_DATABASE_URL: 'postgres://z' },
    );
    expect(resourceList(s.json, STS).map((r) => r.metadata.name)).toEqual(['acme-staging-redis']);
    expect(resourceList(s.json, 'kubernetes_config_map_v1')).toEqual([]);
    expect(resourceList(s.json, 'kubernetes_network_policy_v1').map((r) => r.metadata.name)).toEqual(['acme-staging-redis']);
    expect(s.text).not.toContain(NAME);
  });
});

describe('helpers', () => {
  test('hba uses md5 before PostgreSQL 14 (scram is the default password encryption from 14)', () => {
    const pg = { major: '13', tls: true } as any;
    expect(hbaConf(pg)).toMatch(/^hostssl all +all +all +md5$/m);
  });

  test('extension names are quoted identifiers', () => {
    expect(extensionsSql(['uuid-ossp'])).toBe('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\n');
  });

  test('server args without TLS or preload are just postgres', () => {
    expect(serverArgs({ tls: false, preloadLibraries: [] } as any)).toEqual(['postgres']);
  });
});
