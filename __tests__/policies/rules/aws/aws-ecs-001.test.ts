import { awsEcs001 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { editContainers, locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const addEnv = (name: string, value: string) =>
  editContainers(PROD.webTask.constructPath, ([web]) => {
    web!.environment.push({ name, value });
  });

describe('AWS-ECS-001 ECS containers get secrets only through secrets[].valueFrom', () => {
  test('passes on the example prod: secrets through valueFrom, plain env without secrets', async () => {
    const findings = run(awsEcs001, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.location)).toEqual([
      expect.objectContaining(locationOf(PROD.webTask)),
      expect.objectContaining(locationOf(PROD.workerTask)),
    ]);
    expect(passes(findings)[0]!.message).toBe(
      `service web in prod: ${PROD.webTask.address} container web takes 3 secrets from secrets[].valueFrom and has 4 plain environment variables that do not look secret`,
    );
  });

  test('fails when a container definition has a PASSWORD environment entry (value not shown)', async () => {
    const f = only(run(awsEcs001, await synthContext('prod', { mutate: addEnv('DB_PASSWORD', 'hunter2-not-a-real-one') })), PROD.webTask);
    expect(f).toMatchObject({ ruleId: 'AWS-ECS-001', severity: 'error', blocking: true, enforcement: 'hard', location: expect.objectContaining(locationOf(PROD.webTask)) });
    expect(f.message).toBe(
      `service web in prod: ${PROD.webTask.address} container web: environment DB_PASSWORD looks like a secret (its name contains "PASSWORD") but is a plain value (not shown)`,
    );
    expect(f.message).not.toContain('hunter2');
  });

  test('fails when an environment value is a ${var.secret_…} token', async () => {
    const f = only(run(awsEcs001, await synthContext('prod', { mutate: addEnv('SESSION', '${var.secret_session_secret}') })), PROD.webTask);
    expect(f.message).toContain('environment SESSION holds the sensitive variable var.secret_session_secret, which the task definition would store in plain text');
    expect(f.blocking).toBe(true);
  });

  test('fails when an environment value is a URL with user:password@', async () => {
    const f = only(run(awsEcs001, await synthContext('prod', { mutate: addEnv('CACHE_URL', 'redis://app:s3cr3t-pw@cache.internal:6379/0') })), PROD.webTask);
    expect(f.message).toContain('environment CACHE_URL is a URL with a password (user:password@) in plain text (value not shown)');
    expect(f.message).not.toContain('s3cr3t');
  });

  test('fails when a secrets entry has no valueFrom', async () => {
    const mutate = editContainers(PROD.webTask.constructPath, ([web]) => {
      web!.secrets.push({ name: 'API_TOKEN' });
    });
    const f = only(run(awsEcs001, await synthContext('prod', { mutate })), PROD.webTask);
    expect(f.message).toContain('secrets entry API_TOKEN has no valueFrom');
  });

  test('fails when a secret is in plain env in development too: an error in every tier', async () => {
    const f = only(run(awsEcs001, await synthContext('prod', { spec: prodSpec('development'), mutate: addEnv('STRIPE_API_KEY', 'sk_test_x') })), PROD.webTask);
    expect(f).toMatchObject({ severity: 'error', blocking: true });
    expect(f.message).toContain('in prod');
  });

  test('is unknown when an environment value is an expression it cannot judge, or container_definitions is one', async () => {
    const u = only(run(awsEcs001, await synthContext('prod', { mutate: addEnv('SETTINGS', '${jsonencode(local.settings)}') })), PROD.webTask, 'unknown');
    expect(u.message).toBe(`service web in prod: ${PROD.webTask.address} container web: whether environment SETTINGS (\${jsonencode(local.settings)}) carries a secret is known only at plan`);
    expect(u.blocking).toBe(false);

    const whole = run(awsEcs001, await synthContext('prod', { mutate: override([PROD.webTask.constructPath, 'container_definitions', '${file("containers.json")}']) }));
    expect(only(whole, PROD.webTask, 'unknown').message).toContain('computes container_definitions with the expression ${file("containers.json")}');
    expect(failures(whole)).toEqual([]);
  });
});
