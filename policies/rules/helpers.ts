import type { TfResource } from '../../lib/tfjson/stack';
import { serviceConstructId } from '../../model/naming';
import type { ServiceModel } from '../../model';
import type { Check, ContextOf, Location, RuleMeta, Severity, Stage, StageRule, SynthContext } from '../types';

/** Severity per tier, in the inventory's column order: production / staging / development. */
export function sev(production: Severity, staging: Severity, development: Severity): RuleMeta['severity'] {
  return { production, staging, development };
}

export function defineRule<S extends Stage>(meta: RuleMeta & { stage: S }, check: (ctx: ContextOf<S>) => readonly Check[]): StageRule<S> {
  return { meta, check };
}

export const pass = (message: string, location: Location): Check => ({ outcome: 'pass', message, location });
export const fail = (message: string, location: Location): Check => ({ outcome: 'fail', message, location });
export const unknown = (message: string, location: Location): Check => ({ outcome: 'unknown', message, location });
export const notApplicable = (message: string, location: Location): Check => ({ outcome: 'not-applicable', message, location });

/** pass or fail on a condition, with one message each. */
export function verdict(ok: boolean, location: Location, passMessage: string, failMessage: string): Check {
  return ok ? pass(passMessage, location) : fail(failMessage, location);
}

export function resourceLocation(r: TfResource, specPath?: string): Location {
  return {
    address: r.address,
    ...(r.constructPath ? { constructPath: r.constructPath } : {}),
    ...(r.source ? { source: r.source } : {}),
    ...(specPath ? { specPath } : {}),
  };
}

/** True for a value Terraform computes (a `${...}` expression): not known at synth. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** The first element of a nested block: cdktf renders blocks as objects or one-element lists. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
  return value !== null && typeof value === 'object' ? [value as Record<string, unknown>] : [];
}

/** Terraform accepts "true"/"false" strings for bools; so do the rules. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * The spec path a synthesized resource came from, from its construct path: `prod/ServiceWeb/...` ->
 * `services.web`, `prod/Postgres/...` -> `postgres`, `prod/Redis/...` -> `redis`.
 */
export function specPathOf(constructPath: string | undefined, services: ReadonlyArray<{ name: string }>): string | undefined {
  const segment = constructPath?.split('/')[1];
  if (!segment) return undefined;
  if (segment === 'Postgres') return 'postgres';
  if (segment === 'Redis') return 'redis';
  const name = constructIdIndex(services).get(segment);
  return name ? `services.${name}` : undefined;
}

const constructIds = new WeakMap<object, Map<string, string>>();

/** construct id -> service name, built once per services list. */
function constructIdIndex(services: ReadonlyArray<{ name: string }>): Map<string, string> {
  let index = constructIds.get(services);
  if (!index) constructIds.set(services, (index = new Map(services.map((s) => [serviceConstructId(s.name), s.name]))));
  return index;
}

/** A synthesized resource's location: address, construct path, creation site and the spec path it came from. */
export function locate(ctx: SynthContext, r: TfResource): Location {
  return resourceLocation(r, specPathOf(r.constructPath, ctx.model.services));
}

/** What a message calls a resource: `service web`, `postgres`, `redis`, or its address. */
export function subject(ctx: SynthContext, r: TfResource): string {
  const specPath = specPathOf(r.constructPath, ctx.model.services);
  if (specPath?.startsWith('services.')) return `service ${specPath.slice('services.'.length)}`;
  return specPath ?? r.address;
}

/** `service web in prod: aws_ecs_task_definition.X`: the start of most synth messages. */
export function who(ctx: SynthContext, r: TfResource): string {
  const s = subject(ctx, r);
  return s === r.address ? `${r.address} in ${ctx.config.name}` : `${s} in ${ctx.config.name}: ${r.address}`;
}

/** The service a resource was rendered for (by its construct path). */
export function serviceOf(ctx: SynthContext, r: TfResource): ServiceModel | undefined {
  const specPath = specPathOf(r.constructPath, ctx.model.services);
  if (!specPath?.startsWith('services.')) return undefined;
  const name = specPath.slice('services.'.length);
  return ctx.model.services.find((s) => s.name === name);
}

/** Resources of any of these types. */
export function ofTypes(ctx: SynthContext, types: readonly string[]): TfResource[] {
  return types.flatMap((t) => ctx.stack.ofType(t));
}

const memos = new WeakMap<object, Map<string, unknown>>();

/**
 * Computes `fn` once per stack view (rules are pure functions of it): an index several checks of a rule share,
 * so rules stay linear in the number of resources instead of rescanning the stack per resource.
 */
export function perStack<T>(stack: object, key: string, fn: () => T): T {
  let m = memos.get(stack);
  if (!m) memos.set(stack, (m = new Map()));
  if (!m.has(key)) m.set(key, fn());
  return m.get(key) as T;
}
