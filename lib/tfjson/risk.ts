/**
 * Risk facts about planned changes: which resources hold data, why Terraform replaces something, which changes
 * weaken a protection, which deletes look like renames. Pure functions of `planView` output (no policy, no
 * terraform, no cdktf), shared by the plan rules (`policies/rules/plan`) and the plan summary / PR comment.
 *
 * Every value these functions render goes through `shownValue`: sensitive values (by either `*_sensitive`
 * mirror) come out as `(sensitive)`, unknown ones as `(known after apply)`.
 */
import { type AttributePath, type ChangeAction, marked, type PlanView, type ResourceChange, valueAt } from './plan';

/** Resource types whose deletion loses data or identity that cannot be recreated from configuration. */
export const STATEFUL_TYPES: readonly string[] = [
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_elasticache_replication_group',
  'aws_elasticache_cluster',
  'aws_secretsmanager_secret',
  'aws_kms_key',
  'aws_s3_bucket',
  'aws_efs_file_system',
  'kubernetes_persistent_volume_claim_v1',
  'kubernetes_stateful_set_v1',
  'docker_volume',
];

export function isStateful(type: string): boolean {
  return STATEFUL_TYPES.includes(type);
}

/** `storage_encrypted`, `master_user_secret[0].secret_arn`, `tags["Name"]`. */
export function formatPath(path: AttributePath): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) return `[${JSON.stringify(segment)}]`;
      return i === 0 ? segment : `.${segment}`;
    })
    .join('');
}

export const SENSITIVE_PLACEHOLDER = '(sensitive)';
export const UNKNOWN_PLACEHOLDER = '(known after apply)';

/** Whether a value at `path` is sensitive on either side of the change. */
export function isSensitiveAt(change: ResourceChange, path: AttributePath): boolean {
  return marked(change.beforeSensitive, path) || marked(change.afterSensitive, path);
}

/**
 * A value of the change as a reviewer may see it: `(sensitive)` when either side marks it sensitive (a value
 * that is sensitive after the change was a secret before it too, as far as a comment is concerned),
 * `(known after apply)` for an unknown planned value, `null` for absent, otherwise compact JSON.
 */
export function shownValue(change: ResourceChange, side: 'before' | 'after', path: AttributePath): string {
  if (isSensitiveAt(change, path)) return SENSITIVE_PLACEHOLDER;
  if (side === 'after' && marked(change.afterUnknown, path)) return UNKNOWN_PLACEHOLDER;
  const value = valueAt(side === 'before' ? change.before : change.after, path);
  if (value === undefined || value === null) return 'null';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** delete, replace or neither. */
export type Destruction = 'delete' | 'replace';

export function destruction(change: ResourceChange): Destruction | undefined {
  if (change.kind === 'delete') return 'delete';
  if (change.kind === 'replace') return 'replace';
  return undefined;
}

/** `delete`, `replace (delete, then create)`, `replace (create, then delete)`. */
export function describeActions(actions: readonly ChangeAction[]): string {
  if (actions.length === 2 && actions[0] === 'delete' && actions[1] === 'create') return 'replace (delete, then create)';
  if (actions.length === 2 && actions[0] === 'create' && actions[1] === 'delete') return 'replace (create, then delete)';
  return actions.join(', ');
}

const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: 'an attribute that cannot change in place changes',
  replace_because_tainted: 'the object is tainted (a failed or interrupted create)',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'a replace_triggered_by reference changed',
  delete_because_no_resource_config: 'its address is no longer in the configuration (removed, or its construct id/path changed)',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'the resource changed between count / for_each / single',
  delete_because_count_index: 'its count index is out of range',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'a moved block points to an address that does not exist',
};

/** Terraform's `action_reason` in words (undefined when the plan gives none). */
export function actionReasonText(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return ACTION_REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/** One attribute that forces a replacement, with its (redacted) values. */
export interface ReplaceReason {
  readonly path: AttributePath;
  /** formatPath(path) */
  readonly attribute: string;
  readonly before: string;
  readonly after: string;
  readonly sensitive: boolean;
}

/** The attributes (`replace_paths`) that force a replacement, with before -> after as a reviewer may see them. */
export function replaceReasons(change: ResourceChange): ReplaceReason[] {
  return change.replacePaths.map((path) => ({
    path,
    attribute: formatPath(path),
    before: shownValue(change, 'before', path),
    after: shownValue(change, 'after', path),
    sensitive: isSensitiveAt(change, path),
  }));
}

/** `storage_encrypted false -> true, engine_version "15" -> "16"` (or undefined when the plan names no path). */
export function describeReplaceReasons(change: ResourceChange): string | undefined {
  const reasons = replaceReasons(change);
  if (reasons.length === 0) return undefined;
  return reasons.map((r) => `${r.attribute} ${r.before} -> ${r.after}`).join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Weakenings

type WeakeningKind = 'turned-off' | 'turned-on' | 'decreased';

interface WeakeningSpec {
  readonly attribute: string;
  readonly kind: WeakeningKind;
  readonly what: string;
  /** Only on these types. @default every type that has the attribute */
  readonly types?: readonly string[];
}

/** Protections whose in-place loosening a reviewer must see. */
export const WEAKENING_ATTRIBUTES: readonly WeakeningSpec[] = [
  { attribute: 'deletion_protection', kind: 'turned-off', what: 'deletion protection turned off' },
  { attribute: 'enable_deletion_protection', kind: 'turned-off', what: 'load balancer deletion protection turned off', types: ['aws_lb', 'aws_alb'] },
  { attribute: 'skip_final_snapshot', kind: 'turned-on', what: 'no final snapshot on deletion' },
  { attribute: 'backup_retention_period', kind: 'decreased', what: 'backup retention shortened' },
  { attribute: 'snapshot_retention_limit', kind: 'decreased', what: 'snapshot retention shortened' },
  { attribute: 'multi_az', kind: 'turned-off', what: 'Multi-AZ standby removed' },
  { attribute: 'multi_az_enabled', kind: 'turned-off', what: 'Multi-AZ turned off' },
  { attribute: 'automatic_failover_enabled', kind: 'turned-off', what: 'automatic failover turned off' },
  { attribute: 'storage_encrypted', kind: 'turned-off', what: 'storage encryption turned off' },
  { attribute: 'at_rest_encryption_enabled', kind: 'turned-off', what: 'encryption at rest turned off' },
  { attribute: 'transit_encryption_enabled', kind: 'turned-off', what: 'encryption in transit turned off' },
  { attribute: 'publicly_accessible', kind: 'turned-on', what: 'made publicly accessible' },
];

/** Terraform and the AWS provider use both booleans and "true"/"false" strings (at_rest_encryption_enabled). */
export function asBool(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export interface Weakening {
  readonly attribute: string;
  /** e.g. "deletion protection turned off" */
  readonly what: string;
  /** As a reviewer may see them (redacted when sensitive). */
  readonly before: string;
  readonly after: string;
}

/**
 * Protections this change loosens, comparing known before and after values (an update, or a replace that
 * keeps the resource). A value unknown until apply is not a weakening here: it cannot be judged (see the
 * unknown-attribute checks).
 */
export function weakenings(change: ResourceChange): Weakening[] {
  if (change.kind !== 'update' && change.kind !== 'replace') return [];
  if (!isRecord(change.before) || !isRecord(change.after)) return [];
  const out: Weakening[] = [];
  for (const spec of WEAKENING_ATTRIBUTES) {
    if (spec.types && !spec.types.includes(change.type)) continue;
    const path = [spec.attribute];
    if (!(spec.attribute in change.before) || marked(change.afterUnknown, path)) continue;
    const before = change.before[spec.attribute];
    const after = change.after[spec.attribute];
    let weaker = false;
    if (spec.kind === 'turned-off') weaker = asBool(before) === true && asBool(after) !== true;
    else if (spec.kind === 'turned-on') weaker = asBool(before) === false && asBool(after) === true;
    else {
      const b = asNumber(before);
      const a = asNumber(after);
      weaker = b !== undefined && a !== undefined && a < b;
    }
    if (weaker) out.push({ attribute: spec.attribute, what: spec.what, before: shownValue(change, 'before', path), after: shownValue(change, 'after', path) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Address churn

/** Attributes that name the real object (an RDS identifier, a bucket name): equal on both sides = the same thing. */
const IDENTITY_ATTRIBUTES = ['identifier', 'cluster_identifier', 'replication_group_id', 'cluster_id', 'bucket', 'name', 'creation_token'];

export interface AddressChurn {
  /** The resource created at its new address. */
  readonly created: ResourceChange;
  /** Same-type resources deleted in the same plan: the likely old address first. */
  readonly deleted: readonly ResourceChange[];
  /** The identifying attribute both sides share, when one does (strong evidence of a rename). */
  readonly sameIdentity?: { readonly attribute: string; readonly value: string };
}

/**
 * Stateful resources deleted at one address and created at another of the same type in the same plan, without
 * `previous_address` (no `moved` block): what renaming a construct does. One entry per created resource.
 */
export function addressChurn(changes: readonly ResourceChange[]): AddressChurn[] {
  const out: AddressChurn[] = [];
  const managed = changes.filter((c) => c.mode === 'managed' && isStateful(c.type));
  for (const created of managed.filter((c) => c.kind === 'create' && !c.previousAddress)) {
    const deleted = managed.filter((c) => c.kind === 'delete' && c.type === created.type && c.address !== created.address);
    if (deleted.length === 0) continue;
    let sameIdentity: AddressChurn['sameIdentity'];
    let first: ResourceChange | undefined;
    for (const attribute of IDENTITY_ATTRIBUTES) {
      const value = isRecord(created.after) ? created.after[attribute] : undefined;
      if (typeof value !== 'string' || value === '') continue;
      first = deleted.find((d) => isRecord(d.before) && d.before[attribute] === value);
      if (first) {
        sameIdentity = { attribute, value };
        break;
      }
    }
    const ordered = first ? [first, ...deleted.filter((d) => d !== first)] : deleted;
    out.push({ created, deleted: ordered, ...(sameIdentity ? { sameIdentity } : {}) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Configuration

/**
 * The configuration expression of `attribute` on the resource at `address` (root module): `{ constant_value,
 * references }` for an attribute, a list of expression objects for a block; undefined when not configured. With
 * JSON-syntax configuration (cdktf), `constant_value` of an interpolated string is the template text itself.
 */
export function configuredExpression(plan: PlanView, address: string, attribute: string): unknown {
  const resource = configuredResources(plan).get(address.replace(/\[[^\]]*\]$/, ''));
  if (!isRecord(resource) || !isRecord(resource.expressions)) return undefined;
  return resource.expressions[attribute];
}

const configurationIndex = new WeakMap<object, Map<string, Record<string, unknown>>>();

/** The root module's configured resources by address, indexed once per plan. */
function configuredResources(plan: PlanView): Map<string, Record<string, unknown>> {
  let index = configurationIndex.get(plan.raw);
  if (index) return index;
  index = new Map();
  const configuration = plan.raw.configuration;
  const resources = isRecord(configuration) && isRecord(configuration.root_module) ? configuration.root_module.resources : undefined;
  if (Array.isArray(resources)) for (const r of resources) if (isRecord(r) && typeof r.address === 'string') index.set(r.address, r);
  configurationIndex.set(plan.raw, index);
  return index;
}

/** Whether the configuration behind the plan sets `attribute` on the resource at `address` (root module). */
export function isConfigured(plan: PlanView, address: string, attribute: string): boolean {
  return configuredExpression(plan, address, attribute) !== undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
