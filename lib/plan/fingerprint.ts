import { createHash } from 'node:crypto';
import type { PlanView } from '../tfjson/plan';

/**
 * The risky part of a plan, as sorted lines (`replace aws_db_instance.X`, `delete ...`): what a reviewer must
 * have seen. Deploy compares the fresh plan's lines with the reviewed ones; a plan may differ in harmless
 * ways (a rebuilt image, a new tag), never by a delete or a replace nobody reviewed.
 */
export function riskyChanges(plan: PlanView): string[] {
  const lines = plan.changes.filter((c) => c.mode === 'managed' && (c.kind === 'delete' || c.kind === 'replace')).map((c) => `${c.kind} ${c.address}`);
  return [...new Set(lines)].sort();
}

/** sha256 of the normalised resource changes (address, actions, replace paths): identifies a reviewed plan. */
export function planDigest(plan: PlanView): string {
  const normal = plan.changes
    .filter((c) => c.kind !== 'no-op')
    .map((c) => [c.address, c.actions.join('+'), c.replacePaths.map((p) => p.join('.')).join(',')].join(' '))
    .sort();
  return `sha256:${createHash('sha256').update(normal.join('\n')).digest('hex')}`;
}
