import type { Check } from '../../types';
import { defineRule, isExpression, sev } from '../helpers';
import { applicationLoadBalancers, conclude, expectTrue, locate, who } from './common';

/** Desync mitigation modes that block requests posing a request-smuggling risk (the default is defensive). */
const SAFE_DESYNC_MODES = ['defensive', 'strictest'];

/** AWS-ALB-002: the load balancer drops malformed headers, mitigates desync, and is protected from deletion in production. */
export const awsAlb002 = defineRule(
  {
    id: 'AWS-ALB-002',
    title: 'Load balancers drop invalid header fields, mitigate HTTP desync, and have deletion protection in production',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'Header names the HTTP spec does not allow are a request-smuggling and header-injection vector towards the app; drop_invalid_header_fields removes them at the edge, and desync_mitigation_mode monitor lets ambiguous requests through. Deleting the production load balancer changes its DNS name and takes every public service offline until DNS is repointed.',
    remediation:
      'Keep the renderer\'s drop_invalid_header_fields true and enable_deletion_protection (on in production); do not set desync_mitigation_mode to monitor; remove any addOverride of these arguments. Note the provider argument is enable_deletion_protection, not deletion_protection.',
    severity: sev('error', 'warning', 'info'),
    enforcement: 'soft',
    anchors: ['CKV_AWS_131', 'CKV_AWS_328', 'CKV_AWS_150', 'AVD-AWS-0052', 'HIPAA.Security-ALBHttpDropInvalidHeaderEnabled', 'HIPAA.Security-ELBDeletionProtectionEnabled'],
  },
  (ctx) => {
    const checks: Check[] = [];
    const production = ctx.config.tier === 'production';
    for (const lb of applicationLoadBalancers(ctx)) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      const v = lb.values;
      expectTrue(v.drop_invalid_header_fields, 'drop_invalid_header_fields', { problems, unresolved }, ': malformed headers reach the services');
      const desync = v.desync_mitigation_mode;
      if (isExpression(desync)) unresolved.push(`desync_mitigation_mode is the expression ${String(desync)}`);
      else if (desync !== undefined && !SAFE_DESYNC_MODES.includes(String(desync))) problems.push(`has desync_mitigation_mode ${JSON.stringify(desync)}: requests that risk HTTP desync are let through (use defensive or strictest)`);
      if (production) {
        expectTrue(v.enable_deletion_protection, 'enable_deletion_protection', { problems, unresolved }, ' in production');
      }
      const ok = `drops invalid header fields, mitigates desync (${String(desync ?? 'defensive')})${production ? ' and has deletion protection' : ''}`;
      checks.push(conclude(who(ctx, lb), locate(ctx, lb), problems, unresolved, ok));
    }
    return checks;
  },
);
