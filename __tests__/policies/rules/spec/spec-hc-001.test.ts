import { specHc001 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, ENVS, NOW, suppression } from './spec-test-utils';

describe('SPEC-HC-001 every service declares a health check, and a readiness check when it serves a port', () => {
  test.each(ENVS)('passes on the example %s: web has a readiness check, the worker a liveness command', async (env) => {
    const findings = run(specHc001, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual(['services.web.healthChecks.readiness', 'services.worker.healthChecks']);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when a service with a port has only a liveness check on kubernetes (staging: error)', async () => {
    const spec = exampleSpec();
    delete spec.services.web.healthChecks.readiness;
    const [f] = at(run(specHc001, await specContext('staging', { spec }), { now: NOW }), 'services.web.healthChecks.readiness');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toBe(
      'service web in staging listens on port 8080 but declares no readiness check: the kubernetes target does not use the liveness check for readiness, so it receives traffic before it is ready',
    );
  });

  test('passes without a readiness check where the target gates traffic on liveness (docker, aws)', async () => {
    const spec = exampleSpec();
    delete spec.services.web.healthChecks.readiness;
    for (const env of ['dev', 'prod']) {
      const [f] = at(run(specHc001, await specContext(env, { spec }), { now: NOW }), 'services.web.healthChecks.readiness');
      expect(f).toMatchObject({ outcome: 'pass' });
      expect(f!.message).toContain('gates traffic on its liveness check (GET :8080/health');
    }
  });

  test('fails when a worker declares no health check (prod: error; dev: warning)', async () => {
    const spec = exampleSpec();
    spec.services.worker.healthChecks = {};
    const [prod] = at(run(specHc001, await specContext('prod', { spec }), { now: NOW }), 'services.worker.healthChecks');
    expect(prod).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(prod!.message).toBe('service worker in prod declares no liveness or readiness check (none): a hung process is never restarted');
    const [dev] = at(run(specHc001, await specContext('dev', { spec }), { now: NOW }), 'services.worker.healthChecks');
    expect(dev).toMatchObject({ outcome: 'fail', severity: 'warning', blocking: false });
  });

  test('fails when a service with a port has only a startup check', async () => {
    const spec = exampleSpec();
    delete spec.services.web.healthChecks.readiness;
    delete spec.services.web.healthChecks.liveness;
    const [f] = at(run(specHc001, await specContext('prod', { spec }), { now: NOW }), 'services.web.healthChecks.readiness');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toBe(
      'service web in prod declares no liveness or readiness check (only a startup check, which stops probing once the service has booted): a hung process is never restarted and it receives traffic before it is ready',
    );
  });

  test('a suppression for the spec path turns the failure into suppressed', async () => {
    const spec = exampleSpec();
    delete spec.services.web.healthChecks.readiness;
    spec.policy = { suppressions: [suppression('SPEC-HC-001', 'services.web.healthChecks.readiness')] };
    const [f] = at(run(specHc001, await specContext('staging', { spec }), { now: NOW }), 'services.web.healthChecks.readiness');
    expect(f).toMatchObject({ outcome: 'suppressed', severity: 'error', blocking: false, waiver: { kind: 'suppression' } });
  });
});
