import { specEnv001 } from '../../../../policies/rules/spec';
import { secretHeuristics, shannonEntropy } from '../../../../policies/rules/spec/spec-env-001';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, ENVS, NOW, runAll, suppression } from './spec-test-utils';

// Credential-shaped test values, assembled at run time so that no secret scanner mistakes this file for a leak.
const FAKE = {
  aws: ['AKIA' + 'IOSFODNN7EXAMPLE', 'IOSFODNN7EXAMPLE'],
  github: ['ghp' + '_' + 'Ex4mpleT0ken'.repeat(3), 'Ex4mpleT0ken'],
  githubPat: ['github' + '_pat_' + '11EXAMPLE0' + 'a'.repeat(20), '11EXAMPLE0'],
  slack: ['xox' + 'b-' + '000000000000-EXAMPLE', '000000000000'],
  stripe: ['sk' + '_live_' + 'EXAMPLE0'.repeat(3), 'EXAMPLE0'],
  pem: ['-----BEGIN ' + 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAexample\n-----END RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAexample'],
  url: ['postgres://app:' + 'hunter2hunter2' + '@db.internal:5432/app', 'hunter2hunter2'],
  random: ['q8Vz3Lm0Xr7Tb2Nw5Kc9Hd4Jf6Gs1Ya', 'q8Vz3Lm0Xr7Tb2Nw5Kc9Hd4Jf6Gs1Ya'],
} as const;

function withEnv(env: Record<string, string>) {
  const spec = exampleSpec();
  Object.assign(spec.services.web.env, env);
  return spec;
}

describe('SPEC-ENV-001 no secret-looking values or names in plain environment variables', () => {
  test.each(ENVS)('passes on the example %s', async (env) => {
    const findings = run(specEnv001, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual([
      'services.web.env.NODE_ENV',
      'services.web.env.LOG_LEVEL',
      'services.worker.env.NODE_ENV',
      'services.worker.env.QUEUE_CONCURRENCY',
    ]);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when a plain variable has a secret-looking name, in every tier, and blocks', async () => {
    const spec = withEnv({ STRIPE_API_KEY: 'not-set-yet' });
    for (const env of ENVS) {
      const [f] = at(run(specEnv001, await specContext(env, { spec }), { now: NOW }), 'services.web.env.STRIPE_API_KEY');
      expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true, enforcement: 'hard' });
      expect(f!.message).toBe(
        `service web in ${env} sets STRIPE_API_KEY in plain env and it looks like a secret: its name contains "API_KEY" (value not shown)`,
      );
    }
  });

  test.each([
    ['aws', 'an AWS access key id (AKIA/ASIA prefix)'],
    ['github', 'a GitHub token (ghp_/gho_ prefix)'],
    ['githubPat', 'a GitHub fine-grained token (github_pat_ prefix)'],
    ['slack', 'a Slack token (xoxb-/xoxp- prefix)'],
    ['stripe', 'a Stripe live secret key (sk_live_ prefix)'],
    ['pem', 'a PEM private key (-----BEGIN ... PRIVATE KEY)'],
    ['url', 'a URL with a password'],
    ['random', 'random-looking string'],
  ] as const)('fails when a value looks like a credential (%s), naming the heuristic but never the value', async (kind, heuristic) => {
    const [value, secretPart] = FAKE[kind];
    const spec = withEnv({ UPSTREAM: value });
    const [f] = at(run(specEnv001, await specContext('dev', { spec }), { now: NOW }), 'services.web.env.UPSTREAM');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toContain('service web in dev sets UPSTREAM in plain env and it looks like a secret: its value');
    expect(f!.message).toContain(heuristic);
    expect(f!.message).not.toContain(value);
    expect(f!.message).not.toContain(secretPart);
  });

  test('names the length and entropy of a random-looking value, not the value', () => {
    const [random] = FAKE.random;
    expect(secretHeuristics('UPSTREAM', `token=${random}`)).toEqual([`its value holds a ${random.length}-character random-looking string (5.0 bits/char)`]);
  });

  test.each([
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['a URL without credentials', 'https://cdn.Example.com/Assets/v2/bundle.js?version=20240101'],
    ['a URL whose password is a reference', 'postgres://app:$(PGPASSWORD)@db.internal:5432/app'],
    ['a camelCase identifier with digits', 'OpenTelemetryCollectorEndpointV2Name'],
    ['an ARN', 'arn:aws:iam::123456789012:role/AcmeDeployRole2'],
    ['a public certificate', '-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----'],
    ['JVM options', '-Xmx512m -XX:+UseG1GC -Dfile.encoding=UTF-8'],
    ['a hex commit sha', '3f9c2ab0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8'],
  ])('passes a plain variable holding %s', (_what, value) => {
    expect(secretHeuristics('UPSTREAM', value)).toEqual([]);
  });

  test('shannonEntropy is in bits per character', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
  });

  test('fails when a suppression is attempted: the engine refuses it with a blocking POLICY-WAIVER error and the finding stays', async () => {
    const spec = withEnv({ SERVICE_TOKEN: FAKE.random[0] });
    spec.policy = { suppressions: [suppression('SPEC-ENV-001', 'services.web.env.SERVICE_TOKEN')] };
    const findings = runAll(specEnv001, await specContext('prod', { spec }));
    expect(at(findings, 'services.web.env.SERVICE_TOKEN')[0]).toMatchObject({ ruleId: 'SPEC-ENV-001', outcome: 'fail', blocking: true });
    const waiver = findings.filter((f) => f.ruleId === 'POLICY-WAIVER');
    expect(waiver).toHaveLength(1);
    expect(waiver[0]).toMatchObject({ severity: 'error', blocking: true, location: { specPath: 'policy.suppressions' } });
    expect(waiver[0]!.message).toContain('SPEC-ENV-001 is a hard rule and cannot be suppressed');
  });
});
