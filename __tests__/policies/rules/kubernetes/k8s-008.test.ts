import { k8s008 } from '../../../../policies/rules/kubernetes';
import { failures, passes, run, synthContext } from '../../harness';
import { about, override, specInTier, STAGING } from './kubernetes-test-utils';

describe('K8S-008 kubernetes datastores are not exposed', () => {
  test('passes on the example staging: headless ClusterIP datastore Services, NetworkPolicies, an ingress to web only', async () => {
    const findings = run(k8s008, await synthContext('staging'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.location.address)).toEqual(
      [STAGING.postgres, STAGING.redis, STAGING.postgresService, STAGING.redisService, STAGING.webIngress].map((r) => r.address),
    );
    expect(about(findings, STAGING.postgres.address)[0]!.message).toBe(`postgres in staging: ${STAGING.postgres.address}: ${STAGING.postgresPolicy.address} isolates the postgres pods`);
  });

  test('fails when an escape hatch turns the postgres Service into a LoadBalancer, blocking in every tier', async () => {
    const mutate = override([STAGING.postgresService.constructPath, 'spec.type', 'LoadBalancer'], [STAGING.postgresService.constructPath, 'spec.cluster_ip', undefined]);
    const [f, ...rest] = failures(run(k8s008, await synthContext('staging', { spec: specInTier('staging', 'development'), mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'K8S-008', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'hard', location: STAGING.postgresService });
    expect(f!.message).toBe(`postgres in staging: ${STAGING.postgresService.address} is a LoadBalancer Service for the postgres pods, reachable from outside the cluster`);
  });

  test('fails when another Service selects the datastore pods as a NodePort', async () => {
    const path = STAGING.webService.constructPath;
    const mutate = override(
      [path, 'spec.type', 'NodePort'],
      // Maps merge key by key (addOverride cannot address a key with dots in it).
      [path, 'spec.selector', { 'app.kubernetes.io/name': 'acme-staging-redis', 'app.kubernetes.io/component': 'cache' }],
    );
    const [f] = failures(run(k8s008, await synthContext('staging', { mutate })));
    expect(f).toMatchObject({ blocking: true, location: STAGING.webService });
    expect(f!.message).toBe(`service web in staging: ${STAGING.webService.address} is a NodePort Service for the redis pods, reachable from outside the cluster`);
  });

  test('fails when the ingress routes to the redis Service', async () => {
    const mutate = override([STAGING.webIngress.constructPath, 'spec.rule.0.http.path.0.backend.service.name', `\${${STAGING.redisService.address}.metadata[0].name}`]);
    const [f] = failures(run(k8s008, await synthContext('staging', { mutate })));
    expect(f).toMatchObject({ blocking: true, location: STAGING.webIngress });
    expect(f!.message).toBe(`service web in staging: ${STAGING.webIngress.address} routes to the datastore Service ${STAGING.redisService.address} (redis), exposing it outside the cluster`);
  });

  test('fails when no NetworkPolicy selects the postgres pods, or the redis one admits every source', async () => {
    const mutate = override(
      [STAGING.postgresPolicy.constructPath, 'spec.pod_selector.match_labels', { 'app.kubernetes.io/name': 'nothing' }],
      [STAGING.redisPolicy.constructPath, 'spec.ingress.0.from', undefined],
    );
    const findings = failures(run(k8s008, await synthContext('staging', { mutate })));
    expect(findings.map((f) => [f.location.address, f.location.constructPath, f.location.specPath, f.message])).toEqual([
      [STAGING.postgres.address, STAGING.postgres.constructPath, 'postgres', `postgres in staging: ${STAGING.postgres.address}: no NetworkPolicy isolates the postgres pods (none with an Ingress policy selects them), so every pod in the cluster can connect to it`],
      [STAGING.redis.address, STAGING.redis.constructPath, 'redis', `redis in staging: ${STAGING.redis.address}: ${STAGING.redisPolicy.address} selects the redis pods but an ingress rule without \`from\` admits every source`],
    ]);
  });

  test('is unknown, not pass, when a datastore Service type is an expression', async () => {
    const mutate = override([STAGING.redisService.constructPath, 'spec.type', '${var.redis_service_type}']);
    const [f] = about(run(k8s008, await synthContext('staging', { mutate })), STAGING.redisService.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: STAGING.redisService });
    expect(f!.message).toContain('its type is the expression ${var.redis_service_type}, known only at plan');
  });
});
