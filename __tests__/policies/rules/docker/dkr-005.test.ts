import { dkr005 } from '../../../../policies/rules/docker';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, synthContext } from '../../harness';
import { about, DEV, override, specInTier } from './docker-test-utils';

describe('DKR-005 docker containers have a memory limit and a restart policy', () => {
  test('passes on the example dev: every container is limited and restarts unless stopped', async () => {
    const findings = run(dkr005, await synthContext('dev'));
    expect(passes(findings).map((f) => f.location.address).sort()).toEqual([DEV.postgres, DEV.redis, DEV.web, DEV.worker].map((r) => r.address).sort());
    expect(failures(findings)).toEqual([]);
    expect(about(findings, DEV.redis.address)[0]!.message).toBe(`redis in dev: ${DEV.redis.address} has a memory limit of 384 MB and restart unless-stopped`);
  });

  test('fails when a service declares no resources (so no memory limit is rendered): a warning, even in production', async () => {
    const spec = specInTier('dev', 'production') as ReturnType<typeof exampleSpec>;
    delete spec.services.worker.resources;
    const [f, ...rest] = failures(run(dkr005, await synthContext('dev', { spec })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'DKR-005', outcome: 'fail', severity: 'warning', blocking: false, enforcement: 'advisory', location: DEV.worker });
    expect(f!.message).toBe(`service worker in dev: ${DEV.worker.address} has no memory limit (memory is unset)`);
  });

  test('fails when an escape hatch sets restart "no" and removes the memory limit of redis', async () => {
    const mutate = override([DEV.redis.constructPath, 'restart', 'no'], [DEV.redis.constructPath, 'memory', undefined]);
    const [f] = failures(run(dkr005, await synthContext('dev', { mutate })));
    expect(f).toMatchObject({ severity: 'warning', blocking: false, location: DEV.redis });
    expect(f!.message).toBe(`redis in dev: ${DEV.redis.address} has no memory limit (memory is unset) and has restart "no", expected one of unless-stopped, always, on-failure`);
  });

  test('passes restart "always"', async () => {
    const mutate = override([DEV.web.constructPath, 'restart', 'always']);
    expect(about(run(dkr005, await synthContext('dev', { mutate })), DEV.web.address)[0]).toMatchObject({ outcome: 'pass' });
  });

  test('is unknown, not pass, when the memory limit is an expression', async () => {
    const mutate = override([DEV.web.constructPath, 'memory', '${var.web_memory}']);
    const [f] = about(run(dkr005, await synthContext('dev', { mutate })), DEV.web.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: DEV.web });
    expect(f!.message).toContain('memory is the expression ${var.web_memory}');
  });
});
