import type { Finding } from '../../policies/types';
import type { PlanView } from '../tfjson/plan';

export interface ChangeCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  readonly read: number;
  readonly moved: number;
  readonly imported: number;
}

/** Managed resources by what happens to them; a replace counts once, as a replace. */
export function countChanges(plan: PlanView): ChangeCounts {
  const managed = plan.changes.filter((c) => c.mode === 'managed');
  const count = (kind: string) => managed.filter((c) => c.kind === kind).length;
  return {
    add: count('create'),
    change: count('update'),
    destroy: count('delete'),
    replace: count('replace'),
    read: plan.changes.filter((c) => c.kind === 'read').length,
    moved: managed.filter((c) => c.previousAddress !== undefined && c.previousAddress !== c.address).length,
    imported: managed.filter((c) => c.importing).length,
  };
}

export function formatCounts(c: ChangeCounts): string {
  return `+${c.add} ~${c.change} -${c.destroy} ±${c.replace}`;
}

/** One stack in `summary.json`, the machine-readable output of `pinstack plan`. */
export interface StackSummary {
  readonly stack: string;
  readonly environment: string;
  readonly tier: string;
  readonly target: string;
  /** planned; blocked (a spec/synth policy stopped it before terraform); error (terraform failed). */
  readonly status: 'planned' | 'blocked' | 'error';
  readonly blocking: boolean;
  readonly counts?: ChangeCounts;
  /** Redacted plan JSON, relative to the summary file. */
  readonly planJson?: string;
  readonly digest?: string;
  /** Deletes and replaces, `kind address`: what deploy compares with the reviewed plan. */
  readonly risky?: readonly string[];
  /** Failures, unknowns and suppressions of every stage (passes left out). */
  readonly findings: readonly Finding[];
  readonly error?: string;
  /** Pin history per service, most recent first (the PR comment labels image changes roll forward / roll back). */
  readonly history?: Readonly<Record<string, readonly string[]>>;
}

export interface PlanSummaryFile {
  readonly formatVersion: '1.0';
  readonly generatedAt: string;
  readonly stacks: readonly StackSummary[];
}
