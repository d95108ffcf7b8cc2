import { specRes001 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, ENVS, NOW, suppression } from './spec-test-utils';

describe('SPEC-RES-001 cpu and memory requests are declared', () => {
  test.each(ENVS)('passes on the example %s', async (env) => {
    const findings = run(specRes001, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual(['services.web.resources', 'services.worker.resources']);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when a service declares no resources (staging: error; dev: warning)', async () => {
    const spec = exampleSpec();
    delete spec.services.worker.resources;
    const [staging] = at(run(specRes001, await specContext('staging', { spec }), { now: NOW }), 'services.worker.resources');
    expect(staging).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(staging!.message).toBe('service worker in staging declares no cpu and memory requests');
    const [dev] = at(run(specRes001, await specContext('dev', { spec }), { now: NOW }), 'services.worker.resources');
    expect(dev).toMatchObject({ outcome: 'fail', severity: 'warning', blocking: false });
  });

  test('passes when an environment override supplies the requests the spec lacks', async () => {
    const spec = exampleSpec();
    delete spec.services.web.resources;
    const [prod] = at(run(specRes001, await specContext('prod', { spec }), { now: NOW }), 'services.web.resources');
    expect(prod).toMatchObject({ outcome: 'pass', message: 'service web in prod requests 1 vCPU and 2048 MiB' });
  });

  test('a suppression for the spec path turns the failure into suppressed', async () => {
    const spec = exampleSpec();
    delete spec.services.worker.resources;
    spec.policy = { suppressions: [suppression('SPEC-RES-001', 'services.worker.resources')] };
    const [f] = at(run(specRes001, await specContext('staging', { spec }), { now: NOW }), 'services.worker.resources');
    expect(f).toMatchObject({ outcome: 'suppressed', blocking: false });
  });
});
