/**
 * Raw JSON:API shapes (as documented for the HCP Terraform API, /api/v2) and the typed views
 * the client returns. Field names follow the API: `attributes.locked`, `relationships.locked-by`,
 * run `attributes.status`, `attributes.status-timestamps`, `attributes.actions.is-cancelable`, ...
 */

export interface JsonApiResourceIdentifier {
  id: string;
  type: string;
}

export interface JsonApiRelationship {
  data?: JsonApiResourceIdentifier | JsonApiResourceIdentifier[] | null;
  links?: Record<string, string>;
}

export interface JsonApiResource {
  id: string;
  type: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, JsonApiRelationship>;
  links?: Record<string, string | null>;
}

export interface JsonApiDocument {
  data: JsonApiResource | JsonApiResource[] | null;
  included?: JsonApiResource[];
  links?: Record<string, string | null>;
  meta?: Record<string, unknown>;
}

/** A JSON:API error object. HCP Terraform sends `status` as a string or, in places, a number. */
export interface JsonApiErrorObject {
  status?: string | number;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
}

/** `attributes.actions` of a run. */
export interface TfcRunActions {
  isCancelable: boolean;
  isConfirmable: boolean;
  isDiscardable: boolean;
  isForceCancelable: boolean;
}

export interface TfcRun {
  id: string;
  /** `attributes.status`, e.g. `planning`, `applying`, `errored` (see RUN_PHASES). */
  status: string;
  createdAt: string | null;
  message: string | null;
  isDestroy: boolean;
  /** Speculative (plan-only) run. */
  planOnly: boolean;
  /** Saved-plan run (`save-plan`); null when the API does not report it (older TFE). */
  savePlan: boolean | null;
  refreshOnly: boolean;
  source: string | null;
  triggerReason: string | null;
  hasChanges: boolean | null;
  /** `attributes.status-timestamps`, e.g. `{ "errored-at": "2024-05-14T09:00:00+00:00" }`. */
  statusTimestamps: Record<string, string>;
  actions: TfcRunActions;
  workspaceId: string | null;
}

/** Who holds a workspace lock: `relationships.locked-by` (a run, a user or a team). */
export type TfcLockedBy =
  | { kind: 'run'; id: string; run: TfcRun | null }
  | { kind: 'user'; id: string; username: string | null }
  | { kind: 'team'; id: string; name: string | null }
  | { kind: 'unknown'; id: string; type: string };

export interface TfcWorkspace {
  id: string;
  name: string;
  organization: string | null;
  locked: boolean;
  lockedBy: TfcLockedBy | null;
  executionMode: string | null;
  terraformVersion: string | null;
  currentRunId: string | null;
  /** The current run, when the response included it (`include=current_run`). */
  currentRun: TfcRun | null;
  latestRunId: string | null;
  permissions: {
    canLock: boolean | null;
    canUnlock: boolean | null;
    canForceUnlock: boolean | null;
  };
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
