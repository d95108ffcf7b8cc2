import { dkr004 } from '../../../../policies/rules/docker';
import { failures, passes, run, synthContext } from '../../harness';
import { about, DEV, override, specInTier } from './docker-test-utils';

describe('DKR-004 docker datastores publish no port', () => {
  test('passes on the example dev: datastores publish nothing, web publishes 8080 on 127.0.0.1', async () => {
    const findings = run(dkr004, await synthContext('dev'));
    expect(passes(findings).map((f) => f.location.address).sort()).toEqual([DEV.postgres, DEV.redis, DEV.web, DEV.worker].map((r) => r.address).sort());
    expect(failures(findings)).toEqual([]);
    expect(about(findings, DEV.postgres.address)[0]!.message).toBe(`postgres in dev: ${DEV.postgres.address} is the postgres datastore and publishes no port`);
  });

  test('fails when an escape hatch publishes the postgres container, even on loopback', async () => {
    const mutate = override([DEV.postgres.constructPath, 'ports', [{ internal: 5432, external: 15432, ip: '127.0.0.1' }]]);
    const [f, ...rest] = failures(run(dkr004, await synthContext('dev', { spec: specInTier('dev', 'production'), mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'DKR-004', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'hard', location: DEV.postgres });
    expect(f!.message).toBe(`postgres in dev: ${DEV.postgres.address} is the postgres datastore and publishes 127.0.0.1:15432->5432 on the host; a datastore publishes no port`);
  });

  test('fails when a service container publishes the redis port on every interface (no ip: the provider default)', async () => {
    const mutate = override([DEV.worker.constructPath, 'ports', [{ internal: 6379, external: 6379 }]]);
    const [f, ...rest] = failures(run(dkr004, await synthContext('dev', { mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', blocking: true, location: DEV.worker });
    expect(f!.message).toBe(`service worker in dev: ${DEV.worker.address} publishes the redis port on every interface (0.0.0.0:6379->6379 (ip unset: the provider default))`);
  });

  test('fails when a container running the official redis image outside the Redis construct publishes anything', async () => {
    // The worker's container now runs the redis image: it is a datastore whatever its construct.
    const mutate = override([DEV.worker.constructPath, 'image', 'docker.io/library/redis:7.0'], [DEV.worker.constructPath, 'ports', [{ internal: 6380, external: 6380, ip: '::' }]]);
    const [f] = failures(run(dkr004, await synthContext('dev', { mutate })));
    expect(f).toMatchObject({ location: DEV.worker, blocking: true });
    expect(f!.message).toContain('is the redis datastore and publishes [::]:6380->6380 on the host');
  });

  test('passes a datastore port published on loopback by a service container', async () => {
    const mutate = override([DEV.worker.constructPath, 'ports', [{ internal: 5432, external: 5432, ip: '127.0.0.1' }]]);
    expect(failures(run(dkr004, await synthContext('dev', { mutate })))).toEqual([]);
  });

  test('is unknown, not pass, when the address a datastore port is published on is an expression', async () => {
    const mutate = override([DEV.worker.constructPath, 'ports', [{ internal: 5432, external: 5432, ip: '${var.bind_ip}' }]]);
    const [f] = about(run(dkr004, await synthContext('dev', { mutate })), DEV.worker.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: DEV.worker });
    expect(f!.message).toContain('the postgres port is published on the expression ${var.bind_ip}');
  });
});
