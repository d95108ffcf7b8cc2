import { addressChurn, isStateful } from '../../../lib/tfjson/risk';
import type { Check } from '../../types';
import { defineRule, fail, pass, sev } from '../helpers';
import { locate, who } from './common';

/** PLAN-003: a stateful resource is not deleted at one address and created at another (a construct rename) without a move. */
export const plan003 = defineRule(
  {
    id: 'PLAN-003',
    title: 'Stateful resources keep their address (a rename is a move, not delete + create)',
    stage: 'plan',
    category: 'reliability',
    rationale:
      'The Terraform address derives from the construct path, so renaming or re-nesting a construct makes Terraform delete the object at the old address and create an empty one at the new address. For a database that is data loss dressed up as a refactoring.',
    remediation:
      'Move the state instead of recreating: in cdktf call `resource.moveTo(target)` / `moveFromId(...)` (or `moveToId`), which renders a `moved { from, to }` block, or run `terraform state mv <old> <new>` before applying; or revert the construct id.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'hard',
    anchors: ['terraform:moved-block', 'cdktf:moveTo'],
  },
  (ctx) => {
    const churn = addressChurn(ctx.plan.changes);
    const checks: Check[] = [];
    const covered = new Set<string>();
    for (const c of churn) {
      covered.add(c.created.address);
      for (const d of c.deleted) covered.add(d.address);
      const old = c.deleted.map((d) => d.address);
      const evidence = c.sameIdentity ? ` with the same ${c.sameIdentity.attribute} "${c.sameIdentity.value}"` : '';
      checks.push(
        fail(
          `${who(ctx, c.created)} (${c.created.type}, stateful) would be created while ${old.join(', ')} ${old.length === 1 ? 'is' : 'are'} deleted${evidence}, and the plan records no move (no previous_address): this looks like a renamed construct. Move the state (cdktf moveTo, a moved block from ${old[0]} to ${c.created.address}, or terraform state mv) instead of recreating it empty`,
          locate(c.created),
        ),
      );
    }
    for (const change of ctx.plan.changes) {
      if (change.mode !== 'managed' || !isStateful(change.type) || covered.has(change.address)) continue;
      const moved = change.previousAddress ? `, moved from ${change.previousAddress}` : '';
      checks.push(pass(`${who(ctx, change)} (stateful) keeps its address${moved}`, locate(change)));
    }
    return checks;
  },
);
