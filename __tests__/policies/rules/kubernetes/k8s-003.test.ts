import { k8s003 } from '../../../../policies/rules/kubernetes';
import { failures, passes, run, synthContext } from '../../harness';
import { about, container, override, specInTier, STAGING } from './kubernetes-test-utils';

describe('K8S-003 kubernetes containers request CPU and memory and limit memory', () => {
  test('passes on the example staging: services and datastores set requests and a memory limit', async () => {
    const findings = run(k8s003, await synthContext('staging'));
    expect(passes(findings).map((f) => f.location.address)).toEqual([STAGING.web, STAGING.worker, STAGING.postgres, STAGING.redis].map((r) => r.address));
    expect(failures(findings)).toEqual([]);
    expect(about(findings, STAGING.web.address)[0]!.message).toBe(`service web in staging: ${STAGING.web.address} container web sets requests.cpu 500m, requests.memory 1024Mi, limits.memory 1024Mi`);
  });

  test('fails when an escape hatch drops the memory limit of a datastore', async () => {
    const mutate = override([STAGING.redis.constructPath, container('resources.limits'), undefined]);
    const [f, ...rest] = failures(run(k8s003, await synthContext('staging', { mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'K8S-003', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'soft', location: STAGING.redis });
    expect(f!.message).toBe(`redis in staging: ${STAGING.redis.address} container redis sets no resources.limits.memory`);
  });

  test('fails when a service declares no resources: a warning in development', async () => {
    const spec = specInTier('staging', 'development') as any;
    delete spec.services.worker.resources;
    const [f] = failures(run(k8s003, await synthContext('staging', { spec })));
    expect(f).toMatchObject({ severity: 'warning', blocking: false, location: STAGING.worker });
    expect(f!.message).toBe(`service worker in staging: ${STAGING.worker.address} container worker sets no resources.requests.cpu, resources.requests.memory, resources.limits.memory`);
  });

  test('is unknown, not pass, when a quantity is an expression', async () => {
    const mutate = override([STAGING.worker.constructPath, container('resources.requests.cpu'), '${var.worker_cpu}']);
    const [f] = about(run(k8s003, await synthContext('staging', { mutate })), STAGING.worker.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: STAGING.worker });
    expect(f!.message).toBe(`service worker in staging: ${STAGING.worker.address} container worker: resources.requests.cpu is the expression \${var.worker_cpu}, known only at plan`);
  });
});
