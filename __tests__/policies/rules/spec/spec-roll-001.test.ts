import { specRoll001 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, ENVS, NOW, suppression } from './spec-test-utils';

describe('SPEC-ROLL-001 rollouts roll back on failed health checks and keep capacity', () => {
  test.each(ENVS)('passes on the example %s', async (env) => {
    const findings = run(specRoll001, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual([
      'services.web.rollout.autoRollback',
      'services.web.rollout.maxUnavailablePercent',
      'services.worker.rollout.autoRollback',
      'services.worker.rollout.maxUnavailablePercent',
    ]);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when automatic rollback is off (prod: error; staging: warning; dev: info)', async () => {
    const spec = exampleSpec();
    spec.services.web.rollout.autoRollback = false;
    const expected = { prod: ['error', true], staging: ['warning', false], dev: ['info', false] } as const;
    for (const [env, [severity, blocking]] of Object.entries(expected)) {
      const [f] = at(run(specRoll001, await specContext(env, { spec }), { now: NOW }), 'services.web.rollout.autoRollback');
      expect(f).toMatchObject({ outcome: 'fail', severity, blocking });
      expect(f!.message).toBe(
        `service web in ${env} has automatic rollback disabled (rollout.autoRollback: false): a version that fails its health checks stays deployed`,
      );
    }
  });

  test('fails when a rollout may take every replica down', async () => {
    const spec = exampleSpec();
    spec.services.worker.rollout = { maxSurgePercent: 0, maxUnavailablePercent: 100 };
    const findings = run(specRoll001, await specContext('prod', { spec }), { now: NOW });
    const [f] = at(findings, 'services.worker.rollout.maxUnavailablePercent');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toBe('service worker in prod allows every replica to be unavailable during a rollout (maxUnavailablePercent 100): a deploy is an outage');
    expect(at(findings, 'services.worker.rollout.autoRollback')[0]).toMatchObject({ outcome: 'pass' });
  });

  test('a suppression for the spec path turns the failure into suppressed', async () => {
    const spec = exampleSpec();
    spec.services.web.rollout.autoRollback = false;
    spec.policy = { suppressions: [suppression('SPEC-ROLL-001', 'services.web.rollout.autoRollback')] };
    const [f] = at(run(specRoll001, await specContext('prod', { spec }), { now: NOW }), 'services.web.rollout.autoRollback');
    expect(f).toMatchObject({ outcome: 'suppressed', blocking: false });
  });
});
