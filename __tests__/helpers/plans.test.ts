import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from '../../lib/tfjson/plan';
import {
  changeAt,
  defaultScenarioCacheDir,
  EXTERNAL_DATABASE_SECRETS,
  pendingChanges,
  planScenario,
  planScenarios,
  type PlanJson,
  type PlanScenario,
  renamedDatabaseAddress,
  SCENARIO_NAMES,
  type ScenarioName,
  stateInstance,
  UNPINNED_WORKER_IMAGE,
  UPDATED_WEB_IMAGE,
} from './plans';
import { EXAMPLE_PINS } from './example';

/** Cold, all scenarios take a minute or three (real terraform plans); warm, they are read from the cache. */
const SCENARIO_TIMEOUT_MS = 600_000;

const DB = 'aws_db_instance.Postgres_9DC8BB04';
const REDIS = 'aws_elasticache_replication_group.Redis_FF642DF2';
const ALB = 'aws_lb.LoadBalancer_BE9EEC3A';
const WEB_TASK = 'aws_ecs_task_definition.ServiceWeb_TaskDefinition_66406DF3';
const WORKER_TASK = 'aws_ecs_task_definition.ServiceWorker_TaskDefinition_79C2BBC2';
const WEB_SERVICE = 'aws_ecs_service.ServiceWeb_4EAAE36A';

let s: Record<ScenarioName, PlanScenario>;

beforeAll(async () => {
  s = await planScenarios(SCENARIO_NAMES);
}, SCENARIO_TIMEOUT_MS);

const managed = (plan: PlanJson): any[] => plan.resource_changes.filter((c: any) => c.mode === 'managed');
const actionsAt = (plan: PlanJson, address: string) => changeAt(plan, address).change.actions;
const imagesOf = (containerDefinitions: string) => (JSON.parse(containerDefinitions) as Array<{ image: string }>).map((d) => d.image);

describe('plan scenarios (real terraform plans, offline)', () => {
  test('every scenario is a terraform show -json plan of the prod stack with its cdk.tf.json', () => {
    for (const name of SCENARIO_NAMES) {
      const scenario = s[name];
      expect(scenario.env).toBe('prod');
      expect(scenario.plan.format_version).toMatch(/^1\./);
      expect(scenario.plan.terraform_version).toBe('1.11.4');
      expect(scenario.plan.errored).toBe(false);
      expect(scenario.stack.terraform.backend.local.path).toBe('terraform.prod.tfstate');
      expect(existsSync(join(scenario.stackDir, 'cdk.tf.json'))).toBe(true);
      expect(existsSync(join(scenario.stackDir, 'tfplan'))).toBe(true);
    }
  });

  test('create: only creates (and data reads) on empty state; ECS container definitions are unknown until apply', () => {
    const plan = s.create.plan;
    expect(managed(plan).every((c) => c.change.actions.join() === 'create')).toBe(true);
    expect(plan.resource_changes.filter((c: any) => c.mode === 'data').every((c: any) => c.change.actions.join() === 'read')).toBe(true);
    expect(actionsAt(plan, DB)).toEqual(['create']);
    expect(changeAt(plan, WEB_TASK).change.after_unknown.container_definitions).toBe(true);
    expect(s.create.priorState).toBeUndefined();
    expect(existsSync(join(s.create.stackDir, 'terraform.prod.tfstate'))).toBe(false);
  });

  test('no-op: the plan against the simulated apply of the same config has nothing to do', () => {
    expect(pendingChanges(s['no-op'].plan)).toEqual([]);
    expect(managed(s['no-op'].plan).length).toBe(managed(s.create.plan).length);
    expect(existsSync(join(s['no-op'].stackDir, 'terraform.prod.tfstate'))).toBe(true);
  });

  test('the simulated apply writes a v4 state: schema versions from the provider schema, fake ids and ARNs, sensitive paths', () => {
    const state = s['no-op'].priorState!;
    expect(state).toMatchObject({ version: 4, terraform_version: '1.11.4' });
    const db = stateInstance(state, DB);
    expect(db.schema_version).toBe(2);
    expect(db.attributes).toMatchObject({ storage_encrypted: true, deletion_protection: true, identifier: 'acme-prod-postgres' });
    expect(db.attributes.id).toMatch(/^db-[0-9A-F]{26}$/);
    expect(db.attributes.arn).toBe('arn:aws:rds:eu-west-1:123456789012:db:acme-prod-postgres');
    expect(db.attributes.address).toMatch(/^acme-prod-postgres\.[0-9a-f]+\.eu-west-1\.rds\.amazonaws\.com$/);
    expect(db.sensitive_attributes).toContainEqual([{ type: 'get_attr', value: 'password' }]);
    const vpc = state.resources.find((r) => r.type === 'aws_vpc')!.instances[0]!;
    expect(vpc.attributes.id).toMatch(/^vpc-0[0-9a-f]{16}$/);
    // What refers to the VPC holds the same fake id (derived values are evaluated, then confirmed by terraform).
    const subnet = state.resources.find((r) => r.type === 'aws_subnet')!.instances[0]!;
    expect(subnet.attributes.vpc_id).toBe(vpc.attributes.id);
    const secretVersion = state.resources.find((r) => r.type === 'aws_secretsmanager_secret_version')!.instances[0]!;
    expect(secretVersion.sensitive_attributes).toContainEqual([{ type: 'get_attr', value: 'secret_string' }]);
  });

  test('update-image: the web task definition is replaced for the new image and the web service updated; nothing else changes', () => {
    const plan = s['update-image'].plan;
    expect(pendingChanges(plan).sort()).toEqual([`${WEB_SERVICE} ["update"]`, `${WEB_TASK} ["delete","create"]`]);
    const task = changeAt(plan, WEB_TASK);
    expect(task.change.replace_paths).toEqual([['container_definitions']]);
    expect(imagesOf(task.change.before.container_definitions)).toEqual([EXAMPLE_PINS.web]);
    expect(imagesOf(task.change.after.container_definitions)).toEqual([UPDATED_WEB_IMAGE]);
    expect(changeAt(plan, WEB_SERVICE).change.after_unknown.task_definition).toBe(true);
    expect(actionsAt(plan, WORKER_TASK)).toEqual(['no-op']);
  });

  test('replace-db: storage_encrypted false in state forces ["delete","create"] of the aws_db_instance, named by replace_paths', () => {
    const db = changeAt(s['replace-db'].plan, DB);
    expect(db.change.actions).toEqual(['delete', 'create']);
    expect(db.change.replace_paths).toContainEqual(['storage_encrypted']);
    expect(db.action_reason).toBe('replace_because_cannot_update');
    expect([db.change.before.storage_encrypted, db.change.after.storage_encrypted]).toEqual([false, true]);
  });

  test('delete-db: postgres.external drops the RDS instance and what belongs to it', () => {
    const plan = s['delete-db'].plan;
    const db = changeAt(plan, DB);
    expect(db.change.actions).toEqual(['delete']);
    expect(db.action_reason).toBe('delete_because_no_resource_config');
    expect(s['delete-db'].stack.resource.aws_db_instance).toBeUndefined();
    for (const type of ['aws_db_subnet_group', 'aws_db_parameter_group']) {
      expect(managed(plan).filter((c) => c.type === type).map((c) => c.change.actions)).toEqual([['delete']]);
    }
    expect(s['delete-db'].secrets).toEqual(EXTERNAL_DATABASE_SECRETS);
  });

  test('weaken: deletion protection, backups, Multi-AZ and failover are weakened in place (no replacement)', () => {
    const plan = s.weaken.plan;
    const db = changeAt(plan, DB).change;
    expect(db.actions).toEqual(['update']);
    const pick = (c: any, keys: string[]) => Object.fromEntries(keys.map((k) => [k, [c.before[k], c.after[k]]]));
    expect(pick(db, ['deletion_protection', 'backup_retention_period', 'multi_az', 'skip_final_snapshot'])).toEqual({
      deletion_protection: [true, false],
      backup_retention_period: [14, 1],
      multi_az: [true, false],
      skip_final_snapshot: [false, true],
    });
    const redis = changeAt(plan, REDIS).change;
    expect(redis.actions).toEqual(['update']);
    expect(pick(redis, ['multi_az_enabled', 'automatic_failover_enabled'])).toEqual({ multi_az_enabled: [true, false], automatic_failover_enabled: [true, false] });
    const alb = changeAt(plan, ALB).change;
    expect(alb.actions).toEqual(['update']);
    expect(pick(alb, ['enable_deletion_protection'])).toEqual({ enable_deletion_protection: [true, false] });
    expect(managed(plan).some((c) => c.change.actions.includes('delete'))).toBe(false);
  });

  test('rename: the database is deleted at its old address and created at the new one, with no previous_address', () => {
    const plan = s.rename.plan;
    const old = changeAt(plan, renamedDatabaseAddress());
    expect(old.change.actions).toEqual(['delete']);
    expect(old.action_reason).toBe('delete_because_no_resource_config');
    expect(actionsAt(plan, DB)).toEqual(['create']);
    expect(old.change.before.identifier).toBe(changeAt(plan, DB).change.after.identifier);
    expect(plan.resource_changes.some((c: any) => c.previous_address !== undefined)).toBe(false);
  });

  test('unpinned-image: an escape hatch puts :latest into the worker task definition, which is replaced', () => {
    const task = changeAt(s['unpinned-image'].plan, WORKER_TASK);
    expect(task.change.actions).toEqual(['delete', 'create']);
    expect(imagesOf(task.change.after.container_definitions)).toEqual([UNPINNED_WORKER_IMAGE]);
  });

  test('unknown-security: storage_encrypted, an ingress CIDR and the web image are known only after apply', () => {
    const plan = s['unknown-security'].plan;
    const web = plan.configuration.root_module.resources.find((r: any) => r.address === WEB_TASK);
    expect(web.expressions.container_definitions.constant_value).toMatch(/"image":"\$\{aws_ecr_repository\.Registry\.repository_url\}:v42-3f9c2ab"/);
    expect(changeAt(plan, WEB_TASK).change.after_unknown.container_definitions).toBe(true);
    expect(changeAt(plan, DB).change.after_unknown.storage_encrypted).toBe(true);
    expect(changeAt(plan, 'aws_vpc_security_group_ingress_rule.LoadBalancer_IngressHttpsIpv4_15609C8D').change.after_unknown.cidr_ipv4).toBe(true);
  });

  test('large: about 2,000 resource changes', () => {
    const count = s.large.plan.resource_changes.length;
    expect(count).toBeGreaterThanOrEqual(1900);
    expect(count).toBeLessThanOrEqual(2200);
    expect(managed(s.large.plan).every((c) => c.change.actions.join() === 'create')).toBe(true);
  });

  test('secret values reach a plan only where terraform marks them sensitive (and in the variables), never in cdk.tf.json', () => {
    for (const name of SCENARIO_NAMES) {
      const { plan, stack, secrets } = s[name];
      const values = Object.values(secrets);
      const text = JSON.stringify(stack);
      for (const v of values) expect(text).not.toContain(v);
      for (const v of values) expect(JSON.stringify(plan.configuration)).not.toContain(v);
      for (const rc of plan.resource_changes) {
        for (const side of ['before', 'after'] as const) {
          const mirror = rc.change[`${side}_sensitive`];
          const visit = (node: unknown, path: Array<string | number>): void => {
            if (typeof node === 'string') {
              if (values.some((v) => node.includes(v))) expect({ at: `${rc.address}.${side}.${path.join('.')}`, sensitive: marked(mirror, path) }).toEqual(expect.objectContaining({ sensitive: true }));
              return;
            }
            if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, [...path, Array.isArray(node) ? Number(k) : k]);
          };
          visit(rc.change[side], []);
        }
      }
    }
    // Terraform does put them where marked: the session secret's version, the Redis AUTH token.
    const secretVersion = s.create.plan.resource_changes.find((c: any) => c.address.startsWith('aws_secretsmanager_secret_version.SecretsManager_SessionSecret'));
    expect(secretVersion.change.after.secret_string).toBe(s.create.secrets.SESSION_SECRET);
    expect(secretVersion.change.after_sensitive.secret_string).toBe(true);
  });

  test('a second call reads the cache (under os.tmpdir()) and returns a fresh copy', async () => {
    const again = await planScenario('replace-db');
    expect(again.cached).toBe(true);
    expect(again.stackDir.startsWith(join(tmpdir(), 'pinstack-plan-scenarios'))).toBe(true);
    expect(defaultScenarioCacheDir()).toBe(join(tmpdir(), 'pinstack-plan-scenarios'));
    expect(again.plan).toEqual(s['replace-db'].plan);
    expect(again.plan).not.toBe(s['replace-db'].plan);
  });

  test('fails when the provider mirror is not configured (never skips)', async () => {
    const saved = process.env.PINSTACK_PROVIDER_MIRROR;
    process.env.PINSTACK_PROVIDER_MIRROR = '';
    try {
      await expect(planScenario('create')).rejects.toThrow(/PINSTACK_PROVIDER_MIRROR is not set/);
    } finally {
      process.env.PINSTACK_PROVIDER_MIRROR = saved;
    }
  });

  test('fails on an unknown scenario name, listing the known ones', async () => {
    await expect(planScenario('nope' as ScenarioName)).rejects.toThrow(/unknown plan scenario "nope"; expected one of create, no-op/);
  });
});
