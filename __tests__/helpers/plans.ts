/**
 * REAL offline Terraform plans of the example's AWS stack (environment `prod`), for plan-policy, plan-summary and
 * PR-comment tests. Each scenario synthesizes the stack (or a spec variant) with `buildApp(..., { offline: true })`,
 * runs `terraform init`, writes a prior state when the scenario has one, and runs `terraform plan
 * -refresh=false` + `terraform show -json`. Nothing calls AWS: dummy credentials, skip flags, no refresh.
 *
 * Prior states come from a "simulated apply" (`plans/state.ts`): plan the prior config on empty state, turn
 * the planned values into a Terraform v4 state (fake ids/ARNs/endpoints where the plan says "known after apply",
 * `schema_version` and value types from `terraform providers schema -json`, `sensitive_attributes` from the
 * plan's sensitivity mirror), then plan again against it and fold the result back in until the plan is empty.
 *
 * Secrets reach terraform only as `TF_VAR_*` (`terraformVariablesEnv`), with the recognisable values of
 * `EXAMPLE_SECRETS`: a plan holds them only where terraform puts them: in resource values marked in
 * `*_sensitive` (`aws_secretsmanager_secret_version.secret_string`, the ElastiCache `auth_token`, the Redis URL
 * secret) and, in clear, in the plan's top-level `variables` (`terraform show -json` prints variable values).
 *
 * Results are cached per scenario under `os.tmpdir()/pinstack-plan-scenarios/<name>-<hash of the inputs>/`
 * (synthesized config, prior-state recipe, secrets, the source of these helpers), produced once under a lock
 * and renamed into place, so jest workers and test files share them. Delete the folder to start cold.
 *
 * | name           | prior state                                   | planned config                          | what the plan has |
 * |----------------|-----------------------------------------------|-----------------------------------------|-------------------|
 * | `create`       | none                                          | example                                 | only creates (and reads); ECS `container_definitions` unknown |
 * | `no-op`        | applied example                               | example                                 | nothing to do |
 * | `update-image` | applied example                               | web pinned to v43-9d2e4b1               | web task definition replaced (`container_definitions`), web service updated |
 * | `replace-db`   | applied example, DB `storage_encrypted=false` | example                                 | `aws_db_instance` `["delete","create"]`, replace_paths `storage_encrypted` |
 * | `delete-db`    | applied example                               | `postgres: { external }`                | `aws_db_instance` (and its subnet/parameter/security groups) deleted |
 * | `weaken`       | applied example                               | Postgres and Redis without HA, backups 1 day, no deletion protection; ALB deletion protection off (escape hatch) | in-place updates weakening protections |
 * | `rename`       | applied example, DB at `aws_db_instance.Database_…` | example                           | DB deleted at the old address, created at the new one, no `previous_address` |
 * | `unpinned-image` | applied example                             | escape hatch: worker image `:latest`    | worker task definition replaced with an unpinned image |
 * | `unknown-security` | none                                      | escape hatches: DB `storage_encrypted`, an ALB ingress `cidr_ipv4` and the web image (ECR repository URL) computed at apply | creates with those values unknown |
 * | `large`        | none                                          | example + `LARGE_SERVICE_COUNT` services | ~2,000 resource changes (comment-size tests) |
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import type { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { AppInput } from '../../config';
import { init, plan as terraformPlan, showJson } from '../../lib/terraform';
import { buildModel, terraformVariablesEnv } from '../../model';
import { buildApp, type PinstackStack } from '../../stacks';
import { EXAMPLE_PINS, EXAMPLE_SECRETS, exampleSpec, loadExample } from './example';
import { cachedDir, writeFileAtomic } from './plans/cache';
import { resourceSchemas } from './plans/schema';
import { stateFromPlan, stateInstance, type TfState, withAttribute, withMovedResource } from './plans/state';
import { requireProviderMirror } from './terraform';

export type { TfState } from './plans/state';

type Json = Record<string, any>;

/** `terraform show -json <planfile>`, parsed. */
export type PlanJson = Json;
/** A synthesized `cdk.tf.json`, parsed. */
export type StackJson = Json;

export const SCENARIO_NAMES = ['create', 'no-op', 'update-image', 'replace-db', 'delete-db', 'weaken', 'rename', 'unpinned-image', 'unknown-security', 'large'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The environment every scenario plans (the example's AWS environment). */
export const SCENARIO_ENV = 'prod';
/** The web image the `update-image` scenario pins (prod's is ghcr.io/acme/web:v42-3f9c2ab). */
export const UPDATED_WEB_IMAGE = 'ghcr.io/acme/web:v43-9d2e4b1';
/** The secret holding the external database URL in `delete-db` (a recognisable test-only value, like EXAMPLE_SECRETS). */
export const EXTERNAL_DATABASE_SECRETS: Readonly<Record<string, string>> = {
  ...EXAMPLE_SECRETS,
  DATABASE_URL: 'postgresql://app:test-database-url-password-7a3f1c9e@db.acme.example:5432/app',
};
/** Services added to the example in `large` (17 planned resource changes each). */
export const LARGE_SERVICE_COUNT = 117;

/** The load options of the planned config, for `planContext(env, plan, load)` / `loadExample(load)`. */
export interface ScenarioLoad {
  readonly spec?: AppInput | unknown;
  readonly pins?: Record<string, string>;
  readonly secrets?: Record<string, string>;
}

export interface ScenarioTimings {
  /** Producing the scenario, cold (prior state included when it was not cached yet). */
  readonly producedMs: number;
  /** Of which the final `terraform plan` + `terraform show -json`. */
  readonly planMs: number;
  /** This call (synth for the cache key + reading the cache, or producing). */
  readonly callMs: number;
}

export interface PlanScenario {
  readonly name: ScenarioName;
  readonly description: string;
  readonly env: string;
  /** `terraform show -json` of the scenario's plan (a fresh copy per call: mutate freely). */
  readonly plan: PlanJson;
  /** The planned config's `cdk.tf.json` (a fresh copy per call). */
  readonly stack: StackJson;
  /** The initialised stack folder: cdk.tf.json, .terraform, the prior state file (if any), tfplan. Read-only. */
  readonly stackDir: string;
  /** How the planned config was loaded, e.g. `planContext(s.env, s.plan, s.load)`. */
  readonly load: ScenarioLoad;
  /** The secret values terraform got as TF_VAR_* (all recognisable test values). */
  readonly secrets: Readonly<Record<string, string>>;
  /** The prior state the plan ran against (undefined for plans on empty state). */
  readonly priorState?: TfState;
  readonly timings: ScenarioTimings;
  /** True when this call reused a result produced earlier (by this or another process). */
  readonly cached: boolean;
}

export interface ScenarioOptions {
  /** @default os.tmpdir()/pinstack-plan-scenarios */
  readonly cacheDir?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Variants (configs) and scenarios

interface Variant {
  readonly id: string;
  readonly spec?: (spec: any) => void;
  readonly pins?: Record<string, string>;
  readonly secrets?: Record<string, string>;
  /** An escape hatch on the built stack (addOverride), the way unsafe config sneaks past the renderers. */
  readonly mutate?: (stack: PinstackStack) => void;
}

/** The Terraform resource at a construct path below the stack, e.g. `Postgres/Resource`. */
function resourceAt(stack: PinstackStack, path: string): TerraformResource {
  let node: IConstruct = stack;
  for (const id of path.split('/')) {
    const child = node.node.tryFindChild(id);
    if (!child) throw new Error(`no construct ${id} under ${node.node.path} (children: ${node.node.children.map((c) => c.node.id).join(', ')})`);
    node = child;
  }
  if (!TerraformResource.isTerraformResource(node)) throw new Error(`${node.node.path} is not a Terraform resource`);
  return node;
}

const EXAMPLE: Variant = { id: 'example' };

const UPDATED_WEB: Variant = { id: 'updated-web', pins: { ...EXAMPLE_PINS, web: UPDATED_WEB_IMAGE } };

const EXTERNAL_POSTGRES: Variant = {
  id: 'external-postgres',
  spec: (spec) => {
    spec.postgres = { external: { urlSecret: 'DATABASE_URL' } };
    for (const env of Object.values(spec.environments) as any[]) delete env.overrides?.postgres;
  },
  secrets: { ...EXTERNAL_DATABASE_SECRETS },
};

const WEAKER_DATASTORES: Variant = {
  id: 'weaker-datastores',
  spec: (spec) => {
    const overrides = spec.environments.prod.overrides;
    overrides.postgres = { ...overrides.postgres, highAvailability: false, deletionProtection: false, backups: { retentionDays: 1 } };
    overrides.redis = { ...overrides.redis, highAvailability: false };
  },
  // The ALB's deletion protection follows the tier, not the spec: only an escape hatch turns it off in prod.
  mutate: (stack) => resourceAt(stack, 'LoadBalancer/Resource').addOverride('enable_deletion_protection', false),
};

/** The worker image the `unpinned-image` escape hatch puts into its task definition. */
export const UNPINNED_WORKER_IMAGE = 'ghcr.io/acme/worker:latest';

const UNPINNED_WORKER: Variant = {
  id: 'unpinned-worker',
  mutate: (stack) => {
    const taskDefinition = resourceAt(stack, 'ServiceWorker/TaskDefinition') as EcsTaskDefinition;
    const pinned = EXAMPLE_PINS.worker!;
    const definitions = taskDefinition.containerDefinitionsInput;
    if (!definitions?.includes(pinned)) throw new Error(`the worker task definition does not name ${pinned}`);
    taskDefinition.addOverride('container_definitions', definitions.split(pinned).join(UNPINNED_WORKER_IMAGE));
  },
};

const UNKNOWN_SECURITY: Variant = {
  id: 'unknown-security',
  mutate: (stack) => {
    // Values computed during apply: encryption from another resource's ARN, an ingress CIDR from a NAT IP.
    const subnetGroup = resourceAt(stack, 'Postgres/SubnetGroup');
    resourceAt(stack, 'Postgres/Resource').addOverride('storage_encrypted', `\${${subnetGroup.terraformResourceType}.${subnetGroup.friendlyUniqueId}.arn != ""}`);
    const eip = resourceAt(stack, 'Network/NatEipEuWest1A');
    resourceAt(stack, 'LoadBalancer/IngressHttpsIpv4').addOverride('cidr_ipv4', `\${${eip.terraformResourceType}.${eip.friendlyUniqueId}.public_ip}/32`);
    // The web image from an ECR repository created in the same stack: its URL is known only after apply.
    const registry = new EcrRepository(stack, 'Registry', { name: 'acme/web', imageTagMutability: 'IMMUTABLE' });
    const web = resourceAt(stack, 'ServiceWeb/TaskDefinition') as EcsTaskDefinition;
    const definitions = web.containerDefinitionsInput;
    if (!definitions?.includes(EXAMPLE_PINS.web!)) throw new Error(`the web task definition does not name ${EXAMPLE_PINS.web}`);
    web.addOverride('container_definitions', definitions.split(EXAMPLE_PINS.web!).join(`${registry.repositoryUrl}:${UNKNOWN_WEB_IMAGE_TAG}`));
  },
};

/** The tag of the `unknown-security` web image, whose repository URL is known only after apply. */
export const UNKNOWN_WEB_IMAGE_TAG = 'v42-3f9c2ab';

function largeName(i: number): string {
  return `svc${String(i).padStart(3, '0')}`;
}

const LARGE: Variant = {
  id: `large-${LARGE_SERVICE_COUNT}`,
  spec: (spec) => {
    const web = spec.services.web;
    for (let i = 1; i <= LARGE_SERVICE_COUNT; i++) {
      const name = largeName(i);
      spec.services[name] = { ...structuredClone(web), image: `ghcr.io/acme/${name}`, ingress: { host: 'app.acme.example', path: `/${name}` } };
    }
  },
  pins: { ...EXAMPLE_PINS, ...Object.fromEntries(Array.from({ length: LARGE_SERVICE_COUNT }, (_, i) => [largeName(i + 1), `ghcr.io/acme/${largeName(i + 1)}:v42-3f9c2ab`])) },
};

/** The address the `rename` scenario gives the database in the prior state: what a construct `Database` would have had. */
export function renamedDatabaseAddress(): string {
  return `aws_db_instance.Database_${createHash('sha256').update(`${SCENARIO_ENV}/Database/Resource`).digest('hex').slice(0, 8).toUpperCase()}`;
}

interface StateEdit {
  readonly id: string;
  readonly apply: (state: TfState, priorStack: StackJson) => TfState;
}

interface ScenarioDef {
  readonly description: string;
  readonly config: Variant;
  /** `empty`, or the applied state of a config, optionally edited. */
  readonly prior: 'empty' | { readonly config: Variant; readonly edit?: StateEdit };
  /** The simulated apply of `config` already made this plan: its first (on empty state) or its last (converged, empty). */
  readonly fromApply?: 'first' | 'last';
}

function only(stack: StackJson, type: string): string {
  const names = Object.keys(stack.resource?.[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type} in the stack, found ${names.length}`);
  return `${type}.${names[0]}`;
}

export const SCENARIOS: Readonly<Record<ScenarioName, ScenarioDef>> = {
  create: { description: 'the example prod stack planned on empty state: creates only', config: EXAMPLE, prior: 'empty', fromApply: 'first' },
  'no-op': { description: 'the example prod stack planned against its own applied state: no changes', config: EXAMPLE, prior: { config: EXAMPLE }, fromApply: 'last' },
  'update-image': {
    description: `prod web pinned to ${UPDATED_WEB_IMAGE}: its task definition is replaced and its ECS service updated`,
    config: UPDATED_WEB,
    prior: { config: EXAMPLE },
  },
  'replace-db': {
    description: 'the prior state has storage_encrypted = false on the aws_db_instance: the config forces a replacement',
    config: EXAMPLE,
    prior: {
      config: EXAMPLE,
      edit: { id: 'db-unencrypted', apply: (state, stack) => withAttribute(state, only(stack, 'aws_db_instance'), 'storage_encrypted', false) },
    },
  },
  'delete-db': {
    description: 'the config switches to an external Postgres (postgres.external): the RDS instance is deleted',
    config: EXTERNAL_POSTGRES,
    prior: { config: EXAMPLE },
  },
  weaken: {
    description: 'Postgres without deletion protection, 1-day backups and no Multi-AZ, Redis without HA, applied to the stricter example state: in-place weakening',
    config: WEAKER_DATASTORES,
    prior: { config: EXAMPLE },
  },
  rename: {
    description: 'the prior state holds the database at another address (a renamed construct, no moved block): delete at the old address, create at the new one',
    config: EXAMPLE,
    prior: {
      config: EXAMPLE,
      edit: { id: 'db-renamed', apply: (state, stack) => withMovedResource(state, only(stack, 'aws_db_instance'), renamedDatabaseAddress()) },
    },
  },
  'unpinned-image': {
    description: `an escape hatch (addOverride) sets the worker container image to ${UNPINNED_WORKER_IMAGE}: its task definition is replaced with an unpinned image`,
    config: UNPINNED_WORKER,
    prior: { config: EXAMPLE },
  },
  'unknown-security': {
    description:
      'escape hatches make the DB storage_encrypted, an ALB ingress CIDR and the web image (from an ECR repository of the same stack) depend on values computed during apply, planned on empty state',
    config: UNKNOWN_SECURITY,
    prior: 'empty',
  },
  large: {
    description: `the example plus ${LARGE_SERVICE_COUNT} more public services on empty state: about 2,000 resource changes`,
    config: LARGE,
    prior: 'empty',
  },
};

// ---------------------------------------------------------------------------------------------------------
// Synth

interface Synthesized {
  readonly variant: Variant;
  readonly text: string;
  readonly json: StackJson;
  readonly load: ScenarioLoad;
  readonly secrets: Readonly<Record<string, string>>;
  /** TF_VAR_* for the stack's secrets. */
  readonly tfVars: Readonly<Record<string, string>>;
  /** sha256 of the config without construct metadata. */
  readonly hash: string;
}

const synthesized = new Map<string, Promise<Synthesized>>();

function synthesize(variant: Variant): Promise<Synthesized> {
  let p = synthesized.get(variant.id);
  if (!p) {
    p = synthesizeUncached(variant);
    synthesized.set(variant.id, p);
  }
  return p;
}

async function synthesizeUncached(variant: Variant): Promise<Synthesized> {
  let spec: unknown;
  if (variant.spec) {
    spec = exampleSpec();
    variant.spec(spec);
  }
  const load: ScenarioLoad = { ...(spec !== undefined ? { spec } : {}), ...(variant.pins ? { pins: variant.pins } : {}), ...(variant.secrets ? { secrets: variant.secrets } : {}) };
  const secrets = variant.secrets ?? EXAMPLE_SECRETS;
  const [loaded] = await loadExample({ ...load, only: [SCENARIO_ENV] });
  const config = loaded!.config;
  const model = buildModel(config, { localBackend: true });
  const outdir = mkdtempSync(join(tmpdir(), 'pinstack-plan-synth-'));
  try {
    // collect: a deliberately unsafe variant still synthesizes; policies are what the tests check.
    const { app, stacks } = buildApp([{ config, model }], { offline: true, outdir, policies: { mode: 'collect' } });
    variant.mutate?.(stacks[0]!);
    app.synth();
    const text = readFileSync(join(outdir, 'stacks', model.stackName, 'cdk.tf.json'), 'utf8');
    const json = JSON.parse(text) as StackJson;
    const hash = sha256(JSON.stringify(json, (k, v) => (k === '//' ? undefined : v)));
    return { variant, text, json, load, secrets, tfVars: terraformVariablesEnv(model.secrets, secrets), hash };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Changes to these helpers invalidate the cache. */
let sourceHashMemo: string | undefined;
function sourceHash(): string {
  if (sourceHashMemo) return sourceHashMemo;
  const files = [join(__dirname, 'plans.ts'), ...readdirSync(join(__dirname, 'plans')).filter((f) => f.endsWith('.ts')).sort().map((f) => join(__dirname, 'plans', f))];
  sourceHashMemo = sha256(files.map((f) => readFileSync(f, 'utf8')).join('\0'));
  return sourceHashMemo;
}

// ---------------------------------------------------------------------------------------------------------
// Terraform

/** Terraform runs at a time in this process (the machines are small; each plan uses several cores). */
const TERRAFORM_PARALLELISM = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(f: () => Promise<T>): Promise<T> {
  if (running >= TERRAFORM_PARALLELISM) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function statePathOf(stack: StackJson): string {
  const path = stack.terraform?.backend?.local?.path;
  if (stack.terraform?.backend && !stack.terraform.backend.local) throw new Error('plan scenarios need the local backend (buildModel(config, { localBackend: true }))');
  return typeof path === 'string' ? path : 'terraform.tfstate';
}

async function prepareStackDir(dir: string, s: Synthesized): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), s.text);
  await limited(() => init(dir));
}

async function planAndShow(dir: string, s: Synthesized): Promise<PlanJson> {
  return limited(async () => {
    await terraformPlan(dir, { out: 'tfplan', refresh: false, extraEnv: s.tfVars });
    return showJson<PlanJson>(dir, 'tfplan');
  });
}

/** Pending changes of a plan: managed resources and outputs whose action is not no-op. */
export function pendingChanges(plan: PlanJson): string[] {
  const out: string[] = [];
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    if (rc.mode !== 'managed') continue;
    const actions = (rc.change?.actions ?? []) as string[];
    if (actions.length === 1 && actions[0] === 'no-op') continue;
    out.push(`${rc.address} ${JSON.stringify(actions)}`);
  }
  for (const [name, oc] of Object.entries((plan.output_changes ?? {}) as Json)) {
    const actions = (oc.actions ?? []) as string[];
    if (!(actions.length === 1 && actions[0] === 'no-op')) out.push(`output.${name} ${JSON.stringify(actions)}`);
  }
  return out;
}

/** Plan -> state -> plan ... rounds before giving up on a simulated apply. */
const MAX_APPLY_ROUNDS = 8;

interface Applied {
  readonly state: TfState;
  /** The folder of the simulated apply: `stack/` (initialised, with the converged state and its empty `tfplan`, and `first.tfplan`), `first.json`, `last.json`. */
  readonly dir: string;
  readonly producedMs: number;
  readonly firstPlanMs: number;
  readonly lastPlanMs: number;
}

/** What applying a config would leave in state, cached per config (plan on empty state, then fold plans into state until empty). */
async function appliedState(s: Synthesized, root: string): Promise<Applied> {
  const key = `applied-${s.variant.id}-${sha256(JSON.stringify({ src: sourceHash(), config: s.hash, vars: s.tfVars, mirror: process.env.PINSTACK_PROVIDER_MIRROR })).slice(0, 16)}`;
  const dir = await cachedDir(root, key, async (tmp) => {
    const started = Date.now();
    const stackDir = join(tmp, 'stack');
    await prepareStackDir(stackDir, s);
    const schemas = await resourceSchemas(stackDir, root);
    const statePath = join(stackDir, statePathOf(s.json));
    let t = Date.now();
    let plan = await planAndShow(stackDir, s);
    const firstPlanMs = Date.now() - t;
    renameSync(join(stackDir, 'tfplan'), join(stackDir, 'first.tfplan'));
    writeFileAtomic(join(tmp, 'first.json'), JSON.stringify(plan));
    let state = stateFromPlan(plan, schemas);
    const rounds: number[] = [];
    let lastPlanMs = 0;
    for (let round = 1; ; round++) {
      writeFileSync(statePath, JSON.stringify(state, null, 2));
      t = Date.now();
      plan = await planAndShow(stackDir, s);
      lastPlanMs = Date.now() - t;
      const pending = pendingChanges(plan);
      rounds.push(pending.length);
      if (pending.length === 0) break;
      if (round >= MAX_APPLY_ROUNDS) {
        throw new Error(`simulated apply of ${s.variant.id} did not converge after ${round} rounds; still pending:\n  ${pending.join('\n  ')}`);
      }
      state = stateFromPlan(plan, schemas, { prior: state });
    }
    writeFileAtomic(join(tmp, 'last.json'), JSON.stringify(plan));
    writeFileAtomic(join(tmp, 'state.json'), JSON.stringify(state, null, 2));
    writeFileAtomic(join(tmp, 'meta.json'), JSON.stringify({ variant: s.variant.id, rounds, producedMs: Date.now() - started, firstPlanMs, lastPlanMs }, null, 2));
  });
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { producedMs: number; firstPlanMs: number; lastPlanMs: number };
  return { state: JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as TfState, dir, ...meta };
}

// ---------------------------------------------------------------------------------------------------------
// API

/** Where the scenarios are cached unless `cacheDir` says otherwise. */
export function defaultScenarioCacheDir(): string {
  return join(tmpdir(), 'pinstack-plan-scenarios');
}

/**
 * A real terraform plan of one scenario (see the table at the top of this file), produced offline or read from
 * the cache. Fails (never skips) when PINSTACK_PROVIDER_MIRROR does not point at a provider mirror.
 */
export async function planScenario(name: ScenarioName, opts: ScenarioOptions = {}): Promise<PlanScenario> {
  const called = Date.now();
  const def = SCENARIOS[name];
  if (!def) throw new Error(`unknown plan scenario "${name}"; expected one of ${SCENARIO_NAMES.join(', ')}`);
  requireProviderMirror();
  const root = opts.cacheDir ?? defaultScenarioCacheDir();
  const config = await synthesize(def.config);
  const prior = def.prior === 'empty' ? undefined : { config: await synthesize(def.prior.config), edit: def.prior.edit };
  const key = `${name}-${sha256(
    JSON.stringify({
      src: sourceHash(),
      config: config.hash,
      vars: config.tfVars,
      prior: prior ? { config: prior.config.hash, vars: prior.config.tfVars, edit: prior.edit?.id ?? null } : 'empty',
      mirror: process.env.PINSTACK_PROVIDER_MIRROR,
    }),
  ).slice(0, 16)}`;

  let produced = false;
  const dir = await cachedDir(root, key, async (tmp) => {
    produced = true;
    const started = Date.now();
    const stackDir = join(tmp, 'stack');
    if (def.fromApply) {
      // The simulated apply of this very config already ran this plan: copy it.
      const applied = await appliedState(config, root);
      cpSync(join(applied.dir, 'stack'), stackDir, { recursive: true, verbatimSymlinks: true });
      const first = def.fromApply === 'first';
      if (first) {
        rmSync(join(stackDir, statePathOf(config.json)), { force: true });
        renameSync(join(stackDir, 'first.tfplan'), join(stackDir, 'tfplan'));
      } else {
        rmSync(join(stackDir, 'first.tfplan'), { force: true });
        writeFileAtomic(join(tmp, 'prior-state.json'), JSON.stringify(applied.state));
      }
      cpSync(join(applied.dir, first ? 'first.json' : 'last.json'), join(tmp, 'plan.json'));
      const planMs = first ? applied.firstPlanMs : applied.lastPlanMs;
      writeFileAtomic(join(tmp, 'meta.json'), JSON.stringify({ name, description: def.description, producedMs: Date.now() - started + applied.producedMs, planMs }, null, 2));
      return;
    }
    const [, state] = await Promise.all([
      prepareStackDir(stackDir, config),
      prior ? appliedState(prior.config, root).then(({ state: applied }) => (prior.edit ? prior.edit.apply(applied, prior.config.json) : applied)) : Promise.resolve(undefined),
    ]);
    if (state) {
      writeFileSync(join(stackDir, statePathOf(config.json)), JSON.stringify(state, null, 2));
      writeFileAtomic(join(tmp, 'prior-state.json'), JSON.stringify(state));
    }
    const planStarted = Date.now();
    const plan = await planAndShow(stackDir, config);
    const planMs = Date.now() - planStarted;
    writeFileAtomic(join(tmp, 'plan.json'), JSON.stringify(plan));
    writeFileAtomic(join(tmp, 'meta.json'), JSON.stringify({ name, description: def.description, producedMs: Date.now() - started, planMs, resourceChanges: (plan.resource_changes ?? []).length }, null, 2));
  });
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { producedMs: number; planMs: number };
  const priorFile = join(dir, 'prior-state.json');
  return {
    name,
    description: def.description,
    env: SCENARIO_ENV,
    plan: JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as PlanJson,
    stack: JSON.parse(config.text) as StackJson,
    stackDir: join(dir, 'stack'),
    load: structuredClone(config.load),
    secrets: config.secrets,
    ...(existsSync(priorFile) ? { priorState: JSON.parse(readFileSync(priorFile, 'utf8')) as TfState } : {}),
    timings: { producedMs: meta.producedMs, planMs: meta.planMs, callMs: Date.now() - called },
    cached: !produced,
  };
}

/** Several scenarios at once (they share the applied example state; terraform runs are limited per process). */
export async function planScenarios<N extends ScenarioName>(names: readonly N[], opts: ScenarioOptions = {}): Promise<Record<N, PlanScenario>> {
  const results = await Promise.all(names.map((n) => planScenario(n, opts)));
  return Object.fromEntries(names.map((n, i) => [n, results[i]!])) as Record<N, PlanScenario>;
}

/** The one resource change at `address` of a scenario's plan (throws listing the plan's addresses of that type). */
export function changeAt(plan: PlanJson, address: string): Json {
  const rc = ((plan.resource_changes ?? []) as Json[]).find((c) => c.address === address);
  if (!rc) {
    const type = address.split('.')[0];
    const same = ((plan.resource_changes ?? []) as Json[]).filter((c) => c.type === type).map((c) => c.address);
    throw new Error(`the plan has no change at ${address} (${type}: ${same.join(', ') || 'none'})`);
  }
  return rc;
}

/** Copies a scenario's stack folder elsewhere (to run terraform in it without touching the cache). */
export function copyStackDir(scenario: PlanScenario, to: string): string {
  cpSync(scenario.stackDir, to, { recursive: true, verbatimSymlinks: true });
  return to;
}

export { stateInstance };
