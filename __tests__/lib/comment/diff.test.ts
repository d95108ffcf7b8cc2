/** attributeDiff on REAL resource changes (raw and redacted plans give the same rows). */
import { attributeDiff, formatSegments, maskUrlCredentials } from '../../../lib/comment';
import { redactPlanJson } from '../../../lib/plan/redact';
import { planView, type ResourceChange } from '../../../lib/tfjson/plan';
import { planScenario, type ScenarioName, UPDATED_WEB_IMAGE } from '../../helpers/plans';

jest.setTimeout(600_000);

async function changeOf(name: ScenarioName, address: string, raw: boolean): Promise<ResourceChange> {
  const s = await planScenario(name);
  const view = planView(raw ? s.plan : redactPlanJson(s.plan));
  const c = view.changes.find((x) => x.address === address);
  if (!c) throw new Error(`no ${address} in ${name}`);
  return c;
}

describe.each([false, true])('attributeDiff (raw plan: %s)', (raw) => {
  test('an in-place update: only the changed attributes, before and after', async () => {
    const d = attributeDiff(await changeOf('weaken', 'aws_db_instance.Postgres_9DC8BB04', raw));
    expect(d.rows).toEqual([
      { path: 'backup_retention_period', attribute: 'backup_retention_period', before: '14', after: '1', forces: false },
      { path: 'deletion_protection', attribute: 'deletion_protection', before: 'true', after: 'false', forces: false },
      { path: 'final_snapshot_identifier', attribute: 'final_snapshot_identifier', before: '"acme-prod-postgres-final"', forces: false },
      { path: 'multi_az', attribute: 'multi_az', before: 'true', after: 'false', forces: false },
      { path: 'skip_final_snapshot', attribute: 'skip_final_snapshot', before: 'false', after: 'true', forces: false },
    ]);
    expect(d.unknown).toEqual([]);
  });

  test('a JSON-encoded attribute is diffed by path, named entries by name', async () => {
    const d = attributeDiff(await changeOf('update-image', 'aws_ecs_task_definition.ServiceWeb_TaskDefinition_66406DF3', raw));
    expect(d.rows).toEqual([
      { path: 'container_definitions[web].image', attribute: 'container_definitions', before: '"ghcr.io/acme/web:v42-3f9c2ab"', after: `"${UPDATED_WEB_IMAGE}"`, forces: true },
    ]);
    expect(d.unknown).toEqual(['arn', 'arn_without_revision', 'enable_fault_injection', 'id', 'revision']);
  });

  test('a create lists what is set, sensitive values as (sensitive), computed ones as known after apply', async () => {
    const d = attributeDiff(await changeOf('create', 'aws_elasticache_replication_group.Redis_FF642DF2', raw));
    expect(d.rows.find((r) => r.path === 'auth_token')).toEqual({ path: 'auth_token', attribute: 'auth_token', after: '(sensitive)', forces: false });
    expect(d.rows.every((r) => r.before === undefined)).toBe(true);
    expect(d.unknown).toContain('primary_endpoint_address');
  });

  test('a delete shows what named the object', async () => {
    const d = attributeDiff(await changeOf('delete-db', 'aws_db_instance.Postgres_9DC8BB04', raw));
    expect(d.rows.map((r) => `${r.path} ${r.before}`)).toEqual(['identifier "acme-prod-postgres"', 'engine "postgres"', 'engine_version "16"']);
  });
});

test('paths and URL credentials', () => {
  expect(formatSegments(['tags', 'kubernetes.io/name'])).toBe('tags["kubernetes.io/name"]');
  expect(formatSegments(['a', 0, 'b', { name: 'LOG_LEVEL' }])).toBe('a[0].b[LOG_LEVEL]');
  expect(maskUrlCredentials('"postgresql://app:s3cret@db:5432/app" and https://user@host/')).toBe('"postgresql://app:***@db:5432/app" and https://user@host/');
});
