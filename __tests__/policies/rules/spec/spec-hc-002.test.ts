import { specHc002 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, run, specContext } from '../../harness';
import { at, ENVS, NOW } from './spec-test-utils';

describe('SPEC-HC-002 liveness and readiness checks probe different things', () => {
  test.each(ENVS)('passes on the example %s: /health and /ready; the worker has no readiness check to compare', async (env) => {
    const findings = run(specHc002, await specContext(env), { now: NOW });
    expect(findings.map((f) => [f.location.specPath, f.outcome])).toEqual([
      ['services.web.healthChecks.liveness', 'pass'],
      ['services.worker.healthChecks.liveness', 'not-applicable'],
    ]);
  });

  test('fails when liveness and readiness GET the same path (a warning in prod and staging)', async () => {
    const spec = exampleSpec();
    spec.services.web.healthChecks.readiness.path = '/health';
    for (const env of ['prod', 'staging']) {
      const [f] = at(run(specHc002, await specContext(env, { spec }), { now: NOW }), 'services.web.healthChecks.liveness');
      expect(f).toMatchObject({ outcome: 'fail', severity: 'warning', blocking: false, enforcement: 'advisory' });
      expect(f!.message).toBe(
        `service web in ${env} uses the same probe for liveness and readiness (GET :8080/health every 15s, timeout 5s, 3 retries, start period 0s): when a slow dependency fails readiness, liveness fails too and restarts healthy instances`,
      );
    }
  });

  test('fails when both are the same command, as info in dev', async () => {
    const spec = exampleSpec();
    const command = { type: 'command', command: ['node', 'dist/healthcheck.js'], intervalSeconds: 30, timeoutSeconds: 10 };
    spec.services.worker.healthChecks.readiness = command;
    const [f] = at(run(specHc002, await specContext('dev', { spec }), { now: NOW }), 'services.worker.healthChecks.liveness');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'info', blocking: false });
  });

  test('passes when the probes differ in kind (http vs tcp) or in port', async () => {
    const spec = exampleSpec();
    spec.services.web.healthChecks.readiness = { type: 'tcp', intervalSeconds: 10, timeoutSeconds: 5 };
    expect(failures(run(specHc002, await specContext('staging', { spec }), { now: NOW }))).toEqual([]);
    spec.services.web.healthChecks.readiness = { type: 'http', path: '/health', port: 9090 };
    expect(failures(run(specHc002, await specContext('staging', { spec }), { now: NOW }))).toEqual([]);
  });
});
