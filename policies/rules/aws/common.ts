import { isExistingNetwork } from '../../../config';
import type { TfResource } from '../../../lib/tfjson/stack';
import type { ServiceModel } from '../../../model';
import type { Check, Location, SynthContext } from '../../types';
import { blocks, fail, isExpression, isTrue, locate, ofTypes, pass, perStack, serviceOf, subject, unknown, who } from '../helpers';

/**
 * Shared by the aws rules of this folder (not a rule). Attribute names are those of hashicorp/aws 5.100
 * (`synthesizeAttributes` of @cdktf/provider-aws 20.1); container definition fields are the ECS API's camelCase.
 */


export { locate, subject, who, serviceOf, ofTypes };
export const LB_TYPES = ['aws_lb', 'aws_alb'] as const;
export const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'] as const;
export const LISTENER_RULE_TYPES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'] as const;
export const TARGET_GROUP_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'] as const;






/** The resource of one of `types` that a `${type.name.attr}` value points to. */
export function referencedOf(ctx: SynthContext, value: unknown, types: readonly string[]): TfResource | undefined {
  const ref = ctx.stack.referenced(value);
  return ref && types.includes(ref.resource.type) ? ref.resource : undefined;
}

/** Values of a list attribute (a single value is a list of one). */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A number from a number or a numeric string; 'expression' for a `${…}`; undefined when unset or not a number. */
export function numberOf(value: unknown): number | 'expression' | undefined {
  if (typeof value === 'number') return value;
  if (isExpression(value)) return 'expression';
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export const show = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));

/**
 * The verdict of a check that collects problems and unresolved values: fail with every problem, else unknown
 * with what could not be judged, else pass.
 */
export function conclude(what: string, location: Location, problems: readonly string[], unresolved: readonly string[], ok: string): Check {
  if (problems.length > 0) return fail(`${what} ${problems.join('; ')}`, location);
  if (unresolved.length > 0) return unknown(`${what}: ${unresolved.join('; ')} (known only at plan)`, location);
  return pass(`${what} ${ok}`, location);
}

/**
 * A flag that must be true: an expression goes to `unresolved`, anything else to `problems` as
 * `has <name> <value><suffix>`. `name` is how messages call it (e.g. `deployment_circuit_breaker.rollback`).
 */
export function expectTrue(value: unknown, name: string, found: { problems: string[]; unresolved: string[] }, suffix = ''): void {
  if (isExpression(value)) found.unresolved.push(`${name} is the expression ${String(value)}`);
  else if (!isTrue(value)) found.problems.push(`has ${name} ${JSON.stringify(value ?? false)}${suffix}`);
}

// ---------------------------------------------------------------------------------------------------------------
// ECS container definitions: a JSON string (with `${…}` expressions inside values).

export interface EcsContainer {
  /** `name`, or `container[<index>]` when it has none. */
  readonly name: string;
  readonly index: number;
  readonly values: Record<string, unknown>;
}

export type ContainerDefinitions =
  | { readonly kind: 'parsed'; readonly containers: readonly EcsContainer[] }
  | { readonly kind: 'expression'; readonly expression: string }
  | { readonly kind: 'invalid'; readonly problem: string };

/** The containers of an `aws_ecs_task_definition`, parsed from `container_definitions`. */
export function containerDefinitions(taskDefinition: TfResource): ContainerDefinitions {
  const raw = taskDefinition.values.container_definitions;
  if (raw === undefined || raw === null || raw === '') return { kind: 'invalid', problem: 'has no container_definitions' };
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      // `${jsonencode(...)}`, `${file(...)}` or `${var.x}`: computed by Terraform.
      if (isExpression(raw)) return { kind: 'expression', expression: raw.length > 80 ? `${raw.slice(0, 77)}...` : raw };
      return { kind: 'invalid', problem: 'has container_definitions that are not valid JSON' };
    }
  }
  if (!Array.isArray(parsed)) return { kind: 'invalid', problem: 'has container_definitions that are not a JSON list of containers' };
  const containers = parsed.map((values, index) => {
    const v = values !== null && typeof values === 'object' && !Array.isArray(values) ? (values as Record<string, unknown>) : {};
    return { name: typeof v.name === 'string' && v.name !== '' ? v.name : `container[${index}]`, index, values: v };
  });
  return { kind: 'parsed', containers };
}

/** Task definitions with their parsed containers (the unparseable ones report themselves through `onUnparsed`). */
export function taskContainers(
  ctx: SynthContext,
  onUnparsed: (taskDefinition: TfResource, defs: Exclude<ContainerDefinitions, { kind: 'parsed' }>) => Check,
): { checks: Check[]; tasks: Array<{ taskDefinition: TfResource; containers: readonly EcsContainer[] }> } {
  const checks: Check[] = [];
  const tasks: Array<{ taskDefinition: TfResource; containers: readonly EcsContainer[] }> = [];
  for (const taskDefinition of ctx.stack.ofType('aws_ecs_task_definition')) {
    const defs = containerDefinitions(taskDefinition);
    if (defs.kind === 'parsed') tasks.push({ taskDefinition, containers: defs.containers });
    else checks.push(onUnparsed(taskDefinition, defs));
  }
  return { checks, tasks };
}

/** The standard verdict on container_definitions that could not be read. */
export function unparsedCheck(ctx: SynthContext, taskDefinition: TfResource, defs: Exclude<ContainerDefinitions, { kind: 'parsed' }>): Check {
  const location = locate(ctx, taskDefinition);
  if (defs.kind === 'expression') {
    return unknown(`${who(ctx, taskDefinition)} computes container_definitions with the expression ${defs.expression}, which is known only at plan`, location);
  }
  return fail(`${who(ctx, taskDefinition)} ${defs.problem}`, location);
}

/** Terraform's JSON syntax escapes literal `${` and `%{` as `$${` and `%%{`: the value ECS receives. */
export function unescapeTerraform(value: string): string {
  return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** True when a string holds a `${…}` that is not the escaped literal `$${`. */
export function hasInterpolation(value: unknown): boolean {
  return typeof value === 'string' && /(^|[^$])\$\{/.test(value);
}

/** The ECS services whose `task_definition` points to this task definition. */
export function servicesOfTask(ctx: SynthContext, taskDefinition: TfResource): TfResource[] {
  const byTask = perStack(ctx.stack, 'aws:services-by-task', () => {
    const m = new Map<TfResource, TfResource[]>();
    for (const s of ctx.stack.ofType('aws_ecs_service')) {
      const task = ctx.stack.referenced(s.values.task_definition)?.resource;
      if (task) m.set(task, [...(m.get(task) ?? []), s]);
    }
    return m;
  });
  return byTask.get(taskDefinition) ?? [];
}

/** The container a service runs its app in: the one named like the service, or the only one. */
export function appContainer(service: ServiceModel, containers: readonly EcsContainer[]): EcsContainer | undefined {
  return containers.find((c) => c.name === service.name) ?? (containers.length === 1 ? containers[0] : undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Security groups.

/** One way traffic can enter a security group: a rule resource or an inline `ingress` block. */
export interface IngressEntry {
  /** The resource that declares it (the rule, or the security group for an inline block). */
  readonly declaredBy: TfResource;
  /** `aws_vpc_security_group_ingress_rule.X` or `aws_security_group.Y ingress[0]`. */
  readonly label: string;
  /** The security group it admits into: the resource, or the raw `security_group_id` when not in the stack. */
  readonly target: TfResource | string;
  readonly cidrs: readonly unknown[];
  readonly prefixLists: readonly unknown[];
  /** Source security groups (raw values: `${aws_security_group.X.id}`, `sg-…`). */
  readonly groups: readonly unknown[];
  readonly self: boolean;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly description: unknown;
}

/** The security group a `security_group_id` value points to, or the raw value. */
function groupOf(ctx: SynthContext, value: unknown): TfResource | string {
  return referencedOf(ctx, value, ['aws_security_group']) ?? String(value);
}

/** Every ingress of the stack, from the three ways the provider declares one. */
export function ingressEntries(ctx: SynthContext): IngressEntry[] {
  return perStack(ctx.stack, 'aws:ingress-entries', () => collectIngressEntries(ctx));
}

function collectIngressEntries(ctx: SynthContext): IngressEntry[] {
  const out: IngressEntry[] = [];
  for (const r of ctx.stack.ofType('aws_vpc_security_group_ingress_rule')) {
    const v = r.values;
    out.push({
      declaredBy: r,
      label: r.address,
      target: groupOf(ctx, v.security_group_id),
      cidrs: [...listOf(v.cidr_ipv4), ...listOf(v.cidr_ipv6)],
      prefixLists: listOf(v.prefix_list_id),
      groups: listOf(v.referenced_security_group_id),
      self: false,
      protocol: v.ip_protocol,
      fromPort: v.from_port,
      toPort: v.to_port,
      description: v.description,
    });
  }
  for (const r of ctx.stack.ofType('aws_security_group_rule')) {
    const v = r.values;
    if (v.type !== 'ingress') continue;
    out.push({
      declaredBy: r,
      label: r.address,
      target: groupOf(ctx, v.security_group_id),
      cidrs: [...listOf(v.cidr_blocks), ...listOf(v.ipv6_cidr_blocks)],
      prefixLists: listOf(v.prefix_list_ids),
      groups: listOf(v.source_security_group_id),
      self: isTrue(v.self),
      protocol: v.protocol,
      fromPort: v.from_port,
      toPort: v.to_port,
      description: v.description,
    });
  }
  for (const sg of ctx.stack.ofType('aws_security_group')) {
    blocks(sg.values.ingress).forEach((b, i) =>
      out.push({
        declaredBy: sg,
        label: `${sg.address} ingress[${i}]`,
        target: sg,
        cidrs: [...listOf(b.cidr_blocks), ...listOf(b.ipv6_cidr_blocks)],
        prefixLists: listOf(b.prefix_list_ids),
        groups: listOf(b.security_groups),
        self: isTrue(b.self),
        protocol: b.protocol,
        fromPort: b.from_port,
        toPort: b.to_port,
        description: b.description,
      }),
    );
  }
  return out;
}

/** The ingress entries into one security group of the stack. */
export function ingressInto(ctx: SynthContext, sg: TfResource): IngressEntry[] {
  const byTarget = perStack(ctx.stack, 'aws:ingress-by-target', () => {
    const m = new Map<unknown, IngressEntry[]>();
    for (const e of ingressEntries(ctx)) m.set(e.target, [...(m.get(e.target) ?? []), e]);
    return m;
  });
  return byTarget.get(sg) ?? [];
}

/** Security groups attached to an application load balancer of the stack. */
export function loadBalancerGroups(ctx: SynthContext): Map<TfResource, TfResource> {
  const out = new Map<TfResource, TfResource>();
  for (const lb of applicationLoadBalancers(ctx)) {
    for (const value of listOf(lb.values.security_groups)) {
      const sg = referencedOf(ctx, value, ['aws_security_group']);
      if (sg) out.set(sg, lb);
    }
  }
  return out;
}

/** `aws_lb` / `aws_alb` of type application (the default). */
export function applicationLoadBalancers(ctx: SynthContext): TfResource[] {
  return ofTypes(ctx, LB_TYPES).filter((lb) => lb.values.load_balancer_type === undefined || lb.values.load_balancer_type === 'application');
}

/** How a list of security group values resolves: the stack's groups, and the values that are not in it. */
export function resolveGroups(ctx: SynthContext, values: readonly unknown[]): { groups: TfResource[]; unresolved: string[] } {
  const groups: TfResource[] = [];
  const unresolved: string[] = [];
  for (const value of values) {
    const sg = referencedOf(ctx, value, ['aws_security_group']);
    if (sg) groups.push(sg);
    else unresolved.push(String(value));
  }
  return { groups, unresolved };
}

// ---------------------------------------------------------------------------------------------------------------
// Subnets.

export type SubnetKind = { readonly kind: 'private' | 'public'; readonly why: string } | { readonly kind: 'unknown'; readonly why: string };

const IGW = ['aws_internet_gateway'];

/** True for a route target that is an internet gateway (a reference to one, or an `igw-…` id). */
function isInternetGateway(ctx: SynthContext, value: unknown): boolean | 'expression' {
  if (value === undefined || value === null || value === '') return false;
  if (referencedOf(ctx, value, IGW)) return true;
  if (typeof value === 'string' && value.startsWith('igw-')) return true;
  return isExpression(value) ? 'expression' : false;
}

/**
 * Whether a subnet (a value of `subnets`) is private: a subnet of the stack whose route table has no route to an
 * internet gateway, or an id the environment's existing network lists as private.
 */
export function subnetKind(ctx: SynthContext, value: unknown): SubnetKind {
  const subnet = referencedOf(ctx, value, ['aws_subnet']);
  if (!subnet) {
    const target = ctx.config.target;
    if (target.kind === 'aws' && isExistingNetwork(target.network) && typeof value === 'string') {
      if (target.network.privateSubnetIds.includes(value)) return { kind: 'private', why: `${value} is in network.privateSubnetIds` };
      if (target.network.publicSubnetIds.includes(value)) return { kind: 'public', why: `${value} is in network.publicSubnetIds` };
    }
    return { kind: 'unknown', why: `subnet ${String(value)} is not in this stack` };
  }
  const tables = ctx.stack
    .ofType('aws_route_table_association')
    .filter((a) => ctx.stack.referenced(a.values.subnet_id)?.resource === subnet)
    .map((a) => referencedOf(ctx, a.values.route_table_id, ['aws_route_table']) ?? a.values.route_table_id);
  if (tables.length === 0) return { kind: 'unknown', why: `${subnet.address} uses the VPC's main route table` };
  let unresolved: string | undefined;
  for (const table of tables) {
    if (typeof table !== 'object' || table === null) {
      unresolved = `${subnet.address} is associated with route table ${String(table)}, which is not in this stack`;
      continue;
    }
    const t = table as TfResource;
    const targets = [
      ...ctx.stack.ofType('aws_route').filter((r) => ctx.stack.referenced(r.values.route_table_id)?.resource === t).map((r) => r.values.gateway_id),
      ...blocks(t.values.route).map((b) => b.gateway_id),
    ];
    for (const gateway of targets) {
      const igw = isInternetGateway(ctx, gateway);
      if (igw === true) return { kind: 'public', why: `${subnet.address} routes through ${t.address} to an internet gateway` };
      if (igw === 'expression') unresolved = `${subnet.address} routes through ${t.address} to the gateway ${String(gateway)}`;
    }
  }
  if (unresolved) return { kind: 'unknown', why: unresolved };
  return { kind: 'private', why: `${subnet.address} has no route to an internet gateway` };
}

// ---------------------------------------------------------------------------------------------------------------

/** Set to something: a non-empty string (an expression counts), a non-empty list or a number. */
export function isSet(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (Array.isArray(value) && value.length > 0) || typeof value === 'number';
}

