import { k8s005 } from '../../../../policies/rules/kubernetes';
import { failures, passes, run, synthContext } from '../../harness';
import { about, override, specInTier, STAGING } from './kubernetes-test-utils';

describe('K8S-005 replicated deployments have a disruption budget; autoscaled ones leave replicas alone', () => {
  test('passes on the example staging: both deployments have a budget that lets one pod go; web\'s autoscaler owns its replicas', async () => {
    const findings = run(k8s005, await synthContext('staging'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([
      `service web in staging: ${STAGING.web.address}: ${STAGING.webBudget.address} selects its 2 pods and allows 1 disruption at a time`,
      `service web in staging: ${STAGING.web.address} is autoscaled by ${STAGING.webAutoscaler.address}; its replicas (2) are only the count at creation (lifecycle.ignore_changes)`,
      `service worker in staging: ${STAGING.worker.address}: ${STAGING.workerBudget.address} selects its 2 pods and allows 1 disruption at a time`,
    ]);
  });

  test('fails when an escape hatch makes a budget allow no disruption: a warning in staging, an error in production', async () => {
    const mutate = override([STAGING.webBudget.constructPath, 'spec.max_unavailable', '0']);
    const [stg] = failures(run(k8s005, await synthContext('staging', { mutate })));
    expect(stg).toMatchObject({ ruleId: 'K8S-005', outcome: 'fail', severity: 'warning', blocking: false, enforcement: 'soft', location: STAGING.web });
    expect(stg!.message).toBe(`service web in staging: ${STAGING.web.address}: ${STAGING.webBudget.address} allows no disruption of its 2 pods, so no node can be drained without breaking the budget`);
    const [prod] = failures(run(k8s005, await synthContext('staging', { spec: specInTier('staging', 'production'), mutate })));
    expect(prod).toMatchObject({ severity: 'error', blocking: true, location: STAGING.web });
  });

  test('fails when min_available equals the replicas', async () => {
    const mutate = override([STAGING.workerBudget.constructPath, 'spec.max_unavailable', undefined], [STAGING.workerBudget.constructPath, 'spec.min_available', '100%']);
    const [f] = failures(run(k8s005, await synthContext('staging', { mutate })));
    expect(f).toMatchObject({ location: STAGING.worker });
    expect(f!.message).toContain(`${STAGING.workerBudget.address} allows no disruption of its 2 pods`);
  });

  test('fails when no budget selects the pods of a replicated deployment', async () => {
    const mutate = override([STAGING.workerBudget.constructPath, 'spec.selector.match_labels', { 'app.kubernetes.io/name': 'other' }]);
    const [f] = failures(run(k8s005, await synthContext('staging', { spec: specInTier('staging', 'production'), mutate })));
    expect(f).toMatchObject({ severity: 'error', blocking: true, location: STAGING.worker });
    expect(f!.message).toBe(`service worker in staging: ${STAGING.worker.address}: it runs 2 replicas but no PodDisruptionBudget selects its pods, so a node drain may evict them all at once`);
  });

  test('fails when an autoscaled deployment no longer ignores changes to its replicas', async () => {
    const mutate = override([STAGING.web.constructPath, 'lifecycle', undefined]);
    const [f] = failures(run(k8s005, await synthContext('staging', { mutate })));
    expect(f).toMatchObject({ location: STAGING.web });
    expect(f!.message).toBe(
      `service web in staging: ${STAGING.web.address} is autoscaled by ${STAGING.webAutoscaler.address} but sets replicas 2 without lifecycle.ignore_changes ["spec[0].replicas"], so every apply scales it back to 2`,
    );
  });

  test('passes a single replica without a budget, and is off in development', async () => {
    const spec = specInTier('staging', 'staging') as any;
    spec.services.worker.replicas = 1;
    const [f] = about(run(k8s005, await synthContext('staging', { spec })), STAGING.worker.address);
    expect(f).toMatchObject({ outcome: 'pass' });
    expect(f!.message).toBe(`service worker in staging: ${STAGING.worker.address}: it runs 1 replica, no disruption budget needed`);
    expect(run(k8s005, await synthContext('staging', { spec: specInTier('staging', 'development') }))).toEqual([]);
  });

  test('is unknown, not pass, when the budget is an expression', async () => {
    const mutate = override([STAGING.workerBudget.constructPath, 'spec.max_unavailable', '${var.worker_max_unavailable}']);
    const [f] = about(run(k8s005, await synthContext('staging', { mutate })), STAGING.worker.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: STAGING.worker });
    expect(f!.message).toContain('but it is the expression ${var.worker_max_unavailable}, known only at plan');
  });
});
