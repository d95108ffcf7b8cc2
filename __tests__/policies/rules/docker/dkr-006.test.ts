import { dkr006 } from '../../../../policies/rules/docker';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, synthContext } from '../../harness';
import { DEV, override, specInTier } from './docker-test-utils';

const PG_VOLUME = 'docker_volume.Postgres_Data_5E50CBCF';

describe('DKR-006 stateful docker containers keep their data in a named docker_volume', () => {
  test('passes on the example dev: postgres data is on its volume; redis without persistence is not stateful', async () => {
    const findings = run(dkr006, await synthContext('dev'));
    expect(findings.map((f) => [f.outcome, f.location.address])).toEqual([['pass', DEV.postgres.address]]);
    expect(findings[0]!.message).toBe(`postgres in dev: ${DEV.postgres.address} keeps its data directory /var/lib/postgresql/data (mounted at /var/lib/postgresql/data) in the named volume ${PG_VOLUME}`);
  });

  test('passes redis with persistence on its own volume', async () => {
    const spec = exampleSpec();
    spec.redis.persistence = true;
    const findings = run(dkr006, await synthContext('dev', { spec }));
    expect(passes(findings).map((f) => f.location.address)).toEqual([DEV.postgres.address, DEV.redis.address]);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when an escape hatch turns the postgres data volume into an anonymous one: a warning, even in production', async () => {
    const mutate = override([DEV.postgres.constructPath, 'volumes.0.volume_name', undefined]);
    const [f, ...rest] = failures(run(dkr006, await synthContext('dev', { spec: specInTier('dev', 'production'), mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'DKR-006', outcome: 'fail', severity: 'warning', blocking: false, enforcement: 'advisory', location: DEV.postgres });
    expect(f!.message).toBe(
      `postgres in dev: ${DEV.postgres.address} keeps its data directory /var/lib/postgresql/data (mounted at /var/lib/postgresql/data) in an anonymous volume (removed with the container), not a named docker_volume`,
    );
  });

  test('fails when the data is on a bind mount, or on a volume docker creates outside Terraform', async () => {
    const bind = override([DEV.postgres.constructPath, 'volumes.0.volume_name', undefined], [DEV.postgres.constructPath, 'volumes.0.host_path', '/srv/pg']);
    const [f1] = failures(run(dkr006, await synthContext('dev', { mutate: bind })));
    expect(f1!.message).toContain('in a bind mount of the host path /srv/pg, not a named docker_volume');
    const stray = override([DEV.postgres.constructPath, 'volumes.0.volume_name', 'pgdata']);
    const [f2] = failures(run(dkr006, await synthContext('dev', { mutate: stray })));
    expect(f2).toMatchObject({ location: DEV.postgres });
    expect(f2!.message).toContain('in the volume "pgdata", which is not a docker_volume of this stack');
  });

  test('fails when the data volume is mounted beside the data directory', async () => {
    const mutate = override([DEV.postgres.constructPath, 'volumes.0.container_path', '/backups']);
    const [f] = failures(run(dkr006, await synthContext('dev', { mutate })));
    expect(f!.message).toBe(`postgres in dev: ${DEV.postgres.address} is a stateful postgres container with no volume at its data directory /var/lib/postgresql/data: the data lives in the container and is lost when it is replaced`);
  });

  test('is unknown, not pass, when the volume name is an expression that is not a docker_volume', async () => {
    const mutate = override([DEV.postgres.constructPath, 'volumes.0.volume_name', '${var.pg_volume}']);
    const [f] = run(dkr006, await synthContext('dev', { mutate }));
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: DEV.postgres });
  });
});
