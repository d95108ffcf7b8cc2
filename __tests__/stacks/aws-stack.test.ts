import { App } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, plan, showJson, validate } from '../../lib/terraform';
import { terraformVariablesEnv, type AwsEnvironmentModel } from '../../model';
import { AwsStack } from '../../stacks/aws-stack';
import { awsModel, synthAws } from '../constructs/aws/synth';
import { EXAMPLE_SECRETS, exampleSpec } from '../helpers/example';
import { requireProviderMirror, TERRAFORM_TEST_TIMEOUT_MS } from '../helpers/terraform';

interface PlanJson {
  configuration: unknown;
  resource_changes: Array<{ address: string; type: string; change: { actions: string[] } }>;
}

const GIVEN_NETWORK = {
  vpcId: 'vpc-0abc12345def67890',
  publicSubnetIds: ['subnet-0aaa1111bbbb2222c', 'subnet-0aaa1111bbbb2222d'],
  privateSubnetIds: ['subnet-0ccc3333dddd4444e', 'subnet-0ccc3333dddd4444f'],
};

/** init + validate + plan + show of one synthesized stack, with the secrets as TF_VAR_* only. */
async function planStack(dir: string, model: AwsEnvironmentModel) {
  const extraEnv = terraformVariablesEnv(model.secrets, EXAMPLE_SECRETS);
  await init(dir);
  const validated = await validate(dir);
  const planned = await plan(dir, { out: 'tfplan', extraEnv });
  const shown = await showJson<PlanJson>(dir, 'tfplan');
  return { validated, planned, shown };
}

function creates(shown: PlanJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of shown.resource_changes) {
    if (c.change.actions.includes('create')) counts[c.type] = (counts[c.type] ?? 0) + 1;
  }
  return counts;
}

describe('AwsStack with real terraform (offline, local provider mirror)', () => {
  let outdir: string;
  let prod: AwsEnvironmentModel;
  let given: AwsEnvironmentModel;
  let results: Record<'prod' | 'given', Awaited<ReturnType<typeof planStack>>>;

  beforeAll(async () => {
    requireProviderMirror();
    outdir = mkdtempSync(join(tmpdir(), 'pinstack-aws-stack-'));
    prod = await awsModel();
    const spec = exampleSpec();
    spec.environments.prod.target.network = GIVEN_NETWORK;
    // A second stack in the same app needs its own id: the given-network variant as environment "live".
    spec.environments.live = spec.environments.prod;
    given = await awsModel({ spec, env: 'live' });
    const app = new App({ outdir });
    new AwsStack(app, prod, { offline: true });
    new AwsStack(app, given, { offline: true });
    app.synth();
    const [p, g] = await Promise.all([planStack(join(outdir, 'stacks', 'prod'), prod), planStack(join(outdir, 'stacks', 'live'), given)]);
    results = { prod: p, given: g };
  }, TERRAFORM_TEST_TIMEOUT_MS);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  test('the example prod stack validates', () => {
    expect(results.prod.validated).toMatchObject({ valid: true, error_count: 0 });
    expect(results.prod.validated.diagnostics).toEqual([]);
  });

  test('the example prod stack plans the expected creates', () => {
    expect(results.prod.planned).toEqual({ exitCode: 2, changes: true });
    const counts = creates(results.prod.shown);
    expect(counts).toMatchObject({
      aws_vpc: 1,
      aws_subnet: 4,
      aws_nat_gateway: 2,
      aws_ecs_cluster: 1,
      aws_lb: 1,
      aws_lb_listener: 2,
      aws_lb_target_group: 1,
      aws_lb_listener_rule: 1,
      aws_ecs_task_definition: 2,
      aws_ecs_service: 2,
      aws_db_instance: 1,
      aws_elasticache_replication_group: 1,
      aws_appautoscaling_target: 1,
      aws_appautoscaling_policy: 1,
    });
    expect(results.prod.shown.resource_changes.every((c) => c.change.actions.join() === 'create' || c.change.actions.join() === 'read')).toBe(true);
  });

  test('a given network validates and plans no VPC', () => {
    expect(results.given.validated).toMatchObject({ valid: true, error_count: 0 });
    expect(results.given.planned.changes).toBe(true);
    const counts = creates(results.given.shown);
    for (const type of ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_internet_gateway', 'aws_route_table', 'aws_eip']) expect(counts[type]).toBeUndefined();
    expect(counts).toMatchObject({ aws_db_instance: 1, aws_elasticache_replication_group: 1, aws_ecs_service: 2 });
  });

  test('no secret value is in cdk.tf.json or in the plan configuration', () => {
    for (const env of ['prod', 'live']) {
      const synthesized = readFileSync(join(outdir, 'stacks', env, 'cdk.tf.json'), 'utf8');
      for (const value of Object.values(EXAMPLE_SECRETS)) expect(synthesized).not.toContain(value);
    }
    for (const r of Object.values(results)) {
      const configuration = JSON.stringify(r.shown.configuration);
      for (const value of Object.values(EXAMPLE_SECRETS)) expect(configuration).not.toContain(value);
    }
  });
});

describe('AwsStack provider', () => {
  test('region and default tags from the model labels, with AWS-style keys', async () => {
    const { json } = await synthAws();
    expect(json.provider.aws).toEqual([{ region: 'eu-west-1', default_tags: [{ tags: { 'pinstack:part-of': 'acme', 'pinstack:managed-by': 'pinstack', 'pinstack:environment': 'prod' } }] }]);
  });

  test('offline: dummy credentials and no AWS lookups, so plan needs no network', async () => {
    const { json } = await synthAws({ offline: true });
    expect(json.provider.aws[0]).toMatchObject({
      access_key: 'offline-plan-only',
      secret_key: 'offline-plan-only',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: 'true',
      skip_region_validation: true,
    });
    // Only locally computed data sources.
    expect(Object.keys(json.data ?? {})).toEqual(['aws_iam_policy_document']);
  });

  test('outputs the cluster, load balancer, database and redis addresses', async () => {
    const { json } = await synthAws();
    expect(Object.keys(json.output ?? {}).sort()).toEqual(['cluster_name', 'database_address', 'load_balancer_dns_name', 'redis_address']);
  });
});
