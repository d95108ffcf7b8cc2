import { k8s004 } from '../../../../policies/rules/kubernetes';
import { failures, passes, run, synthContext } from '../../harness';
import { about, container, override, specInTier, STAGING } from './kubernetes-test-utils';

const sc = (field: string) => container(`security_context.${field}`);

describe('K8S-004 kubernetes containers run restricted', () => {
  test('passes on the example staging: every container has the restricted security context', async () => {
    const findings = run(k8s004, await synthContext('staging'));
    expect(passes(findings).map((f) => f.location.address)).toEqual([STAGING.web, STAGING.worker, STAGING.postgres, STAGING.redis].map((r) => r.address));
    expect(failures(findings)).toEqual([]);
  });

  test('fails when an escape hatch weakens a service container in every way at once', async () => {
    const path = STAGING.web.constructPath;
    const mutate = override(
      [path, sc('run_as_non_root'), false],
      [path, sc('run_as_user'), '0'],
      [path, sc('privileged'), true],
      [path, sc('allow_privilege_escalation'), true],
      [path, sc('capabilities.drop.0'), 'NET_RAW'],
      [path, sc('capabilities.add'), ['SYS_ADMIN', 'NET_BIND_SERVICE']],
      [path, sc('read_only_root_filesystem'), false],
      [path, sc('seccomp_profile.type'), 'Unconfined'],
    );
    const [f, ...rest] = failures(run(k8s004, await synthContext('staging', { mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'K8S-004', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'soft', location: STAGING.web });
    expect(f!.message).toBe(
      `service web in staging: ${STAGING.web.address} container web may run as root (run_as_non_root is not true); runs as uid 0 (root); is privileged; ` +
        'allows privilege escalation (allow_privilege_escalation is not false); does not drop all capabilities (capabilities.drop is ["NET_RAW"], expected ["ALL"]); ' +
        'adds capabilities SYS_ADMIN; has a writable root filesystem (read_only_root_filesystem is not true); runs without a seccomp profile (seccomp_profile.type is "Unconfined", expected RuntimeDefault)',
    );
  });

  test('fails when only the root filesystem is writable: a warning in development, an error in production', async () => {
    const mutate = override([STAGING.postgres.constructPath, sc('read_only_root_filesystem'), false]);
    const [dev] = failures(run(k8s004, await synthContext('staging', { spec: specInTier('staging', 'development'), mutate })));
    expect(dev).toMatchObject({ severity: 'warning', blocking: false, location: STAGING.postgres });
    expect(dev!.message).toBe(`postgres in staging: ${STAGING.postgres.address} container postgres has a writable root filesystem (read_only_root_filesystem is not true)`);
    const [prod] = failures(run(k8s004, await synthContext('staging', { spec: specInTier('staging', 'production'), mutate })));
    expect(prod).toMatchObject({ severity: 'error', blocking: true });
  });

  test('takes run_as_non_root and seccomp from the pod when the container leaves them out', async () => {
    const path = STAGING.redis.constructPath;
    const mutate = override([path, sc('run_as_non_root'), undefined], [path, sc('seccomp_profile'), undefined]);
    expect(about(run(k8s004, await synthContext('staging', { mutate })), STAGING.redis.address)[0]).toMatchObject({ outcome: 'pass' });
  });

  test('fails when neither the container nor the pod sets seccomp (the stateful set pod has one, the deployment pod has none)', async () => {
    const mutate = override([STAGING.worker.constructPath, sc('seccomp_profile'), undefined]);
    const [f] = failures(run(k8s004, await synthContext('staging', { mutate })));
    expect(f).toMatchObject({ location: STAGING.worker });
    expect(f!.message).toContain('runs without a seccomp profile (seccomp_profile.type is unset, expected RuntimeDefault)');
  });

  test('is unknown, not pass, when a judged field is an expression', async () => {
    const mutate = override([STAGING.worker.constructPath, sc('allow_privilege_escalation'), '${var.escalate}']);
    const [f] = about(run(k8s004, await synthContext('staging', { mutate })), STAGING.worker.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: STAGING.worker });
    expect(f!.message).toContain('allow_privilege_escalation is the expression ${var.escalate}');
  });
});
