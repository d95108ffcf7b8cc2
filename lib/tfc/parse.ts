import { TfcError } from './errors';
import type {
  JsonApiDocument,
  JsonApiErrorObject,
  JsonApiRelationship,
  JsonApiResource,
  JsonApiResourceIdentifier,
  TfcLockedBy,
  TfcRun,
  TfcWorkspace,
} from './types';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

function badResponse(what: string): TfcError {
  return new TfcError('bad-response', `unexpected response from the Terraform Cloud API: ${what}`, { exitCode: 1 });
}

function isResource(value: unknown): value is JsonApiResource {
  return isObject(value) && typeof value.id === 'string' && typeof value.type === 'string';
}

export function parseDocument(body: unknown, what: string): JsonApiDocument {
  if (!isObject(body) || !('data' in body)) throw badResponse(`${what}: no JSON:API "data"`);
  const { data } = body;
  if (data !== null && !isResource(data) && !(Array.isArray(data) && data.every(isResource))) {
    throw badResponse(`${what}: "data" is not a JSON:API resource`);
  }
  const included = Array.isArray(body.included) ? body.included.filter(isResource) : undefined;
  return { ...(body as unknown as JsonApiDocument), included };
}

export function singleResource(doc: JsonApiDocument, type: string, what: string): JsonApiResource {
  if (!isResource(doc.data) || doc.data.type !== type) throw badResponse(`${what}: expected a "${type}" resource`);
  return doc.data;
}

export function resourceList(doc: JsonApiDocument, type: string, what: string): JsonApiResource[] {
  if (!Array.isArray(doc.data)) throw badResponse(`${what}: expected a list of "${type}"`);
  return doc.data.filter((r) => r.type === type);
}

function relationshipId(rel: JsonApiRelationship | undefined): JsonApiResourceIdentifier | null {
  const data = rel?.data;
  if (isObject(data) && typeof data.id === 'string' && typeof data.type === 'string') return { id: data.id, type: data.type };
  return null;
}

function findIncluded(included: JsonApiResource[] | undefined, ref: JsonApiResourceIdentifier): JsonApiResource | undefined {
  return included?.find((r) => r.type === ref.type && r.id === ref.id);
}

export function toRun(resource: JsonApiResource): TfcRun {
  const a = resource.attributes ?? {};
  const actions = isObject(a.actions) ? a.actions : {};
  const timestamps: Record<string, string> = {};
  if (isObject(a['status-timestamps'])) {
    for (const [key, value] of Object.entries(a['status-timestamps'])) if (typeof value === 'string') timestamps[key] = value;
  }
  return {
    id: resource.id,
    status: str(a.status) ?? 'unknown',
    createdAt: str(a['created-at']),
    message: str(a.message),
    isDestroy: bool(a['is-destroy']) ?? false,
    planOnly: bool(a['plan-only']) ?? false,
    savePlan: bool(a['save-plan']),
    refreshOnly: bool(a['refresh-only']) ?? false,
    source: str(a.source),
    triggerReason: str(a['trigger-reason']),
    hasChanges: bool(a['has-changes']),
    statusTimestamps: timestamps,
    actions: {
      isCancelable: bool(actions['is-cancelable']) ?? false,
      isConfirmable: bool(actions['is-confirmable']) ?? false,
      isDiscardable: bool(actions['is-discardable']) ?? false,
      isForceCancelable: bool(actions['is-force-cancelable']) ?? false,
    },
    workspaceId: relationshipId(resource.relationships?.workspace)?.id ?? null,
  };
}

function toLockedBy(ref: JsonApiResourceIdentifier, included: JsonApiResource[] | undefined): TfcLockedBy {
  const full = findIncluded(included, ref);
  switch (ref.type) {
    case 'runs':
      return { kind: 'run', id: ref.id, run: full ? toRun(full) : null };
    case 'users':
      return { kind: 'user', id: ref.id, username: str(full?.attributes?.username) };
    case 'teams':
      return { kind: 'team', id: ref.id, name: str(full?.attributes?.name) };
    default:
      return { kind: 'unknown', id: ref.id, type: ref.type };
  }
}

export function toWorkspace(resource: JsonApiResource, included: JsonApiResource[] | undefined): TfcWorkspace {
  const a = resource.attributes ?? {};
  const rel = resource.relationships ?? {};
  const perms = isObject(a.permissions) ? a.permissions : {};
  const lockedByRef = relationshipId(rel['locked-by']);
  const currentRunRef = relationshipId(rel['current-run']);
  const currentRunResource = currentRunRef ? findIncluded(included, currentRunRef) : undefined;
  const locked = bool(a.locked) ?? false;
  return {
    id: resource.id,
    name: str(a.name) ?? resource.id,
    organization: relationshipId(rel.organization)?.id ?? null,
    locked,
    lockedBy: locked && lockedByRef ? toLockedBy(lockedByRef, included) : null,
    executionMode: str(a['execution-mode']),
    terraformVersion: str(a['terraform-version']),
    currentRunId: currentRunRef?.id ?? null,
    currentRun: currentRunResource ? toRun(currentRunResource) : null,
    latestRunId: relationshipId(rel['latest-run'])?.id ?? null,
    permissions: {
      canLock: bool(perms['can-lock']),
      canUnlock: bool(perms['can-unlock']),
      canForceUnlock: bool(perms['can-force-unlock']),
    },
  };
}

/** `errors[]` of a JSON:API error document as `title: detail` strings (empty when the body is not one). */
export function jsonApiErrorDetails(body: unknown): string[] {
  if (!isObject(body) || !Array.isArray(body.errors)) return [];
  const out: string[] = [];
  for (const e of body.errors as JsonApiErrorObject[]) {
    if (!isObject(e)) continue;
    const title = str(e.title)?.trim();
    const detail = str(e.detail)?.trim();
    if (title && detail) out.push(`${title}: ${detail}`);
    else if (detail || title) out.push((detail || title) as string);
  }
  return out;
}
