import { type AttributePath, marked, type ResourceChange, valueAt } from '../../../lib/tfjson/plan';
import { formatPath, isConfigured, shownValue } from '../../../lib/tfjson/risk';
import type { Check, PlanContext } from '../../types';
import { defineRule, pass, sev, unknown } from '../helpers';
import { locate, who } from './common';

/** Top-level attributes whose value decides whether data is encrypted, private and protected. */
export const SECURITY_ATTRIBUTES: readonly string[] = [
  'storage_encrypted',
  'publicly_accessible',
  'deletion_protection',
  'enable_deletion_protection',
  'transit_encryption_enabled',
  'at_rest_encryption_enabled',
];

/** Where ingress CIDRs live, per resource type. */
function ingressCidrPaths(change: ResourceChange, ctx: PlanContext): AttributePath[] | 'unknown-ingress' {
  const after = change.after as Record<string, unknown> | null;
  switch (change.type) {
    case 'aws_vpc_security_group_ingress_rule':
      return [['cidr_ipv4'], ['cidr_ipv6']];
    case 'aws_security_group_rule':
      if (marked(change.afterUnknown, ['type']) || after?.type === 'ingress') return [['cidr_blocks'], ['ipv6_cidr_blocks']];
      return [];
    case 'aws_security_group': {
      // Inline ingress that the configuration does not set is computed from separate rule resources (checked there).
      if (!isConfigured(ctx.plan, change.address, 'ingress')) return [];
      if (marked(change.afterUnknown, ['ingress'])) return 'unknown-ingress';
      const rules = Array.isArray(after?.ingress) ? (after!.ingress as unknown[]) : [];
      return rules.flatMap((_, i): AttributePath[] => [['ingress', i, 'cidr_blocks'], ['ingress', i, 'ipv6_cidr_blocks']]);
    }
    default:
      return [];
  }
}

/** PLAN-005: security-relevant attributes that are unknown until apply are reported as unknown, never passed. */
export const plan005 = defineRule(
  {
    id: 'PLAN-005',
    title: 'Security-relevant attributes are known at plan',
    stage: 'plan',
    category: 'security',
    rationale:
      'A check that cannot see a value must not report it as fine: when encryption, public access, deletion protection or an ingress CIDR is computed during apply (from another resource, or left to a provider default), the plan cannot show what will be deployed.',
    remediation:
      'Set the attribute to a literal in the configuration (the renderers do for everything they create); for a value that must come from another resource, check it after apply, or make the dependency explicit in the spec.',
    severity: sev('warning', 'warning', 'info'),
    enforcement: 'advisory',
    anchors: ['opa:terraform-unknown-values', 'cdk-nag:CdkNagValidationFailure'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const change of ctx.plan.changes) {
      if (change.mode !== 'managed' || (change.kind !== 'create' && change.kind !== 'update' && change.kind !== 'replace')) continue;
      const paths: AttributePath[] = [];
      const after = change.after as Record<string, unknown> | null;
      for (const attribute of SECURITY_ATTRIBUTES) {
        if ((after && attribute in after) || marked(change.afterUnknown, [attribute])) paths.push([attribute]);
      }
      const cidrs = ingressCidrPaths(change, ctx);
      const unknownPaths: string[] = [];
      if (cidrs === 'unknown-ingress') unknownPaths.push('ingress (with its cidr_blocks)');
      else paths.push(...cidrs);
      if (paths.length === 0 && unknownPaths.length === 0) continue;
      const known: string[] = [];
      for (const path of paths) {
        if (marked(change.afterUnknown, path)) unknownPaths.push(formatPath(path));
        else if (valueAt(change.after, path) !== undefined && valueAt(change.after, path) !== null) known.push(`${formatPath(path)} = ${shownValue(change, 'after', path)}`);
      }
      if (unknownPaths.length > 0) {
        checks.push(unknown(`${who(ctx, change)} (${change.kind}): ${unknownPaths.join(', ')} ${unknownPaths.length === 1 ? 'is' : 'are'} known only after apply, so the plan cannot show ${unknownPaths.length === 1 ? 'it is' : 'they are'} safe`, locate(change)));
      } else if (known.length > 0) {
        checks.push(pass(`${who(ctx, change)} (${change.kind}): ${known.join(', ')} known at plan`, locate(change)));
      }
    }
    return checks;
  },
);
