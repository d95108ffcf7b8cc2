import { weakenings } from '../../../lib/tfjson/risk';
import type { Check } from '../../types';
import { defineRule, fail, pass, sev } from '../helpers';
import { locate, who } from './common';

/** PLAN-002: no change loosens a protection (deletion protection, final snapshot, backups, Multi-AZ, encryption, public access). */
export const plan002 = defineRule(
  {
    id: 'PLAN-002',
    title: 'Changes do not weaken deletion protection, backups, redundancy, encryption or privacy',
    stage: 'plan',
    category: 'reliability',
    rationale:
      'Turning off deletion protection, skipping the final snapshot, shortening backups, dropping Multi-AZ or failover, turning off encryption or making a database public are one-line diffs that Terraform applies in place without a warning, and each removes a safety net the next incident needs.',
    remediation:
      'Keep the protection (revert the spec or override that changed it). If the environment really needs less, change its tier or its spec deliberately and get the change reviewed as such; a hard rule is not suppressible.',
    severity: sev('error', 'warning', 'info'),
    enforcement: 'hard',
    anchors: ['sentinel:filter_attribute_was_value', 'checkov:TF_PLAN_RESOURCE_CHANGE_KEYS', 'CKV_AWS_293', 'CKV_AWS_157', 'CKV_AWS_133'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const change of ctx.plan.changes) {
      if (change.mode !== 'managed' || (change.kind !== 'update' && change.kind !== 'replace')) continue;
      const found = weakenings(change);
      const how = change.kind === 'update' ? 'in place' : 'by the replacement';
      if (found.length === 0) {
        checks.push(pass(`${who(ctx, change)} is ${change.kind === 'update' ? 'updated' : 'replaced'} without weakening a protection`, locate(change)));
        continue;
      }
      const list = found.map((w) => `${w.what} (${w.attribute} ${w.before} -> ${w.after})`).join('; ');
      checks.push(fail(`${who(ctx, change)} (${change.type}) is weakened ${how}: ${list}`, locate(change)));
    }
    return checks;
  },
);
