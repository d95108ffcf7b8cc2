import { actionReasonText, describeActions, describeReplaceReasons, destruction, isStateful } from '../../../lib/tfjson/risk';
import type { Check } from '../../types';
import { defineRule, fail, pass, sev } from '../helpers';
import { locate, who } from './common';

/** PLAN-001: no delete or replace of a stateful resource without a reviewed, expiring plan override for its address. */
export const plan001 = defineRule(
  {
    id: 'PLAN-001',
    title: 'Stateful resources are not deleted or replaced without a plan override',
    stage: 'plan',
    category: 'reliability',
    rationale:
      'Deleting or replacing a database, cache, secret, key, bucket, file system or volume destroys its data (a replace is a delete first unless create_before_destroy is set). Terraform does it silently when a construct id changes or an attribute that cannot change in place does, and a plan of hundreds of lines hides it.',
    remediation:
      'Find what forces the change (the replace path in the message) and avoid it: revert the attribute, add lifecycle ignore_changes, or keep the address with moveTo / a moved block. If the data loss is intended (after a verified snapshot), add a policy.overrides entry for exactly this rule, environment and address, expiring within 14 days.',
    severity: sev('error', 'warning', 'info'),
    enforcement: 'hard',
    overridable: true,
    anchors: ['sentinel:protect-against-rds-instance-deletion', 'sentinel:prevent-destruction-of-prohibited-resources', 'checkov:__change_actions__'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const change of ctx.plan.changes) {
      if (change.mode !== 'managed' || !isStateful(change.type)) continue;
      const what = who(ctx, change);
      const kind = destruction(change);
      if (!kind) {
        checks.push(pass(`${what} (stateful) is ${change.kind === 'no-op' ? 'unchanged' : `${change.kind}d in place`}, not deleted or replaced`, locate(change)));
        continue;
      }
      const reason = actionReasonText(change.actionReason);
      const forcing = describeReplaceReasons(change);
      const verb = kind === 'delete' ? 'deleted' : describeActions(change.actions).replace(/^replace/, 'replaced');
      const why = forcing ? `: ${forcing} forces it${reason ? ` (${reason})` : ''}` : reason ? `: ${reason}` : '';
      const parts = [`${what} (${change.type}, stateful) would be ${verb}${why}`, '; its data is lost unless restored from a backup'];
      checks.push(fail(parts.join(''), locate(change)));
    }
    return checks;
  },
);
