import { specPort001 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, ENVS, NOW, runAll, suppression } from './spec-test-utils';

describe('SPEC-PORT-001 services listen on an unprivileged port, never SSH', () => {
  test.each(ENVS)('passes on the example %s: web listens on 8080, the worker has no port', async (env) => {
    const findings = run(specPort001, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => [f.location.specPath, f.message])).toEqual([['services.web.port', `service web in ${env}: port 8080 is unprivileged`]]);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when a service listens on a privileged port, in every tier, and blocks', async () => {
    const spec = exampleSpec();
    spec.services.web.port = 80;
    for (const env of ENVS) {
      const [f] = at(run(specPort001, await specContext(env, { spec }), { now: NOW }), 'services.web.port');
      expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true, enforcement: 'hard' });
      expect(f!.message).toBe(`service web in ${env}: port 80 is privileged (below 1024): containers run as a non-root user and cannot bind it`);
    }
  });

  test('fails when a service listens on the SSH port', async () => {
    const spec = exampleSpec();
    spec.services.web.port = 22;
    const [f] = at(run(specPort001, await specContext('dev', { spec }), { now: NOW }), 'services.web.port');
    expect(f).toMatchObject({ outcome: 'fail', blocking: true });
    expect(f!.message).toBe('service web in dev: port 22 is SSH: a service must not expose a remote shell');
  });

  test('fails when a health check probes its own privileged port', async () => {
    const spec = exampleSpec();
    spec.services.web.healthChecks.liveness.port = 443;
    const findings = run(specPort001, await specContext('staging', { spec }), { now: NOW });
    expect(at(findings, 'services.web.port')[0]).toMatchObject({ outcome: 'pass' });
    const [f] = at(findings, 'services.web.healthChecks.liveness.port');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toBe('service web in staging: liveness check port 443 is privileged (below 1024): containers run as a non-root user and cannot bind it');
  });

  test('fails when a suppression is attempted: the engine refuses it with a blocking POLICY-WAIVER error and the finding stays', async () => {
    const spec = exampleSpec();
    spec.services.web.port = 80;
    spec.policy = { suppressions: [suppression('SPEC-PORT-001', 'services.web.port')] };
    const findings = runAll(specPort001, await specContext('staging', { spec }));
    expect(at(findings, 'services.web.port')[0]).toMatchObject({ ruleId: 'SPEC-PORT-001', outcome: 'fail', blocking: true });
    const [waiver] = findings.filter((f) => f.ruleId === 'POLICY-WAIVER');
    expect(waiver).toMatchObject({ severity: 'error', blocking: true });
    expect(waiver!.message).toContain('SPEC-PORT-001 is a hard rule and cannot be suppressed');
  });
});
