import { kubernetesProbe } from '../../../constructs/kubernetes/health-check';
import { redisDefaultResources, redisStorageGiB } from '../../../constructs/kubernetes/redis';
import { HealthCheck } from '../../../model';
import { byName, container, resourceList, snakeKeys, synthStaging, type Synthesized } from './synth';

const STS = 'kubernetes_stateful_set_v1';
const NAME = 'acme-staging-redis';
let example: Synthesized;

beforeAll(async () => {
  example = await synthStaging();
});

const redis = (s: Synthesized) => byName(s.json, STS, NAME);

describe('managed redis', () => {
  test('a one-replica StatefulSet of the pinned image (ElastiCache 7.1 -> redis 7.0)', () => {
    const sts = redis(example);
    expect(sts.spec.replicas).toBe('1');
    expect(container(sts).image).toBe('docker.io/library/redis:7.0');
  });

  test('TLS only, password from the env, maxmemory, no persistence', () => {
    expect(container(redis(example)).args).toEqual([
      'redis-server',
      '--requirepass', '$(REDIS_PASSWORD)',
      '--maxmemory', '256mb',
      '--appendonly', 'no', '--save', '',
      '--port', '0',
      '--tls-port', '6379',
      '--tls-cert-file', '/etc/pinstack/tls/tls.crt',
      '--tls-key-file', '/etc/pinstack/tls/tls.key',
      '--tls-auth-clients', 'no',
    ]);
    const sts = redis(example);
    expect(sts.spec.template.spec.volume).toContainEqual({ name: 'tls', secret: { secret_name: 'acme-staging-datastore-tls', default_mode: '0640' } });
    expect(container(sts).volume_mount).toContainEqual({ name: 'tls', mount_path: '/etc/pinstack/tls', read_only: true });
  });

  test('the password from its own Secret for the server and redis-cli, never a literal', () => {
    const secret = byName(example.json, 'kubernetes_secret_v1', `${NAME}-password`);
    expect(secret.data).toEqual({ REDIS_PASSWORD: '${var.secret_redis_password}' });
    const ref = { name: '${kubernetes_secret_v1.Redis_Password_FA8B209D.metadata[0].name}', key: 'REDIS_PASSWORD' };
    expect(container(redis(example)).env).toEqual([
      { name: 'REDIS_PASSWORD', value_from: { secret_key_ref: ref } },
      { name: 'REDISCLI_AUTH', value_from: { secret_key_ref: ref } },
    ]);
  });

  test('probes: redis-cli ping over TLS must answer PONG', () => {
    const ping = ['sh', '-c', '[ "$(redis-cli -h 127.0.0.1 -p 6379 --tls --insecure ping)" = PONG ]'];
    const c = container(redis(example));
    expect(c.readiness_probe).toEqual(snakeKeys(kubernetesProbe(HealthCheck.command(ping, { intervalSeconds: 10, timeoutSeconds: 5, retries: 3 }))));
    expect(c.liveness_probe.exec.command).toEqual(ping);
    expect(c.startup_probe.exec.command).toEqual(ping);
    for (const probe of [c.readiness_probe, c.liveness_probe, c.startup_probe]) expect(probe.exec.command.join(' ')).not.toMatch(/-a |--pass/);
  });

  test('without persistence: no volume claim, /data on an emptyDir', () => {
    const sts = redis(example);
    expect(sts.spec.volume_claim_template).toBeUndefined();
    expect(sts.spec.template.spec.volume).toContainEqual({ name: 'data', empty_dir: {} });
  });

  test('with persistence: AOF on a volume claim of the storage class', async () => {
    const s = await synthStaging((spec) => {
      spec.redis.persistence = true;
      spec.redis.memoryMiB = 1024;
    });
    const sts = redis(s);
    expect(container(sts).args).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(container(sts).args).not.toContain('--save');
    expect(sts.spec.volume_claim_template).toEqual([
      {
        metadata: { name: 'data', labels: sts.metadata.labels },
        spec: { access_modes: ['ReadWriteOnce'], storage_class_name: 'encrypted-gp3', resources: { requests: { storage: '2Gi' } } },
      },
    ]);
    expect(sts.spec.template.spec.volume.map((v: any) => v.name)).not.toContain('data');
    expect(container(sts).volume_mount).toContainEqual({ name: 'data', mount_path: '/data' });
  });

  test('without TLS: plain port, no certificate, plain ping', async () => {
    const s = await synthStaging((spec) => {
      spec.redis.tls = false;
    });
    const c = container(redis(s));
    expect(c.args.slice(-2)).toEqual(['--port', '6379']);
    expect(c.args).not.toContain('--tls-port');
    expect(c.readiness_probe.exec.command).toEqual(['sh', '-c', '[ "$(redis-cli -h 127.0.0.1 -p 6379 ping)" = PONG ]']);
    expect(redis(s).spec.template.spec.volume.map((v: any) => v.name)).not.toContain('tls');
  });

  test('resources: maxmemory plus headroom; restricted security context as uid 999', () => {
    const sts = redis(example);
    expect(container(sts).resources).toEqual({ requests: { cpu: '100m', memory: '320Mi' }, limits: { memory: '320Mi' } });
    expect(sts.spec.template.spec.security_context).toMatchObject({ run_as_non_root: true, run_as_user: '999', fs_group: '999' });
    expect(container(sts).security_context).toMatchObject({ run_as_user: '999', allow_privilege_escalation: false, capabilities: { drop: ['ALL'] } });
  });

  test('a headless ClusterIP Service named after it and a NetworkPolicy for its clients on 6379', () => {
    const svc = byName(example.json, 'kubernetes_service_v1', NAME);
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', cluster_ip: 'None', port: [{ name: 'redis', port: 6379, target_port: 'redis', protocol: 'TCP' }] });
    const np = byName(example.json, 'kubernetes_network_policy_v1', NAME);
    expect(np.spec.pod_selector).toEqual({ match_labels: redis(example).spec.selector.match_labels });
    expect(np.spec.ingress[0].ports).toEqual([{ port: '6379', protocol: 'TCP' }]);
    expect(np.spec.ingress[0].from.map((f: any) => f.pod_selector.match_labels['app.kubernetes.io/name'])).toEqual(['web', 'worker']);
  });

  test('external redis renders nothing', async () => {
    const s = await synthStaging(
      (spec) => {
        spec.redis = { external: { urlSecret: 'EXTERNAL_REDIS_URL' } };
      },
      { SESSION_SECRET: 'x', POSTGRES_PASSWORD: 'y', EXTERNAL_REDIS_URL: 'rediss://z' },
    );
    expect(resourceList(s.json, STS).map((r) => r.metadata.name)).toEqual(['acme-staging-postgres']);
    expect(s.text).not.toContain(NAME);
  });
});

describe('sizing defaults', () => {
  test('memory: maxmemory + max(64 MiB, 25%)', () => {
    expect(redisDefaultResources(256).memoryLimitMiB).toBe(320);
    expect(redisDefaultResources(4096).memoryLimitMiB).toBe(5120);
  });

  test('AOF volume: twice maxmemory, at least 1 GiB', () => {
    expect(redisStorageGiB(256)).toBe(1);
    expect(redisStorageGiB(3000)).toBe(6);
  });
});
