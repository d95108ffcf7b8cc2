import { specData005 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, ENVS, NOW } from './spec-test-utils';

describe('SPEC-DATA-005 managed datastores are used by a service', () => {
  test.each(ENVS)('passes on the example %s: web and worker use both', async (env) => {
    const findings = run(specData005, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => [f.location.specPath, f.message])).toEqual([
      ['postgres', `Postgres in ${env} is used by web, worker`],
      ['redis', `Redis in ${env} is used by web, worker`],
    ]);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when no service uses Redis (warning in prod and staging, info in dev; advisory, never blocking)', async () => {
    const spec = exampleSpec();
    spec.services.web.uses = ['postgres'];
    spec.services.worker.uses = ['postgres'];
    const expected = { prod: 'warning', staging: 'warning', dev: 'info' } as const;
    for (const [env, severity] of Object.entries(expected)) {
      const findings = run(specData005, await specContext(env, { spec }), { now: NOW });
      const [f] = at(findings, 'redis');
      expect(f).toMatchObject({ outcome: 'fail', severity, blocking: false, enforcement: 'advisory' });
      expect(f!.message).toBe(`Redis in ${env} is used by no service (no service lists "redis" in uses): it costs money and is attack surface for nothing`);
      expect(at(findings, 'postgres')[0]).toMatchObject({ outcome: 'pass', message: `Postgres in ${env} is used by web, worker` });
    }
  });
});
