import { specHc003 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, ENVS, NOW } from './spec-test-utils';

describe('SPEC-HC-003 health check timing is sane', () => {
  test.each(ENVS)('passes on the example %s', async (env) => {
    const findings = run(specHc003, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual([
      'services.web.healthChecks.liveness',
      'services.web.healthChecks.readiness',
      'services.web.healthChecks.startup',
      'services.worker.healthChecks.liveness',
    ]);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when a liveness check needs more than 300 s to notice a failure (a warning in staging)', async () => {
    const spec = exampleSpec();
    Object.assign(spec.services.web.healthChecks.liveness, { intervalSeconds: 60, retries: 10 });
    const [f] = at(run(specHc003, await specContext('staging', { spec }), { now: NOW }), 'services.web.healthChecks.liveness');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'warning', blocking: false });
    expect(f!.message).toBe('service web in staging: liveness check notices a failure only after 600 s (interval 60 s x 10 retries), more than 300 s');
  });

  test('fails when a readiness check needs more than 300 s, as info in dev; a long startup window is fine', async () => {
    const spec = exampleSpec();
    Object.assign(spec.services.web.healthChecks.readiness, { intervalSeconds: 31, retries: 10 });
    Object.assign(spec.services.web.healthChecks.startup, { intervalSeconds: 10, retries: 60 });
    const findings = run(specHc003, await specContext('dev', { spec }), { now: NOW });
    expect(at(findings, 'services.web.healthChecks.readiness')[0]).toMatchObject({ outcome: 'fail', severity: 'info', blocking: false });
    expect(at(findings, 'services.web.healthChecks.startup')[0]).toMatchObject({ outcome: 'pass' });
  });

});
