import { awsEc001 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const rg = PROD.redis.constructPath;
const open = override([rg, 'transit_encryption_enabled', false], [rg, 'auth_token', undefined]);

describe('AWS-EC-001 ElastiCache encrypts at rest and in transit and requires AUTH', () => {
  test('passes on the example prod: both encryptions and an AUTH token', async () => {
    const findings = run(awsEc001, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([`redis in prod: ${PROD.redis.address} encrypts at rest and in transit and requires an AUTH token`]);
  });

  test('fails when transit encryption is off and there is no AUTH token: error in staging, warning in development', async () => {
    const f = only(run(awsEc001, await synthContext('prod', { mutate: open })), PROD.redis);
    expect(f).toMatchObject({ ruleId: 'AWS-EC-001', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.redis)) });
    expect(f.message).toBe(
      `redis in prod: ${PROD.redis.address} has transit_encryption_enabled false; has neither auth_token nor user_group_ids: any client that reaches the port reads and writes every key`,
    );
    expect(only(run(awsEc001, await synthContext('prod', { spec: prodSpec('staging'), mutate: open })), PROD.redis)).toMatchObject({ severity: 'error', blocking: true });
    expect(only(run(awsEc001, await synthContext('prod', { spec: prodSpec('development'), mutate: open })), PROD.redis)).toMatchObject({ severity: 'warning', blocking: false });
  });

  test('fails when at-rest encryption is "false" (the provider takes a string)', async () => {
    const f = only(run(awsEc001, await synthContext('prod', { mutate: override([rg, 'at_rest_encryption_enabled', 'false']) })), PROD.redis);
    expect(f.message).toBe(`redis in prod: ${PROD.redis.address} has at_rest_encryption_enabled "false"`);
  });

  test('passes with an RBAC user group instead of an AUTH token', async () => {
    const mutate = override([rg, 'auth_token', undefined], [rg, 'user_group_ids', ['${aws_elasticache_user_group.app.id}']]);
    expect(only(run(awsEc001, await synthContext('prod', { mutate })), PROD.redis, 'pass').message).toContain('requires an RBAC user group');
  });

  test('is unknown when an encryption flag is an expression', async () => {
    const u = only(run(awsEc001, await synthContext('prod', { mutate: override([rg, 'at_rest_encryption_enabled', '${var.encrypt}']) })), PROD.redis, 'unknown');
    expect(u.message).toBe(`redis in prod: ${PROD.redis.address}: at_rest_encryption_enabled is the expression \${var.encrypt} (known only at plan)`);
  });
});
