import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check, SynthContext } from '../../types';
import { block, blocks, defineRule, fail, isExpression, pass, sev } from '../helpers';
import { applicationLoadBalancers, conclude, LISTENER_RULE_TYPES, LISTENER_TYPES, locate, ofTypes, referencedOf, who } from './common';

/**
 * Security policies that only negotiate TLS 1.2 or 1.3 (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-*,
 * -FS-1-2-*). Everything else (ELBSecurityPolicy-2016-08, the provider's default, -2015-05, -TLS-1-0-*, -TLS-1-1-*,
 * -FS-2018-06, -FS-1-1-*, -TLS13-1-0-*, -TLS13-1-1-*) still accepts TLS 1.0 / 1.1.
 */
export const MODERN_TLS_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;
/** The policy the provider applies to an HTTPS listener without ssl_policy. */
export const DEFAULT_TLS_POLICY = 'ELBSecurityPolicy-2016-08';

const ACM_ARN = /^arn:aws[a-z-]*:acm:/;
const IAM_CERT_ARN = /^arn:aws[a-z-]*:iam::\d*:server-certificate\//;

function listenersOf(ctx: SynthContext, lb: TfResource): TfResource[] {
  return ofTypes(ctx, LISTENER_TYPES).filter((l) => ctx.stack.referenced(l.values.load_balancer_arn)?.resource === lb);
}

/** The listener's protocol: HTTP when unset (the provider's default for an application load balancer). */
function protocolOf(listener: TfResource): string {
  const p = listener.values.protocol;
  return typeof p === 'string' ? p : 'HTTP';
}

/** Why an HTTPS listener's certificate and policy fall short. */
function judgeHttps(ctx: SynthContext, listener: TfResource, problems: string[], unresolved: string[]): string {
  const cert = listener.values.certificate_arn;
  let certText = 'an ACM certificate';
  if (cert === undefined || cert === null || cert === '') problems.push('has no certificate_arn');
  else if (referencedOf(ctx, cert, ['aws_acm_certificate', 'aws_acm_certificate_validation', 'data.aws_acm_certificate'])) certText = `the ACM certificate ${String(cert)}`;
  else if (typeof cert === 'string' && ACM_ARN.test(cert)) certText = `the ACM certificate ${cert}`;
  else if (typeof cert === 'string' && IAM_CERT_ARN.test(cert)) problems.push(`serves the IAM server certificate ${cert}, not an ACM certificate (ACM renews it automatically)`);
  else if (isExpression(cert)) unresolved.push(`certificate_arn is the expression ${String(cert)}`);
  else problems.push(`has certificate_arn ${JSON.stringify(cert)}, which is not an ACM certificate ARN`);

  const policy = listener.values.ssl_policy;
  if (isExpression(policy)) unresolved.push(`ssl_policy is the expression ${String(policy)}`);
  else if (policy === undefined || policy === null || policy === '') problems.push(`has no ssl_policy, so it gets the provider default ${DEFAULT_TLS_POLICY}, which accepts TLS 1.0 and 1.1`);
  else if (!MODERN_TLS_POLICY.test(String(policy))) problems.push(`uses the legacy TLS policy ${String(policy)}, which accepts TLS 1.0 or 1.1 (use e.g. ELBSecurityPolicy-TLS13-1-2-2021-06)`);
  return `${certText} and the TLS policy ${String(policy)}`;
}

/** Why a plain-HTTP listener does more than redirect to HTTPS. */
function judgeHttp(ctx: SynthContext, listener: TfResource, problems: string[], unresolved: string[]): void {
  const actions = blocks(listener.values.default_action);
  if (actions.length === 0) problems.push('has no default_action');
  for (const action of actions) {
    const type = action.type;
    if (isExpression(type)) unresolved.push(`default_action type is the expression ${String(type)}`);
    else if (type !== 'redirect') problems.push(`answers plain HTTP with a ${String(type)} default_action instead of redirecting to HTTPS`);
    else {
      const to = block(action.redirect)?.protocol;
      if (isExpression(to)) unresolved.push(`the redirect protocol is the expression ${String(to)}`);
      else if (to !== 'HTTPS') problems.push(`redirects to ${JSON.stringify(to ?? '#{protocol}')} instead of HTTPS`);
    }
  }
  for (const rule of ofTypes(ctx, LISTENER_RULE_TYPES)) {
    if (ctx.stack.referenced(rule.values.listener_arn)?.resource !== listener) continue;
    for (const action of blocks(rule.values.action)) {
      const to = block(action.redirect)?.protocol;
      if (action.type === 'redirect' && to === 'HTTPS') continue;
      problems.push(`serves plain HTTP through ${rule.address} (a ${String(action.type)} action)`);
    }
  }
}

/** AWS-ALB-001: traffic is served over HTTPS with an ACM certificate and a modern TLS policy; port 80 only redirects. */
export const awsAlb001 = defineRule(
  {
    id: 'AWS-ALB-001',
    title: 'Load balancers serve HTTPS with an ACM certificate and a modern TLS policy; HTTP only redirects',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'Plain HTTP exposes session cookies and credentials to anyone on the path; TLS 1.0/1.1 (still accepted by the provider\'s default policy ELBSecurityPolicy-2016-08) have known weaknesses and fail PCI DSS. An HTTP listener that forwards instead of redirecting keeps a clear-text path open next to the HTTPS one. ACM certificates renew themselves.',
    remediation:
      'Set target.certificateArn (an ACM certificate) for the environment in app.ts: the renderer then adds the HTTPS listener with ELBSecurityPolicy-TLS13-1-2-2021-06 and turns port 80 into a redirect. Remove any addOverride of ssl_policy, certificate_arn or the listeners\' actions.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_AWS_2', 'CKV_AWS_103', 'CKV_AWS_378', 'CKV2_AWS_20', 'CKV2_AWS_74', 'AVD-AWS-0054', 'AVD-AWS-0047', 'HIPAA.Security-ALBHttpToHttpsRedirection', 'HIPAA.Security-ELBv2ACMCertificateRequired'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const lb of applicationLoadBalancers(ctx)) {
      const listeners = listenersOf(ctx, lb);
      const https = listeners.filter((l) => protocolOf(l) === 'HTTPS');
      const lbWhat = who(ctx, lb);
      checks.push(
        https.length > 0
          ? pass(`${lbWhat} has an HTTPS listener (${https.map((l) => l.address).join(', ')})`, locate(ctx, lb))
          : fail(`${lbWhat} has no HTTPS listener: it serves plain HTTP only (set target.certificateArn to an ACM certificate)`, locate(ctx, lb)),
      );
      for (const listener of listeners) {
        const problems: string[] = [];
        const unresolved: string[] = [];
        const protocol = listener.values.protocol;
        const what = `${who(ctx, listener)} (port ${String(listener.values.port ?? '?')}, ${protocolOf(listener)})`;
        if (isExpression(protocol)) {
          checks.push(conclude(what, locate(ctx, listener), [], [`protocol is the expression ${String(protocol)}`], ''));
          continue;
        }
        if (protocolOf(listener) === 'HTTPS') {
          const ok = judgeHttps(ctx, listener, problems, unresolved);
          checks.push(conclude(what, locate(ctx, listener), problems, unresolved, `serves ${ok}`));
        } else {
          judgeHttp(ctx, listener, problems, unresolved);
          checks.push(conclude(what, locate(ctx, listener), problems, unresolved, 'only redirects to HTTPS'));
        }
      }
    }
    return checks;
  },
);
