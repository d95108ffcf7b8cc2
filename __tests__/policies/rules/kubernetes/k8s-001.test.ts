import { k8s001 } from '../../../../policies/rules/kubernetes';
import { failures, passes, run, synthContext } from '../../harness';
import { about, container, override, specInTier, STAGING } from './kubernetes-test-utils';

describe('K8S-001 kubernetes container images are pinned', () => {
  test('passes on the example staging: every container of every deployment and stateful set is pinned', async () => {
    const findings = run(k8s001, await synthContext('staging'));
    expect(passes(findings).map((f) => f.location.address)).toEqual([STAGING.web, STAGING.worker, STAGING.postgres, STAGING.redis].map((r) => r.address));
    expect(failures(findings)).toEqual([]);
    expect(about(findings, STAGING.postgres.address)[0]!.message).toBe(`postgres in staging: ${STAGING.postgres.address} container postgres runs docker.io/library/postgres:16, pinned by tag 16`);
  });

  test('fails when an escape hatch sets a deployment image to :latest, blocking in every tier', async () => {
    const mutate = override([STAGING.web.constructPath, container('image'), 'ghcr.io/acme/web:latest']);
    for (const tier of ['development', 'staging', 'production'] as const) {
      const [f, ...rest] = failures(run(k8s001, await synthContext('staging', { spec: specInTier('staging', tier), mutate })));
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ ruleId: 'K8S-001', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'hard', location: STAGING.web });
      expect(f!.message).toBe(
        `service web in staging: ${STAGING.web.address} container web runs ghcr.io/acme/web:latest, which must not use the floating tag :latest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest`,
      );
    }
  });

  test('fails when an init container of a stateful set is untagged behind a registry port', async () => {
    const mutate = override([STAGING.redis.constructPath, 'spec.template.spec.init_container', [{ name: 'sysctl', image: 'registry.local:5000/tools/sysctl' }]]);
    const [f] = failures(run(k8s001, await synthContext('staging', { mutate })));
    expect(f).toMatchObject({ blocking: true, location: STAGING.redis });
    expect(f!.message).toBe(`redis in staging: ${STAGING.redis.address} init container sysctl runs registry.local:5000/tools/sysctl, which has no tag or digest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest`);
  });

  test('is unknown, not pass, when an image is an expression', async () => {
    const mutate = override([STAGING.worker.constructPath, container('image'), '${var.worker_image}']);
    const [f] = about(run(k8s001, await synthContext('staging', { mutate })), STAGING.worker.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: STAGING.worker });
    expect(f!.message).toContain('takes its image from the expression ${var.worker_image}, known only at plan');
  });
});
