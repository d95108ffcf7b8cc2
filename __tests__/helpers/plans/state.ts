import { createHash } from 'node:crypto';

/**
 * A "simulated apply" for offline plan tests: turns `terraform show -json` of a plan into the Terraform v4
 * state that applying it would plausibly leave behind, so a second `terraform plan -refresh=false` against
 * that state yields real no-op / update / replace / delete plans. Pure: JSON in, JSON out.
 *
 * What is filled where the plan says "known after apply":
 * - a value the prior state already has (the fake id of a resource being replaced stays the same);
 * - `id`, `arn`, `arn_without_revision`, endpoints (`address`, `endpoint`, `dns_name`, `*_endpoint_address`),
 *   `revision`, and any path another resource or output references (`master_user_secret[0].secret_arn`):
 *   plausible, deterministic fakes (same address + path -> same value);
 * - an attribute whose configuration refers to other objects: its configuration template evaluated against the
 *   state being built (`${aws_vpc.x.id}`, `"${aws_lb.x.arn}:*"`, `${urlencode(var.x)}`); what cannot be evaluated
 *   here (data sources, other functions) stays null and the next plan resolves it, so the caller iterates
 *   plan -> state until the plan is empty (two rounds for the example stack);
 * - everything else: the type's zero value ("", 0, false, [], {}), not null: that is what the plugin SDK stores
 *   for a computed attribute it had nothing for, and it plans a null computed attribute as unknown again, so a
 *   state with nulls never converges.
 */

export type CtyType = string | readonly unknown[];

export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly nested_type?: { readonly attributes: Readonly<Record<string, SchemaAttribute>>; readonly nesting_mode: string };
  readonly sensitive?: boolean;
  readonly computed?: boolean;
  readonly optional?: boolean;
  readonly required?: boolean;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>>;
}

export interface ResourceSchema {
  readonly version: number;
  readonly block: SchemaBlock;
}

/** Resource schemas by type, from `terraform providers schema -json` (one provider). */
export type ResourceSchemas = Readonly<Record<string, ResourceSchema>>;

export type CtyPathStep = { readonly type: 'get_attr'; readonly value: string } | { readonly type: 'index'; readonly value: { readonly value: string | number; readonly type: 'string' | 'number' } };

export interface StateInstance {
  readonly index_key?: string | number;
  readonly schema_version: number;
  readonly attributes: Record<string, unknown>;
  readonly sensitive_attributes: CtyPathStep[][];
  readonly dependencies?: string[];
}

export interface StateResource {
  readonly mode: 'managed';
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: StateInstance[];
}

/** Terraform state format version 4 (what Terraform 1.x writes). */
export interface TfState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
  readonly resources: StateResource[];
  readonly check_results: null;
}

type Json = Record<string, any>;

/** The account and region of the fakes (the region is taken from the provider configuration when it is a constant). */
export const FAKE_ACCOUNT = '123456789012';

// ---------------------------------------------------------------------------------------------------------
// Shapes: schema block / cty type -> one walkable description.

type Shape =
  | { readonly kind: 'prim'; readonly t: string }
  | { readonly kind: 'list' | 'set' | 'map'; readonly elem: Shape }
  | { readonly kind: 'tuple'; readonly elems: readonly Shape[] }
  | { readonly kind: 'object'; readonly attrs: Readonly<Record<string, Shape>> };

const DYNAMIC: Shape = { kind: 'prim', t: 'dynamic' };

function shapeOfType(t: CtyType | undefined): Shape {
  if (t === undefined) return DYNAMIC;
  if (typeof t === 'string') return { kind: 'prim', t };
  const [kind, arg] = t as [string, unknown];
  if (kind === 'list' || kind === 'set' || kind === 'map') return { kind, elem: shapeOfType(arg as CtyType) };
  if (kind === 'object') {
    const attrs: Record<string, Shape> = {};
    for (const [k, v] of Object.entries(arg as Record<string, CtyType>)) attrs[k] = shapeOfType(v);
    return { kind: 'object', attrs };
  }
  if (kind === 'tuple') return { kind: 'tuple', elems: (arg as CtyType[]).map(shapeOfType) };
  return DYNAMIC;
}

function shapeOfAttribute(a: SchemaAttribute): Shape {
  if (a.nested_type) {
    const attrs: Record<string, Shape> = {};
    for (const [k, v] of Object.entries(a.nested_type.attributes)) attrs[k] = shapeOfAttribute(v);
    return nest(a.nested_type.nesting_mode, { kind: 'object', attrs });
  }
  return shapeOfType(a.type);
}

function nest(mode: string, obj: Shape): Shape {
  if (mode === 'list' || mode === 'set' || mode === 'map') return { kind: mode, elem: obj };
  return obj; // single, group
}

export function shapeOfBlock(block: SchemaBlock): Shape {
  const attrs: Record<string, Shape> = {};
  for (const [k, v] of Object.entries(block.attributes ?? {})) attrs[k] = shapeOfAttribute(v);
  for (const [k, v] of Object.entries(block.block_types ?? {})) attrs[k] = nest(v.nesting_mode, shapeOfBlock(v.block));
  return { kind: 'object', attrs };
}

// ---------------------------------------------------------------------------------------------------------
// Fakes

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** A deterministic uuid-shaped string. */
export function fakeUuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Id prefixes of EC2-style resources (`vpc-0a1b...`). */
const ID_PREFIX: Readonly<Record<string, string>> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_security_group: 'sg',
  aws_route_table: 'rtb',
  aws_internet_gateway: 'igw',
  aws_nat_gateway: 'nat',
  aws_eip: 'eipalloc',
  aws_route_table_association: 'rtbassoc',
  aws_vpc_security_group_ingress_rule: 'sgr',
  aws_vpc_security_group_egress_rule: 'sgr',
  aws_route: 'r-rtb',
  aws_kms_key: 'key',
  aws_efs_file_system: 'fs',
};

/** Resources whose id is their ARN. */
const ID_IS_ARN = new Set(['aws_ecs_cluster', 'aws_ecs_service', 'aws_lb', 'aws_lb_target_group', 'aws_lb_listener', 'aws_lb_listener_rule', 'aws_secretsmanager_secret']);

/** Resources whose id is one of their (configured) attributes. */
const ID_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_iam_role: 'name',
  aws_cloudwatch_log_group: 'name',
  aws_ecs_task_definition: 'family',
  aws_db_subnet_group: 'name',
  aws_db_parameter_group: 'name',
  aws_elasticache_subnet_group: 'name',
  aws_elasticache_parameter_group: 'name',
  aws_elasticache_replication_group: 'replication_group_id',
  aws_appautoscaling_target: 'resource_id',
  aws_appautoscaling_policy: 'name',
  aws_s3_bucket: 'bucket',
};

const ENDPOINT_NAMES = new Set(['address', 'endpoint', 'dns_name', 'primary_endpoint_address', 'reader_endpoint_address', 'configuration_endpoint_address']);
/** Attributes always faked when unknown and not derived from configuration. */
const ALWAYS_FILLED = new Set(['id', 'arn', 'arn_without_revision', 'revision', ...ENDPOINT_NAMES]);

interface FakeContext {
  readonly address: string;
  readonly type: string;
  /** The resource's known top-level values (names used in ids and ARNs). */
  readonly known: Json;
  readonly region: string;
  /** Paths other objects reference, relative to the resource: `master_user_secret[0].secret_arn`. */
  readonly referenced: ReadonlySet<string>;
  /** Where an already computed fake is kept (ARN from id and the other way round). */
  readonly memo: Map<string, string>;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function nameOf(c: FakeContext): string {
  const k = c.known;
  return str(k.name) ?? str(k.identifier) ?? str(k.family) ?? str(k.replication_group_id) ?? str(k.bucket) ?? c.address.split('.')[1]!.toLowerCase().replace(/_/g, '-');
}

function arnOf(c: FakeContext): string {
  const cached = c.memo.get('arn');
  if (cached) return cached;
  const r = c.region;
  const a = FAKE_ACCOUNT;
  const name = nameOf(c);
  const h = hex(c.address, 16);
  const k = c.known;
  const byType: Record<string, () => string> = {
    aws_ecs_cluster: () => `arn:aws:ecs:${r}:${a}:cluster/${name}`,
    aws_ecs_service: () => `arn:aws:ecs:${r}:${a}:service/${str(k.cluster)?.split('/').pop() ?? 'cluster'}/${name}`,
    aws_ecs_task_definition: () => `arn:aws:ecs:${r}:${a}:task-definition/${name}:1`,
    aws_iam_role: () => `arn:aws:iam::${a}:role/${name}`,
    aws_lb: () => `arn:aws:elasticloadbalancing:${r}:${a}:loadbalancer/app/${name}/${h}`,
    aws_lb_target_group: () => `arn:aws:elasticloadbalancing:${r}:${a}:targetgroup/${name}/${h}`,
    aws_lb_listener: () => `arn:aws:elasticloadbalancing:${r}:${a}:listener/app/lb/${hex(`${c.address}/lb`, 16)}/${h}`,
    aws_lb_listener_rule: () => `arn:aws:elasticloadbalancing:${r}:${a}:listener-rule/app/lb/${hex(`${c.address}/lb`, 16)}/${hex(`${c.address}/l`, 16)}/${h}`,
    aws_secretsmanager_secret: () => `arn:aws:secretsmanager:${r}:${a}:secret:${name}-${hex(c.address, 6)}`,
    aws_secretsmanager_secret_version: () => `arn:aws:secretsmanager:${r}:${a}:secret:${name}-${hex(c.address, 6)}`,
    aws_db_instance: () => `arn:aws:rds:${r}:${a}:db:${name}`,
    aws_db_subnet_group: () => `arn:aws:rds:${r}:${a}:subgrp:${name}`,
    aws_db_parameter_group: () => `arn:aws:rds:${r}:${a}:pg:${name}`,
    aws_elasticache_replication_group: () => `arn:aws:elasticache:${r}:${a}:replicationgroup:${name}`,
    aws_elasticache_subnet_group: () => `arn:aws:elasticache:${r}:${a}:subnetgroup:${name}`,
    aws_cloudwatch_log_group: () => `arn:aws:logs:${r}:${a}:log-group:${name}`,
    aws_s3_bucket: () => `arn:aws:s3:::${name}`,
  };
  const make = byType[c.type];
  let arn: string;
  if (make) arn = make();
  else {
    const service = c.type.split('_')[1] ?? 'service';
    const kind = c.type.split('_').slice(2).join('-') || 'resource';
    const id = ID_PREFIX[c.type] ? idOf(c) : name;
    arn = `arn:aws:${service}:${r}:${a}:${kind}/${id}`;
  }
  c.memo.set('arn', arn);
  return arn;
}

function idOf(c: FakeContext): string {
  const cached = c.memo.get('id');
  if (cached) return cached;
  let id: string;
  const prefix = ID_PREFIX[c.type];
  const attr = ID_ATTRIBUTE[c.type];
  if (prefix) id = `${prefix}-0${hex(c.address, 16)}`;
  else if (ID_IS_ARN.has(c.type)) id = arnOf(c);
  else if (attr && str(c.known[attr])) id = str(c.known[attr])!;
  else if (c.type === 'aws_db_instance') id = `db-${hex(c.address, 26).toUpperCase()}`;
  else if (c.type === 'aws_iam_role_policy') id = `${str(c.known.role) ?? 'role'}:${nameOf(c)}`;
  else id = hex(c.address, 20);
  c.memo.set('id', id);
  return id;
}

function endpointOf(c: FakeContext, attr: string): string {
  const service = c.type.startsWith('aws_elasticache') ? 'cache' : c.type.startsWith('aws_lb') ? 'elb' : c.type.startsWith('aws_db') || c.type.startsWith('aws_rds') ? 'rds' : 'aws';
  const host = service === 'elb' ? `${nameOf(c)}-${hex(c.address, 10)}.${c.region}.elb.amazonaws.com` : `${nameOf(c)}.${hex(c.address, 12)}.${c.region}.${service}.amazonaws.com`;
  if (attr === 'endpoint' && typeof c.known.port === 'number') return `${host}:${c.known.port}`;
  return host;
}

function fakeString(c: FakeContext, name: string, pathText: string): string {
  if (pathText === 'id') return idOf(c);
  if (pathText === 'arn') return arnOf(c);
  if (pathText === 'arn_without_revision') return arnOf(c).replace(/:\d+$/, '');
  if (ENDPOINT_NAMES.has(name)) return endpointOf(c, name);
  if (name === 'secret_arn') return `arn:aws:secretsmanager:${c.region}:${FAKE_ACCOUNT}:secret:rds!${c.type === 'aws_db_instance' ? 'db' : 'cluster'}-${fakeUuid(`${c.address}.${pathText}`)}-${hex(`${c.address}.${pathText}`, 6)}`;
  if (name.endsWith('_arn') || name === 'arn') return `arn:aws:${c.type.split('_')[1] ?? 'aws'}:${c.region}:${FAKE_ACCOUNT}:${name.replace(/_arn$/, '').replace(/_/g, '-')}/${nameOf(c)}-${hex(`${c.address}.${pathText}`, 6)}`;
  if (name === 'allocation_id') return `eipalloc-0${hex(c.address, 16)}`;
  if (name === 'version_id') return fakeUuid(`${c.address}.${pathText}`);
  if (name.endsWith('_id')) return `${name.replace(/_id$/, '').replace(/_/g, '-')}-0${hex(`${c.address}.${pathText}`, 16)}`;
  return `fake-${name.replace(/_/g, '-')}-${hex(`${c.address}.${pathText}`, 8)}`;
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function isReferencedBelow(c: FakeContext, text: string): boolean {
  for (const r of c.referenced) if (r.startsWith(`${text}[`) || r.startsWith(`${text}.`)) return true;
  return false;
}

/**
 * The value a provider built on the plugin SDK stores for a computed attribute it had nothing to say about: "", 0,
 * false, [], {}. Null would not do: the SDK plans a null computed attribute as "known after apply" again, so the
 * state would never converge.
 */
function zero(shape: Shape): unknown {
  if (shape.kind === 'prim') return shape.t === 'string' ? '' : shape.t === 'number' ? 0 : shape.t === 'bool' ? false : null;
  if (shape.kind === 'list' || shape.kind === 'set' || shape.kind === 'tuple') return [];
  if (shape.kind === 'map') return {};
  return null;
}

/** A plausible value for an unknown, non-derived value: a fake id/ARN/endpoint, or the type's zero value. */
function fake(shape: Shape, path: readonly (string | number)[], c: FakeContext): unknown {
  const text = pathText(path);
  const name = [...path].reverse().find((s): s is string => typeof s === 'string') ?? '';
  const wanted = (path.length === 1 && ALWAYS_FILLED.has(name)) || c.referenced.has(text);
  switch (shape.kind) {
    case 'prim':
      if (!wanted) return zero(shape);
      if (shape.t === 'number') return name === 'revision' ? 1 : 0;
      if (shape.t === 'bool') return false;
      return fakeString(c, name, text);
    case 'list':
    case 'tuple':
      if (!isReferencedBelow(c, text)) return zero(shape);
      return [fake('elem' in shape ? shape.elem : shape.elems[0] ?? DYNAMIC, [...path, 0], c)];
    case 'set':
    case 'map':
      return zero(shape);
    case 'object': {
      if (!wanted && !isReferencedBelow(c, text)) return null;
      const out: Json = {};
      for (const [k, s] of Object.entries(shape.attrs)) out[k] = fake(s, [...path, k], c);
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Filling one planned value

function isDerived(expr: unknown): boolean {
  return expr !== null && typeof expr === 'object' && !Array.isArray(expr) && Array.isArray((expr as Json).references) && (expr as Json).references.length > 0;
}

/** The expression node for a child: attributes are `{constant_value, references}`, blocks are lists of expression objects. */
function exprChild(expr: unknown, key: string | number): unknown {
  if (expr === null || typeof expr !== 'object') return undefined;
  if (Array.isArray(expr)) return typeof key === 'number' ? expr[key] : expr.length === 1 ? (expr[0] as Json)?.[key] : undefined;
  if (isDerived(expr) || 'constant_value' in (expr as Json)) return undefined;
  return (expr as Json)[key];
}

// ---------------------------------------------------------------------------------------------------------
// Evaluating derived values: the JSON-syntax templates of the configuration (`${aws_vpc.x.id}`, `"${aws_lb.x.arn}:*"`,
// `${var.secret}`, `${urlencode(var.secret)}`) against the state being built. What cannot be evaluated here (data
// sources, other functions, values still null) stays null for the next plan round to resolve.

interface EvalEnv {
  /** Attributes of a managed resource in the state being built (or the prior state). */
  readonly resource: (address: string) => Json | undefined;
  readonly variables: Readonly<Record<string, unknown>>;
}

const FAILED = Symbol('unevaluable');

/** Go's url.QueryEscape, which Terraform's urlencode uses. */
function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

function evalExpression(source: string, env: EvalEnv): unknown {
  const expr = source.trim();
  const call = /^urlencode\((.*)\)$/.exec(expr);
  if (call) {
    const v = evalExpression(call[1]!, env);
    return typeof v === 'string' ? queryEscape(v) : FAILED;
  }
  const variable = /^var\.([A-Za-z0-9_-]+)$/.exec(expr);
  if (variable) return variable[1]! in env.variables ? env.variables[variable[1]!] : FAILED;
  const traversal = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+|\[\d+\])*)$/.exec(expr);
  if (!traversal || ['data', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self'].includes(traversal[1]!)) return FAILED;
  let node: unknown = env.resource(`${traversal[1]}.${traversal[2]}`);
  for (const m of traversal[3]!.matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
    if (node === null || typeof node !== 'object') return FAILED;
    node = m[1] !== undefined ? (node as Json)[m[1]] : (node as unknown[])[Number(m[2])];
  }
  return node === null || node === undefined ? FAILED : node;
}

function evalTemplate(value: unknown, env: EvalEnv): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([^{}]*)\}$/.exec(value);
    if (whole) return evalExpression(whole[1]!, env);
    if (!value.includes('${')) return value;
    let failed = false;
    const out = value.replace(/\$\{([^{}]*)\}/g, (_, inner: string) => {
      const v = evalExpression(inner, env);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      failed = true;
      return '';
    });
    return failed ? FAILED : out;
  }
  if (Array.isArray(value)) {
    const out = value.map((v) => evalTemplate(v, env));
    return out.includes(FAILED) ? FAILED : out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const e = evalTemplate(v, env);
      if (e === FAILED) return FAILED;
      out[k] = e;
    }
    return out;
  }
  return value;
}

/** The value of a derived expression (`{constant_value, references}`), or FAILED. */
function evalDerived(expr: unknown, env: EvalEnv): unknown {
  if (!isDerived(expr) || !('constant_value' in (expr as Json))) return FAILED;
  return evalTemplate((expr as Json).constant_value, env);
}

function hasUnknown(mirror: unknown): boolean {
  if (mirror === true) return true;
  if (mirror === null || typeof mirror !== 'object') return false;
  return Object.values(mirror as Json).some(hasUnknown);
}

function fill(shape: Shape, after: unknown, unknown: unknown, prior: unknown, expr: unknown, derived: boolean, path: (string | number)[], c: FakeContext, env: EvalEnv): unknown {
  const here = derived || isDerived(expr);
  if (isDerived(expr) && hasUnknown(unknown)) {
    const value = evalDerived(expr, env);
    if (value !== FAILED) return value;
  }
  if (unknown === true) {
    if (prior !== undefined && prior !== null) return prior;
    if (here) return null;
    return fake(shape, path, c);
  }
  if (after === null || after === undefined || unknown === undefined || unknown === false) return after ?? null;
  if (Array.isArray(after)) {
    const elemShape = (i: number): Shape => (shape.kind === 'list' || shape.kind === 'set' ? shape.elem : shape.kind === 'tuple' ? shape.elems[i] ?? DYNAMIC : DYNAMIC);
    const alignedPrior = Array.isArray(prior) && (shape.kind !== 'set' || prior.length === after.length) ? prior : undefined;
    return after.map((v, i) => fill(elemShape(i), v, (unknown as unknown[])[i], alignedPrior?.[i], exprChild(expr, i), here, [...path, i], c, env));
  }
  if (typeof after === 'object') {
    // Unknown values are left out of `after`: walk the keys of both.
    const keys = new Set([...Object.keys(after as Json), ...(typeof unknown === 'object' && !Array.isArray(unknown) ? Object.keys(unknown as Json) : [])]);
    const out: Json = {};
    for (const k of keys) {
      const s = shape.kind === 'object' ? shape.attrs[k] ?? DYNAMIC : shape.kind === 'map' ? shape.elem : DYNAMIC;
      out[k] = fill(s, (after as Json)[k], (unknown as Json)[k], (prior as Json | undefined)?.[k], exprChild(expr, k), here, [...path, k], c, env);
    }
    return out;
  }
  return after;
}

// ---------------------------------------------------------------------------------------------------------
// Sensitivity: the *_sensitive mirror -> state sensitive_attributes (cty paths)

function sensitivePaths(mirror: unknown, shape: Shape, path: CtyPathStep[], out: CtyPathStep[][]): void {
  if (mirror === true) {
    out.push(path);
    return;
  }
  if (mirror === null || typeof mirror !== 'object') return;
  if (Array.isArray(mirror)) {
    if (shape.kind === 'set') return; // set elements are addressed by value; not needed here
    mirror.forEach((m, i) => {
      const s = shape.kind === 'list' ? shape.elem : shape.kind === 'tuple' ? shape.elems[i] ?? DYNAMIC : DYNAMIC;
      sensitivePaths(m, s, [...path, { type: 'index', value: { value: i, type: 'number' } }], out);
    });
    return;
  }
  for (const [k, m] of Object.entries(mirror as Json)) {
    if (shape.kind === 'map') sensitivePaths(m, shape.elem, [...path, { type: 'index', value: { value: k, type: 'string' } }], out);
    else sensitivePaths(m, shape.kind === 'object' ? shape.attrs[k] ?? DYNAMIC : DYNAMIC, [...path, { type: 'get_attr', value: k }], out);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Plan -> state

/** Every reference in the configuration, by resource address: `aws_vpc.x` -> {id, arn, ...}. */
function referencesByAddress(configuration: Json | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const refs = (node as Json).references;
    if (Array.isArray(refs)) {
      for (const r of refs) {
        if (typeof r !== 'string') continue;
        const m = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.|\[)(.+)$/.exec(r);
        if (!m || m[1] === 'var' || m[1] === 'local' || m[1] === 'data' || m[1] === 'module') continue;
        const address = `${m[1]}.${m[2]}`;
        const rest = r.slice(address.length).replace(/^\./, '');
        if (!out.has(address)) out.set(address, new Set());
        out.get(address)!.add(rest);
      }
    }
    for (const v of Object.values(node as Json)) visit(v);
  };
  visit(configuration);
  return out;
}

function configResources(configuration: Json | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const r of (configuration?.root_module?.resources ?? []) as Json[]) out.set(r.address, r);
  return out;
}

function dependenciesOf(config: Json | undefined): string[] | undefined {
  if (!config) return undefined;
  const deps = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray((node as Json).references)) {
      for (const r of (node as Json).references as string[]) {
        const m = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)$/.exec(r);
        if (m && !['var', 'local', 'data', 'module'].includes(m[1]!)) deps.add(r);
      }
    }
    for (const v of Object.values(node as Json)) visit(v);
  };
  visit(config.expressions);
  for (const d of (config.depends_on ?? []) as string[]) deps.add(d);
  return [...deps].sort();
}

function regionOf(configuration: Json | undefined): string {
  const region = configuration?.provider_config?.aws?.expressions?.region?.constant_value;
  return typeof region === 'string' && !region.includes('${') ? region : 'eu-west-1';
}

function providerOf(rc: Json, config: Json | undefined): string {
  const key: string | undefined = config?.provider_config_key;
  const alias = key && key.includes('.') ? `.${key.split('.').slice(1).join('.')}` : '';
  return `provider["${rc.provider_name}"]${alias}`;
}

function instanceKey(type: string, name: string): string {
  return `${type}.${name}`;
}

export interface StateOptions {
  /** The state the plan was made against; its values win over fakes (stable ids across replaces). */
  readonly prior?: TfState;
  /** @default the plan's terraform_version */
  readonly terraformVersion?: string;
}

/**
 * The state after a simulated apply of `plan` (the JSON of `terraform show -json <planfile>`): creates, updates
 * and replaces take their planned values with unknowns filled (see the module comment), deletes go, no-ops
 * keep the prior instance. `schema_version` and the value shapes come from the provider schema; the
 * sensitive paths from the plan's `after_sensitive` (which holds both schema-sensitive attributes and values
 * derived from sensitive variables).
 */
export function stateFromPlan(plan: Json, schemas: ResourceSchemas, options: StateOptions = {}): TfState {
  const prior = options.prior;
  const configuration: Json | undefined = plan.configuration;
  const configs = configResources(configuration);
  const referenced = referencesByAddress(configuration);
  const region = regionOf(configuration);
  const priorByAddress = new Map<string, { resource: StateResource; instance: StateInstance }>();
  for (const r of prior?.resources ?? []) for (const i of r.instances) priorByAddress.set(instanceAddress(r, i), { resource: r, instance: i });

  const resources = new Map<string, StateResource>();
  const seen = new Set<string>();
  const built = new Map<string, Json>();
  const add = (type: string, name: string, provider: string, instance: StateInstance, address: string) => {
    const key = instanceKey(type, name);
    if (!resources.has(key)) resources.set(key, { mode: 'managed', type, name, provider, instances: [] });
    resources.get(key)!.instances.push(instance);
    built.set(address, instance.attributes);
  };
  const variables: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((plan.variables ?? {}) as Json)) if (v && 'value' in v) variables[k] = v.value;
  const env: EvalEnv = { resource: (address) => built.get(address) ?? priorByAddress.get(address)?.instance.attributes, variables };

  for (const rc of inDependencyOrder(((plan.resource_changes ?? []) as Json[]).filter((r) => r.mode === 'managed'), configs)) {
    seen.add(rc.address);
    if (typeof rc.previous_address === 'string') seen.add(rc.previous_address);
    const actions: string[] = rc.change?.actions ?? [];
    const before = priorByAddress.get(rc.previous_address ?? rc.address) ?? priorByAddress.get(rc.address);
    if (actions.length === 1 && actions[0] === 'delete') continue;
    if (actions.length === 1 && actions[0] === 'no-op' && before) {
      add(rc.type, rc.name, before.resource.provider, { ...before.instance, ...(rc.index !== undefined ? { index_key: rc.index } : {}) }, rc.address);
      continue;
    }
    const schema = schemas[rc.type];
    if (!schema) throw new Error(`no provider schema for resource type ${rc.type} (at ${rc.address})`);
    const shape = shapeOfBlock(schema.block);
    const config = configs.get(configAddress(rc));
    const after: Json = rc.change.after ?? {};
    const c: FakeContext = {
      address: rc.address,
      type: rc.type,
      known: after,
      region,
      referenced: referenced.get(configAddress(rc)) ?? new Set(),
      memo: new Map(),
    };
    const attributes = fill(shape, after, rc.change.after_unknown ?? {}, before?.instance.attributes, config?.expressions, false, [], c, env) as Json;
    const sensitive: CtyPathStep[][] = [];
    sensitivePaths(rc.change.after_sensitive ?? {}, shape, [], sensitive);
    const dependencies = dependenciesOf(config);
    add(
      rc.type,
      rc.name,
      providerOf(rc, config),
      {
        ...(rc.index !== undefined ? { index_key: rc.index } : {}),
        schema_version: schema.version,
        attributes,
        sensitive_attributes: sensitive,
        ...(dependencies ? { dependencies } : {}),
      },
      rc.address,
    );
  }
  // Anything the plan did not mention stays as it was.
  for (const [address, { resource, instance }] of priorByAddress) if (!seen.has(address)) add(resource.type, resource.name, resource.provider, instance, address);

  const outputs: TfState['outputs'] = {};
  for (const [name, o] of Object.entries((plan.planned_values?.outputs ?? {}) as Json)) {
    if (!('value' in o) || o.type === undefined) continue;
    outputs[name] = { value: o.value, type: o.type, ...(o.sensitive ? { sensitive: true } : {}) };
  }

  return {
    version: 4,
    terraform_version: options.terraformVersion ?? plan.terraform_version ?? '1.11.4',
    serial: (prior?.serial ?? 0) + 1,
    lineage: prior?.lineage ?? fakeUuid(`lineage:${JSON.stringify([...configs.keys()].sort())}`),
    outputs,
    resources: [...resources.values()].sort((a, b) => instanceKey(a.type, a.name).localeCompare(instanceKey(b.type, b.name))),
    check_results: null,
  };
}

/** Resource changes ordered so that what a resource refers to comes first. */
function inDependencyOrder(changes: Json[], configs: Map<string, Json>): Json[] {
  const byConfig = new Map<string, Json[]>();
  for (const rc of changes) {
    const key = configAddress(rc);
    if (!byConfig.has(key)) byConfig.set(key, []);
    byConfig.get(key)!.push(rc);
  }
  const out: Json[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string): void => {
    if (state.get(key)) return;
    state.set(key, 'visiting');
    for (const dep of dependenciesOf(configs.get(key)) ?? []) if (byConfig.has(dep)) visit(dep);
    state.set(key, 'done');
    out.push(...(byConfig.get(key) ?? []));
  };
  for (const key of byConfig.keys()) visit(key);
  return out;
}

function configAddress(rc: Json): string {
  return rc.index === undefined ? rc.address : rc.address.replace(/\[[^\]]*\]$/, '');
}

function instanceAddress(r: StateResource, i: StateInstance): string {
  const base = `${r.type}.${r.name}`;
  if (i.index_key === undefined) return base;
  return typeof i.index_key === 'number' ? `${base}[${i.index_key}]` : `${base}[${JSON.stringify(i.index_key)}]`;
}

// ---------------------------------------------------------------------------------------------------------
// State edits for scenarios

/** The one instance at `address` (throws naming what is there when absent). */
export function stateInstance(state: TfState, address: string): StateInstance {
  const r = state.resources.find((x) => `${x.type}.${x.name}` === address);
  if (!r || r.instances.length !== 1) {
    const types = address.split('.')[0];
    const there = state.resources.filter((x) => x.type === types).map((x) => `${x.type}.${x.name}`);
    throw new Error(`state has no single instance at ${address} (same type: ${there.join(', ') || 'none'})`);
  }
  return r.instances[0]!;
}

/** A copy of the state with one top-level attribute of one resource changed. */
export function withAttribute(state: TfState, address: string, attribute: string, value: unknown): TfState {
  const copy = structuredClone(state) as TfState;
  const instance = stateInstance(copy, address);
  if (!(attribute in instance.attributes)) throw new Error(`${address} has no attribute ${attribute} in state`);
  instance.attributes[attribute] = value;
  return { ...copy, serial: copy.serial + 1 };
}

/** A copy of the state with a resource at another address (what a construct rename does to the config). */
export function withMovedResource(state: TfState, from: string, to: string): TfState {
  const copy = structuredClone(state) as TfState;
  stateInstance(copy, from);
  const [type, name] = to.split('.') as [string, string];
  if (type !== from.split('.')[0]) throw new Error(`cannot move ${from} to ${to}: the type differs`);
  const resources = copy.resources.map((r) => (`${r.type}.${r.name}` === from ? { ...r, name } : r));
  return { ...copy, resources, serial: copy.serial + 1 };
}
