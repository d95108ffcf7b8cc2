import { awsRds004 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const singleAz = (tier: 'production' | 'staging') => prodSpec(tier, (s) => (s.environments.prod.overrides.postgres.highAvailability = false));

describe('AWS-RDS-004 RDS instances are Multi-AZ', () => {
  test('passes on the example prod: multi_az', async () => {
    const findings = run(awsRds004, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([`postgres in prod: ${PROD.postgres.address} is Multi-AZ (a synchronous standby in another zone)`]);
  });

  test('fails when the spec sets highAvailability: false in production; staging does not check', async () => {
    const f = only(run(awsRds004, await synthContext('prod', { spec: singleAz('production') })), PROD.postgres);
    expect(f).toMatchObject({ ruleId: 'AWS-RDS-004', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.postgres)) });
    expect(f.message).toBe(`postgres in prod: ${PROD.postgres.address} has multi_az false: a zone outage or a host failure takes the database down`);
    expect(run(awsRds004, await synthContext('prod', { spec: singleAz('staging') }))).toEqual([]);
  });

  test('is unknown when multi_az is an expression', async () => {
    const u = only(run(awsRds004, await synthContext('prod', { mutate: override([PROD.postgres.constructPath, 'multi_az', '${var.ha}']) })), PROD.postgres, 'unknown');
    expect(u.message).toBe(`postgres in prod: ${PROD.postgres.address}: multi_az is the expression \${var.ha} (known only at plan)`);
  });
});
