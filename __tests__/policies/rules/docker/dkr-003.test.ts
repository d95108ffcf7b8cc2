import { dkr003 } from '../../../../policies/rules/docker';
import { failures, passes, run, synthContext } from '../../harness';
import { about, DEV, override, specInTier } from './docker-test-utils';

describe('DKR-003 docker containers are isolated from the host', () => {
  test('passes on the example dev: no container is privileged, shares a host namespace or mounts the socket', async () => {
    const findings = run(dkr003, await synthContext('dev'));
    expect(passes(findings).map((f) => f.location.address).sort()).toEqual([DEV.postgres, DEV.redis, DEV.web, DEV.worker].map((r) => r.address).sort());
    expect(failures(findings)).toEqual([]);
  });

  test('fails when an escape hatch makes a container privileged on the host network, PID and IPC namespaces', async () => {
    const mutate = override(
      [DEV.worker.constructPath, 'privileged', true],
      [DEV.worker.constructPath, 'network_mode', 'host'],
      [DEV.worker.constructPath, 'pid_mode', 'HOST'],
      [DEV.worker.constructPath, 'ipc_mode', 'host'],
    );
    const [f, ...rest] = failures(run(dkr003, await synthContext('dev', { mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'DKR-003', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'hard', location: DEV.worker });
    expect(f!.message).toBe(
      `service worker in dev: ${DEV.worker.address} is privileged, shares the host network (network_mode "host"), shares the host PID namespace (pid_mode "host"), shares the host IPC namespace (ipc_mode "host")`,
    );
  });

  test('fails when a container binds the docker socket, or a directory above it, in every tier', async () => {
    const mutate = override(
      [DEV.web.constructPath, 'volumes', [{ host_path: '/var/run/docker.sock', container_path: '/var/run/docker.sock' }]],
      [DEV.redis.constructPath, 'mounts', [{ type: 'bind', source: '/run/', target: '/host-run' }]],
    );
    const findings = failures(run(dkr003, await synthContext('dev', { spec: specInTier('dev', 'production'), mutate })));
    expect(findings.map((f) => [f.location.address, f.location.constructPath, f.location.specPath, f.severity, f.blocking, f.message])).toEqual([
      [DEV.redis.address, DEV.redis.constructPath, 'redis', 'error', true, `redis in dev: ${DEV.redis.address} binds the docker socket (mounts.source /run/)`],
      [DEV.web.address, DEV.web.constructPath, 'services.web', 'error', true, `service web in dev: ${DEV.web.address} binds the docker socket (volumes.host_path /var/run/docker.sock)`],
    ]);
  });

  test('is unknown, not pass, when a host mode is an expression', async () => {
    const mutate = override([DEV.web.constructPath, 'pid_mode', '${var.pid_mode}']);
    const [f] = about(run(dkr003, await synthContext('dev', { mutate })), DEV.web.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: DEV.web });
    expect(f!.message).toBe(`service web in dev: ${DEV.web.address}: cannot tell at synth whether it is isolated from the host (pid_mode is the expression \${var.pid_mode})`);
  });
});
