import { dkr002 } from '../../../../policies/rules/docker';
import { failures, passes, run, synthContext } from '../../harness';
import { about, DEV, override, specInTier } from './docker-test-utils';

describe('DKR-002 every docker container has a health check, a service container the spec\'s', () => {
  test('passes on the example dev: services run their spec check, datastores have theirs', async () => {
    const findings = run(dkr002, await synthContext('dev'));
    expect(passes(findings).map((f) => f.location.address).sort()).toEqual([DEV.postgres, DEV.redis, DEV.web, DEV.worker].map((r) => r.address).sort());
    expect(failures(findings)).toEqual([]);
    // web has liveness, readiness and startup: docker runs liveness, with the startup window as start period.
    expect(about(findings, DEV.web.address)[0]!.message).toContain('curl -fsS -o /dev/null http://127.0.0.1:8080/health');
  });

  test('fails when an escape hatch changes the interval and the command of a service check: an error in production', async () => {
    // addOverride merges arrays by concatenation: replace the command by its index.
    const mutate = override([DEV.web.constructPath, 'healthcheck.interval', '300s'], [DEV.web.constructPath, 'healthcheck.test.1', 'true']);
    const [f, ...rest] = failures(run(dkr002, await synthContext('dev', { spec: specInTier('dev', 'production'), mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'DKR-002', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'soft', location: DEV.web });
    expect(f!.message).toBe(
      `service web in dev: ${DEV.web.address} runs a health check that differs from the spec of service web: ` +
        'test is ["CMD-SHELL","true"], the spec renders ["CMD-SHELL","curl -fsS -o /dev/null http://127.0.0.1:8080/health || wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1"]; ' +
        'interval is "300s", the spec renders "15s"',
    );
  });

  test('fails when the check drifts from a spec variant in development, as a warning', async () => {
    // The spec now says 4 retries; the container keeps 3 through the escape hatch.
    const spec = specInTier('dev', 'development') as any;
    spec.services.worker.healthChecks.liveness.retries = 4;
    const [f] = failures(run(dkr002, await synthContext('dev', { spec, mutate: override([DEV.worker.constructPath, 'healthcheck.retries', 3]) })));
    expect(f).toMatchObject({ severity: 'warning', blocking: false, location: DEV.worker });
    expect(f!.message).toContain('retries is 3, the spec renders 4');
  });

  test('fails when a datastore container has no health check or disables it', async () => {
    const mutate = override([DEV.redis.constructPath, 'healthcheck', undefined], [DEV.postgres.constructPath, 'healthcheck.test.0', 'NONE'], [DEV.postgres.constructPath, 'healthcheck.test.1', undefined]);
    const findings = failures(run(dkr002, await synthContext('dev', { spec: specInTier('dev', 'staging'), mutate })));
    expect(findings.map((f) => [f.location.address, f.location.constructPath, f.location.specPath, f.severity, f.blocking, f.message])).toEqual([
      [DEV.postgres.address, DEV.postgres.constructPath, 'postgres', 'error', true, `postgres in dev: ${DEV.postgres.address} disables its image's health check (test ["NONE"])`],
      [DEV.redis.address, DEV.redis.constructPath, 'redis', 'error', true, `redis in dev: ${DEV.redis.address} has no health check`],
    ]);
  });

  test('is unknown, not pass, when a compared field is an expression', async () => {
    const mutate = override([DEV.web.constructPath, 'healthcheck.retries', '${var.web_retries}']);
    const [f] = about(run(dkr002, await synthContext('dev', { mutate })), DEV.web.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: DEV.web });
    expect(f!.message).toContain('retries is "${var.web_retries}", the spec renders 3');
  });
});
