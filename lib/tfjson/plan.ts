/**
 * A typed view of `terraform show -json <planfile>` (format_version 1.x), per
 * https://developer.hashicorp.com/terraform/internals/json-format. Pure JSON: no terraform, no cdktf.
 */

export type ChangeAction = 'no-op' | 'create' | 'read' | 'update' | 'delete';
/** A change classified the way reviewers talk about it. */
export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op';

export type AttributePath = ReadonlyArray<string | number>;

export interface ResourceChange {
  readonly address: string;
  /** Set when the resource moved (a `moved` block, or cdktf `moveTo`). */
  readonly previousAddress?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly providerName: string;
  readonly actions: readonly ChangeAction[];
  readonly kind: ChangeKind;
  readonly before: unknown;
  readonly after: unknown;
  /** Mirrors `after`; `true` where the value is known only after apply. */
  readonly afterUnknown: unknown;
  /** Mirrors `before`/`after`; `true` where the value is sensitive. */
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
  /** Attribute paths that force replacement. */
  readonly replacePaths: readonly AttributePath[];
  /** e.g. replace_because_cannot_update, delete_because_no_resource_config. */
  readonly actionReason?: string;
  readonly importing: boolean;
}

export interface OutputChange {
  readonly name: string;
  readonly actions: readonly ChangeAction[];
  readonly sensitive: boolean;
}

export interface PlanView {
  readonly formatVersion: string;
  readonly terraformVersion: string;
  /** Managed and data resource changes, in plan order. */
  readonly changes: readonly ResourceChange[];
  /** Changes Terraform detected outside of it (refresh-only differences). */
  readonly drift: readonly ResourceChange[];
  readonly outputChanges: readonly OutputChange[];
  /** The plan could not finish (`errored: true`). */
  readonly errored: boolean;
  readonly raw: Readonly<Record<string, unknown>>;
}

export class PlanFormatError extends Error {
  readonly exitCode = 2;
}

export function changeKind(actions: readonly ChangeAction[]): ChangeKind {
  if (actions.length === 2 && actions.includes('delete') && actions.includes('create')) return 'replace';
  const [first] = actions;
  if (first === 'create' || first === 'update' || first === 'delete' || first === 'read') return first;
  return 'no-op';
}

/** Parses and checks the plan JSON; throws PlanFormatError naming what is wrong. */
export function planView(json: unknown, source = 'plan JSON'): PlanView {
  if (!isObject(json)) throw new PlanFormatError(`${source}: expected a JSON object from \`terraform show -json <planfile>\``);
  const formatVersion = json.format_version;
  if (typeof formatVersion !== 'string' || !/^1\./.test(formatVersion)) {
    throw new PlanFormatError(`${source}: unsupported format_version ${JSON.stringify(formatVersion)} (expected 1.x from \`terraform show -json <planfile>\`)`);
  }
  if (json.resource_changes !== undefined && !Array.isArray(json.resource_changes)) {
    throw new PlanFormatError(`${source}: resource_changes must be a list`);
  }
  if (!('planned_values' in json) && !('resource_changes' in json)) {
    throw new PlanFormatError(`${source}: this is not a plan (no resource_changes or planned_values); run \`terraform show -json <planfile>\`, not on state`);
  }
  const outputs = isObject(json.output_changes) ? json.output_changes : {};
  return {
    formatVersion,
    terraformVersion: typeof json.terraform_version === 'string' ? json.terraform_version : 'unknown',
    changes: asChanges(json.resource_changes, source, 'resource_changes'),
    drift: asChanges(json.resource_drift, source, 'resource_drift'),
    outputChanges: Object.entries(outputs).map(([name, change]) => {
      const c = isObject(change) ? change : {};
      return { name, actions: asActions(c.actions), sensitive: c.after_sensitive === true || c.before_sensitive === true };
    }),
    errored: json.errored === true,
    raw: json,
  };
}

function asChanges(list: unknown, source: string, field: string): ResourceChange[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new PlanFormatError(`${source}: ${field} must be a list`);
  return list.map((rc, i) => {
    if (!isObject(rc) || typeof rc.address !== 'string' || !isObject(rc.change)) {
      throw new PlanFormatError(`${source}: ${field}[${i}] is not a resource change (needs address and change)`);
    }
    const c = rc.change;
    const actions = asActions(c.actions);
    return {
      address: rc.address,
      ...(typeof rc.previous_address === 'string' ? { previousAddress: rc.previous_address } : {}),
      mode: rc.mode === 'data' ? 'data' : 'managed',
      type: String(rc.type ?? ''),
      name: String(rc.name ?? ''),
      ...(typeof rc.index === 'string' || typeof rc.index === 'number' ? { index: rc.index } : {}),
      providerName: String(rc.provider_name ?? ''),
      actions,
      kind: changeKind(actions),
      before: c.before ?? null,
      after: c.after ?? null,
      afterUnknown: c.after_unknown ?? {},
      beforeSensitive: c.before_sensitive ?? {},
      afterSensitive: c.after_sensitive ?? {},
      replacePaths: Array.isArray(c.replace_paths) ? (c.replace_paths as AttributePath[]) : [],
      ...(typeof rc.action_reason === 'string' ? { actionReason: rc.action_reason } : {}),
      importing: isObject(c.importing),
    };
  });
}

function asActions(value: unknown): ChangeAction[] {
  if (!Array.isArray(value)) return ['no-op'];
  return value.filter((a): a is ChangeAction => ['no-op', 'create', 'read', 'update', 'delete'].includes(a as string));
}

/** The value at a path inside before/after (or their mirrors), undefined when absent. */
export function valueAt(root: unknown, path: AttributePath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment as never];
  }
  return node;
}

/** True when the mirror (after_unknown / *_sensitive) marks the path, or a parent of it, as true. */
export function marked(mirror: unknown, path: AttributePath): boolean {
  let node = mirror;
  if (node === true) return true;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[segment as never];
    if (node === true) return true;
  }
  return false;
}

/** True when the mirror marks anything at all (some attribute unknown after apply, or sensitive). */
export function anyMarked(mirror: unknown): boolean {
  if (mirror === true) return true;
  if (mirror === null || typeof mirror !== 'object') return false;
  return Object.values(mirror).some(anyMarked);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
