import type { TfcLockedBy, TfcRun, TfcWorkspace } from './types';

/**
 * Where a run is in its lifecycle, as far as a workspace lock is concerned.
 * - `final`: finished; it should not hold a lock any more, so a lock it still holds is stale.
 * - `applying`: changing infrastructure (or about to): never unlock under it.
 * - `planning`: a plan or a pre/post-plan task is running; nothing applied yet.
 * - `awaiting-decision`: paused after the plan, waiting for a confirm/discard (or an override).
 * - `queued`: created, waiting for its turn.
 */
export type RunPhase = 'final' | 'applying' | 'planning' | 'awaiting-decision' | 'queued' | 'unknown';

/** Run states from the runs API (developer.hashicorp.com/terraform/cloud-docs/api-docs/run#run-states) and go-tfe's RunStatus. */
export const RUN_PHASES: Readonly<Record<string, RunPhase>> = {
  applied: 'final',
  errored: 'final',
  canceled: 'final',
  force_canceled: 'final',
  discarded: 'final',
  planned_and_finished: 'final',
  policy_soft_failed: 'final',
  confirmed: 'applying',
  apply_queued: 'applying',
  queuing_apply: 'applying',
  pre_apply_running: 'applying',
  pre_apply_completed: 'applying',
  applying: 'applying',
  fetching: 'planning',
  fetching_completed: 'planning',
  pre_plan_running: 'planning',
  pre_plan_completed: 'planning',
  queuing: 'planning',
  plan_queued: 'planning',
  planning: 'planning',
  cost_estimating: 'planning',
  policy_checking: 'planning',
  post_plan_running: 'planning',
  planned: 'awaiting-decision',
  cost_estimated: 'awaiting-decision',
  policy_checked: 'awaiting-decision',
  policy_override: 'awaiting-decision',
  post_plan_completed: 'awaiting-decision',
  post_plan_awaiting_decision: 'awaiting-decision',
  planned_and_saved: 'awaiting-decision',
  pending: 'queued',
};

export function runPhase(status: string): RunPhase {
  return RUN_PHASES[status] ?? 'unknown';
}

export interface RunSummary {
  id: string;
  status: string;
  phase: RunPhase;
  createdAt: string | null;
  /** When the run entered its current status (`status-timestamps.<status>-at`), else its latest timestamp, else created-at. */
  statusSince: string | null;
  /** Time spent in the current status, e.g. `3h`; null when unknown. */
  age: string | null;
  ageMs: number | null;
  message: string | null;
  isDestroy: boolean;
  planOnly: boolean;
  savePlan: boolean | null;
  refreshOnly: boolean;
  isCancelable: boolean;
  isDiscardable: boolean;
}

export type LockHolderSummary =
  | { kind: 'run'; id: string; run: RunSummary | null }
  | { kind: 'user'; id: string; username: string | null }
  | { kind: 'team'; id: string; name: string | null }
  | { kind: 'unknown'; id: string; type: string };

export type LockVerdict =
  | 'not-locked'
  | 'safe-to-force-unlock'
  | 'cancel-run-first'
  | 'wait-or-cancel'
  | 'discard-run'
  | 'confirm-with-holder'
  | 'inspect-run';

export interface LockDiagnosis {
  organization: string;
  workspace: string;
  workspaceId: string;
  locked: boolean;
  holder: LockHolderSummary | null;
  currentRun: RunSummary | null;
  recentRuns: RunSummary[];
  verdict: LockVerdict;
  /** One human sentence (or two) saying what to do. */
  recommendation: string;
  checkedAt: string;
}

/** `3h`, `12m`, `45s`, `2d`: the largest whole unit. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

function statusSince(run: TfcRun): string | null {
  const own = run.statusTimestamps[`${run.status.replace(/_/g, '-')}-at`];
  if (own) return own;
  let latest: string | null = null;
  let latestMs = -Infinity;
  for (const value of Object.values(run.statusTimestamps)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms) && ms > latestMs) {
      latestMs = ms;
      latest = value;
    }
  }
  return latest ?? run.createdAt;
}

export function summarizeRun(run: TfcRun, now: Date): RunSummary {
  const since = statusSince(run);
  const sinceMs = since ? Date.parse(since) : NaN;
  const ageMs = Number.isNaN(sinceMs) ? null : Math.max(0, now.getTime() - sinceMs);
  return {
    id: run.id,
    status: run.status,
    phase: runPhase(run.status),
    createdAt: run.createdAt,
    statusSince: since,
    age: ageMs === null ? null : formatAge(ageMs),
    ageMs,
    message: run.message,
    isDestroy: run.isDestroy,
    planOnly: run.planOnly,
    savePlan: run.savePlan,
    refreshOnly: run.refreshOnly,
    isCancelable: run.actions.isCancelable,
    isDiscardable: run.actions.isDiscardable,
  };
}

function since(run: RunSummary): string {
  return run.age ? ` since ${run.age}` : '';
}

function runRecommendation(run: RunSummary, canForceUnlock: boolean | null): { verdict: LockVerdict; text: string } {
  const head = `locked by run ${run.id} which is '${run.status}'${since(run)}`;
  const kind = run.isDestroy ? ' (a destroy run)' : '';
  switch (run.phase) {
    case 'final': {
      const perm = canForceUnlock === false ? ' (this token lacks admin access to the workspace: can-force-unlock is false)' : '';
      return { verdict: 'safe-to-force-unlock', text: `${head}: the run has finished, so the lock is stale: safe to force-unlock${perm}` };
    }
    case 'applying':
      return {
        verdict: 'cancel-run-first',
        text:
          `${head}${kind}: the run is applying changes: do not unlock, cancel the run first ` +
          `and wait until it reaches a final state (errored/canceled); the lock is released with it`,
      };
    case 'planning':
    case 'queued':
      return {
        verdict: 'wait-or-cancel',
        text:
          `${head}: the run has not applied anything yet: wait for it to finish, or cancel it` +
          `${run.isCancelable ? '' : ' (not cancelable yet: discard it instead if it is pending)'}; do not force-unlock while it runs`,
      };
    case 'awaiting-decision':
      return {
        verdict: 'discard-run',
        text: `${head}: the run waits for a confirmation: discard it (or apply it) to release the lock; do not force-unlock`,
      };
    default:
      return {
        verdict: 'inspect-run',
        text: `${head}: unknown run status: inspect the run in the UI before unlocking anything`,
      };
  }
}

function activeRunNote(run: RunSummary | null): string {
  if (!run || run.phase === 'final') return '';
  return `; note that run ${run.id} is '${run.status}'${since(run)}`;
}

function holderSummary(lockedBy: TfcLockedBy, holderRun: RunSummary | null): LockHolderSummary {
  switch (lockedBy.kind) {
    case 'run':
      return { kind: 'run', id: lockedBy.id, run: holderRun };
    case 'user':
      return { kind: 'user', id: lockedBy.id, username: lockedBy.username };
    case 'team':
      return { kind: 'team', id: lockedBy.id, name: lockedBy.name };
    default:
      return { kind: 'unknown', id: lockedBy.id, type: lockedBy.type };
  }
}

export interface LockDiagnosisInput {
  organization: string;
  workspace: TfcWorkspace;
  /** The run holding the lock, when the lock is held by a run (from the include, the run list or a read). */
  holderRun: TfcRun | null;
  currentRun: TfcRun | null;
  recentRuns: TfcRun[];
  now: Date;
}

/** Pure: turns what the API said into a verdict and a recommendation. */
export function buildLockDiagnosis(input: LockDiagnosisInput): LockDiagnosis {
  const { workspace: ws, now } = input;
  const currentRun = input.currentRun ? summarizeRun(input.currentRun, now) : null;
  const recentRuns = input.recentRuns.map((r) => summarizeRun(r, now));
  const base = {
    organization: input.organization,
    workspace: ws.name,
    workspaceId: ws.id,
    locked: ws.locked,
    currentRun,
    recentRuns,
    checkedAt: now.toISOString(),
  };
  if (!ws.locked) {
    return { ...base, holder: null, verdict: 'not-locked', recommendation: `workspace is not locked: nothing to unlock${activeRunNote(currentRun)}` };
  }
  if (!ws.lockedBy) {
    return {
      ...base,
      holder: null,
      verdict: 'inspect-run',
      recommendation: 'workspace is locked but the API did not say by whom: check the workspace in the UI before unlocking',
    };
  }
  const holderRun = input.holderRun ? summarizeRun(input.holderRun, now) : null;
  const holder = holderSummary(ws.lockedBy, holderRun);
  switch (holder.kind) {
    case 'run': {
      if (!holderRun) {
        return { ...base, holder, verdict: 'inspect-run', recommendation: `locked by run ${holder.id}, which could not be read: inspect it before unlocking` };
      }
      const { verdict, text } = runRecommendation(holderRun, ws.permissions.canForceUnlock);
      return { ...base, holder, verdict, recommendation: text };
    }
    case 'user':
      return {
        ...base,
        holder,
        verdict: 'confirm-with-holder',
        recommendation:
          `locked by user ${holder.username ?? holder.id}: a manual lock, or a CLI-driven terraform operation holding the state lock. ` +
          `Ask them whether one is still running; unlock (or force-unlock) only when none is${activeRunNote(currentRun)}`,
      };
    case 'team':
      return {
        ...base,
        holder,
        verdict: 'confirm-with-holder',
        recommendation:
          `locked by team ${holder.name ?? holder.id}: a team API token, usually a CI job. ` +
          `Check that no CI job for this workspace is still running, then force-unlock${activeRunNote(currentRun)}`,
      };
    default:
      return {
        ...base,
        holder,
        verdict: 'inspect-run',
        recommendation: `locked by ${holder.type} ${holder.id}: unknown holder type, inspect the workspace in the UI before unlocking`,
      };
  }
}
