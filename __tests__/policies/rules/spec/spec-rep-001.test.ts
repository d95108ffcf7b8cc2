import { specRep001 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, NOW, suppression } from './spec-test-utils';

describe('SPEC-REP-001 services run at least two replicas', () => {
  test.each(['staging', 'prod'])('passes on the example %s', async (env) => {
    const findings = run(specRep001, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual(['services.web.replicas', 'services.worker.replicas']);
    expect(failures(findings)).toEqual([]);
  });

  test('does not run in development, where the example runs one replica of each', async () => {
    expect(run(specRep001, await specContext('dev'), { now: NOW })).toEqual([]);
  });

  test('fails when a production service autoscales from one replica (error)', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.services.web.replicas = { min: 1, max: 12 };
    const [f] = at(run(specRep001, await specContext('prod', { spec }), { now: NOW }), 'services.web.replicas');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toBe('service web in prod runs 1 to 12 replicas, fewer than 2 at its minimum: a deploy, a drain or a crash takes it down');
  });

  test('fails when a staging service runs a single replica (warning)', async () => {
    const spec = exampleSpec();
    spec.services.worker.replicas = 1;
    const [f] = at(run(specRep001, await specContext('staging', { spec }), { now: NOW }), 'services.worker.replicas');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'warning', blocking: false });
    expect(f!.message).toBe('service worker in staging runs 1 replica, fewer than 2 at its minimum: a deploy, a drain or a crash takes it down');
  });

  test('a suppression for the spec path turns the failure into suppressed', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.services.worker.replicas = 1;
    spec.policy = { suppressions: [suppression('SPEC-REP-001', 'services.worker.replicas')] };
    const [f] = at(run(specRep001, await specContext('prod', { spec }), { now: NOW }), 'services.worker.replicas');
    expect(f).toMatchObject({ outcome: 'suppressed', severity: 'error', blocking: false, waiver: { owner: 'platform-team' } });
  });
});
