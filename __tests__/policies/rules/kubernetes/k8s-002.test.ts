import { k8s002 } from '../../../../policies/rules/kubernetes';
import { failures, passes, run, synthContext } from '../../harness';
import { about, container, override, specInTier, STAGING } from './kubernetes-test-utils';

describe('K8S-002 readiness probes where there is a port, service probes equal to the spec', () => {
  test('passes on the example staging: services carry their spec probes, datastores their readiness probes', async () => {
    const findings = run(k8s002, await synthContext('staging'));
    expect(passes(findings).map((f) => f.location.address)).toEqual([STAGING.web, STAGING.worker, STAGING.postgres, STAGING.redis].map((r) => r.address));
    expect(failures(findings)).toEqual([]);
    expect(about(findings, STAGING.web.address)[0]!.message).toBe(`service web in staging: ${STAGING.web.address} container web has readiness, liveness, startup probes, as the spec declares`);
  });

  test('fails when an escape hatch points the readiness probe elsewhere and slows it down', async () => {
    const mutate = override([STAGING.web.constructPath, container('readiness_probe.http_get.path'), '/health'], [STAGING.web.constructPath, container('readiness_probe.period_seconds'), 60]);
    const [f, ...rest] = failures(run(k8s002, await synthContext('staging', { mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'K8S-002', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'soft', location: STAGING.web });
    expect(f!.message).toBe(
      `service web in staging: ${STAGING.web.address} container web (service web) readiness_probe.period_seconds is 60, the spec renders 10; readiness_probe.http_get.path is "/health", the spec renders "/ready"`,
    );
  });

  test('fails when the readiness probe of a service with a port is removed', async () => {
    const mutate = override([STAGING.web.constructPath, container('readiness_probe'), undefined]);
    const [f] = failures(run(k8s002, await synthContext('staging', { spec: specInTier('staging', 'production'), mutate })));
    expect(f).toMatchObject({ severity: 'error', blocking: true, location: STAGING.web });
    expect(f!.message).toBe(`service web in staging: ${STAGING.web.address} container web (service web) listens on port 8080 but has no readiness_probe, the spec declares one`);
  });

  test('fails when the spec gives a service with a port no readiness check: a warning in development', async () => {
    const spec = specInTier('staging', 'development') as any;
    delete spec.services.web.healthChecks.readiness;
    const [f] = failures(run(k8s002, await synthContext('staging', { spec })));
    expect(f).toMatchObject({ severity: 'warning', blocking: false, location: STAGING.web });
    expect(f!.message).toBe(`service web in staging: ${STAGING.web.address} container web (service web) listens on port 8080 but has no readiness_probe`);
  });

  test('fails when a container gets a probe its spec does not declare, or a datastore loses its readiness probe', async () => {
    const mutate = override(
      [STAGING.worker.constructPath, container('readiness_probe'), { exec: { command: ['true'] } }],
      [STAGING.postgres.constructPath, container('readiness_probe'), undefined],
    );
    const findings = failures(run(k8s002, await synthContext('staging', { mutate })));
    expect(findings.map((f) => [f.location.address, f.location.constructPath, f.location.specPath, f.message])).toEqual([
      [STAGING.worker.address, STAGING.worker.constructPath, 'services.worker', `service worker in staging: ${STAGING.worker.address} container worker (service worker) has a readiness_probe the spec of service worker does not declare`],
      [STAGING.postgres.address, STAGING.postgres.constructPath, 'postgres', `postgres in staging: ${STAGING.postgres.address} container postgres listens on port 5432 but has no readiness_probe`],
    ]);
  });

  test('fails when a sidecar listens on a port without a readiness probe; the spec is compared with the service container only', async () => {
    const mutate = override([STAGING.web.constructPath, 'spec.template.spec.container.1', { name: 'proxy', image: 'ghcr.io/acme/proxy:1.4.2', port: [{ container_port: 15000 }] }]);
    const findings = failures(run(k8s002, await synthContext('staging', { mutate })));
    expect(findings.map((f) => f.message)).toEqual([`service web in staging: ${STAGING.web.address} container proxy listens on port 15000 but has no readiness_probe`]);
  });

  test('is unknown, not pass, when a probe field is an expression', async () => {
    const mutate = override([STAGING.web.constructPath, container('liveness_probe.period_seconds'), '${var.web_liveness_period}']);
    const [f] = about(run(k8s002, await synthContext('staging', { mutate })), STAGING.web.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: STAGING.web });
    expect(f!.message).toContain('liveness_probe.period_seconds is "${var.web_liveness_period}", the spec renders 15');
  });
});
