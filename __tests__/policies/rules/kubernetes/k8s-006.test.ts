import { k8s006 } from '../../../../policies/rules/kubernetes';
import { failures, passes, run, synthContext } from '../../harness';
import { about, override, specInTier, STAGING } from './kubernetes-test-utils';

describe('K8S-006 kubernetes resources live in the environment namespace', () => {
  test('passes on the example staging: every namespaced resource references the Namespace acme-staging', async () => {
    const findings = run(k8s006, await synthContext('staging'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings)).toHaveLength(19);
    // The Namespace itself is cluster-scoped: nothing to check.
    expect(about(findings, STAGING.namespace.address)).toEqual([]);
    expect(about(findings, STAGING.webSecret.address)[0]!.message).toBe(
      `service web in staging: ${STAGING.webSecret.address} is in the environment's namespace acme-staging (from ${STAGING.namespace.address})`,
    );
  });

  test('fails when an escape hatch moves a Secret to the default namespace', async () => {
    const mutate = override([STAGING.webSecret.constructPath, 'metadata.namespace', 'default']);
    const [f, ...rest] = failures(run(k8s006, await synthContext('staging', { mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'K8S-006', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'soft', location: STAGING.webSecret });
    expect(f!.message).toBe(`service web in staging: ${STAGING.webSecret.address} is in the default namespace`);
  });

  test('fails when a resource has no namespace (so default), or sits in another namespace: warnings in development', async () => {
    const mutate = override([STAGING.postgres.constructPath, 'metadata.namespace', undefined], [STAGING.redisService.constructPath, 'metadata.namespace', 'kube-system']);
    const findings = failures(run(k8s006, await synthContext('staging', { spec: specInTier('staging', 'development'), mutate })));
    expect(findings.map((f) => [f.location.address, f.location.constructPath, f.location.specPath, f.severity, f.blocking, f.message])).toEqual([
      [STAGING.redisService.address, STAGING.redisService.constructPath, 'redis', 'warning', false, `redis in staging: ${STAGING.redisService.address} is in the namespace kube-system, not the environment's namespace acme-staging`],
      [STAGING.postgres.address, STAGING.postgres.constructPath, 'postgres', 'warning', false, `postgres in staging: ${STAGING.postgres.address} sets no metadata.namespace, so it is created in the default namespace`],
    ]);
  });

  test('is unknown, not pass, when the namespace is an expression other than the Namespace reference', async () => {
    const mutate = override([STAGING.webIngress.constructPath, 'metadata.namespace', '${var.namespace}']);
    const [f] = about(run(k8s006, await synthContext('staging', { mutate })), STAGING.webIngress.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: STAGING.webIngress });
    expect(f!.message).toBe(`service web in staging: ${STAGING.webIngress.address} is in the namespace \${var.namespace}, an expression known only at plan`);
  });
});
