import { awsRds005 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const db = PROD.postgres.constructPath;

describe('AWS-RDS-005 RDS instances are not public and admit only security groups', () => {
  test('passes on the example prod: private, 5432 from the two services\' security groups', async () => {
    const findings = run(awsRds005, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([
      `postgres in prod: ${PROD.postgres.address} is not publicly accessible and admits traffic only from security groups (${PROD.webSecurityGroup.address}, aws_security_group.ServiceWorker_SecurityGroup_959DB732)`,
    ]);
  });

  test('fails when publicly_accessible is true, an error even in development', async () => {
    const mutate = override([db, 'publicly_accessible', true]);
    const f = only(run(awsRds005, await synthContext('prod', { mutate })), PROD.postgres);
    expect(f).toMatchObject({ ruleId: 'AWS-RDS-005', severity: 'error', blocking: true, enforcement: 'hard', location: expect.objectContaining(locationOf(PROD.postgres)) });
    expect(f.message).toBe(`postgres in prod: ${PROD.postgres.address} has publicly_accessible true: it gets a public endpoint`);
    expect(only(run(awsRds005, await synthContext('prod', { spec: prodSpec('development'), mutate })), PROD.postgres)).toMatchObject({ severity: 'error', blocking: true });
  });

  test('fails when the database security group admits a CIDR block', async () => {
    const mutate = override(
      [PROD.postgresIngressWeb.constructPath, 'cidr_ipv4', '10.40.0.0/16'],
      [PROD.postgresIngressWeb.constructPath, 'referenced_security_group_id', undefined],
    );
    const f = only(run(awsRds005, await synthContext('prod', { mutate })), PROD.postgres);
    expect(f.message).toBe(
      `postgres in prod: ${PROD.postgres.address} has the security group ${PROD.postgresSecurityGroup.address}, which admits CIDR 10.40.0.0/16 through ${PROD.postgresIngressWeb.address}; only security groups may reach a database`,
    );
  });

  test('is unknown when publicly_accessible or the security groups are expressions', async () => {
    const mutate = override([db, 'publicly_accessible', '${var.public}'], [db, 'vpc_security_group_ids', ['${var.db_sg}']]);
    const u = only(run(awsRds005, await synthContext('prod', { mutate })), PROD.postgres, 'unknown');
    expect(u.message).toBe(
      `postgres in prod: ${PROD.postgres.address}: publicly_accessible is the expression \${var.public}; the ingress of security group \${var.db_sg}, which is not in this stack (known only at plan)`,
    );
  });
});
