import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check } from '../../types';
import { blocks, defineRule, isExpression, sev } from '../helpers';
import { conclude, type IngressEntry, ingressEntries, loadBalancerGroups, locate, numberOf, who } from './common';

const WORLD = new Set(['0.0.0.0/0', '::/0']);
/** Ports the internet may reach, on a load balancer's security group only. */
const PUBLIC_PORTS = new Set([80, 443]);
/** The provider's description of a security group that sets none. */
const DEFAULT_DESCRIPTION = 'Managed by Terraform';

function described(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && value !== DEFAULT_DESCRIPTION;
}

/** Why an ingress open to the internet is not the load balancer's 80/443 (pushed into problems / unresolved). */
function judgeWorld(entry: IngressEntry, lbGroups: ReadonlyMap<TfResource, TfResource>, problems: string[], unresolved: string[]): void {
  // A rule resource is named by the message already; an inline block is named by its index.
  const by = entry.declaredBy.type === 'aws_security_group' ? `its inline ${entry.label.slice(entry.declaredBy.address.length + 1)} ` : '';
  for (const cidr of entry.cidrs) {
    if (isExpression(cidr)) {
      unresolved.push(`${by}admits the CIDR expression ${String(cidr)}`);
      continue;
    }
    if (!WORLD.has(String(cidr))) continue;
    const target = entry.target;
    const from = numberOf(entry.fromPort);
    const to = numberOf(entry.toPort);
    const tcp = entry.protocol === 'tcp' || entry.protocol === '6' || entry.protocol === 6;
    const ports = from === to && typeof from === 'number' ? String(from) : `${String(entry.fromPort ?? 'all')}-${String(entry.toPort ?? 'all')}`;
    if (typeof target === 'string') {
      if (isExpression(target)) unresolved.push(`${by}opens the security group ${target} to ${String(cidr)}`);
      else problems.push(`${by}opens the security group ${target}, which is not a load balancer's in this stack, to ${String(cidr)}`);
      continue;
    }
    if (!lbGroups.has(target)) {
      problems.push(`${by}opens ${target.address}, which is not a load balancer's security group, to ${String(cidr)} (protocol ${String(entry.protocol)}, ports ${ports})`);
      continue;
    }
    if (from === 'expression' || to === 'expression') {
      unresolved.push(`the ports ${by || 'it '}opens to ${String(cidr)}`);
      continue;
    }
    if (!tcp || from !== to || typeof from !== 'number' || !PUBLIC_PORTS.has(from)) {
      problems.push(`${by}opens the load balancer's ${target.address} to ${String(cidr)} on protocol ${String(entry.protocol)} ports ${ports}; only tcp 80 and 443 may be public`);
    }
  }
}

/** AWS-NET-001: nothing but the load balancer's 80/443 is open to the internet, and every rule says why it exists. */
export const awsNet001 = defineRule(
  {
    id: 'AWS-NET-001',
    title: 'No security group ingress from 0.0.0.0/0 or ::/0 except the load balancer on 80/443; every rule has a description',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'An ingress from 0.0.0.0/0 or ::/0 on anything but the load balancer\'s HTTP(S) ports exposes a task, a database or SSH to the internet\'s scanners; IPv6 is as open as IPv4. A rule without a description cannot be reviewed or safely removed later, because nobody knows what depends on it.',
    remediation:
      'Reach services through the load balancer and datastores through security group references (the renderer does both); remove any added rule or addOverride that opens a group to the internet, and give every security group and rule a description.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-EC23', 'CKV_AWS_23', 'CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277', 'AVD-AWS-0107', 'AVD-AWS-0099', 'AVD-AWS-0124'],
  },
  (ctx) => {
    const checks: Check[] = [];
    const lbGroups = loadBalancerGroups(ctx);
    const entries = ingressEntries(ctx);
    const judged = (r: TfResource, problems: string[], unresolved: string[], ok: string) => checks.push(conclude(who(ctx, r), locate(ctx, r), problems, unresolved, ok));

    for (const sg of ctx.stack.ofType('aws_security_group')) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      if (!described(sg.values.description)) problems.push(`has no description (the provider writes "${DEFAULT_DESCRIPTION}")`);
      for (const [kind, list] of [['ingress', blocks(sg.values.ingress)], ['egress', blocks(sg.values.egress)]] as const) {
        list.forEach((b, i) => {
          if (!described(b.description)) problems.push(`its inline ${kind}[${i}] has no description`);
        });
      }
      for (const entry of entries.filter((e) => e.declaredBy === sg)) judgeWorld(entry, lbGroups, problems, unresolved);
      const world = lbGroups.has(sg) ? ' (the load balancer\'s)' : '';
      judged(sg, problems, unresolved, `has a description${world} and no inline rule open to the internet`);
    }
    for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group_rule']) {
      for (const rule of ctx.stack.ofType(type)) {
        const problems: string[] = [];
        const unresolved: string[] = [];
        if (!described(rule.values.description)) problems.push('has no description');
        const entry = entries.find((e) => e.declaredBy === rule);
        if (entry) judgeWorld(entry, lbGroups, problems, unresolved);
        const open = entry?.cidrs.some((c) => WORLD.has(String(c))) ? 'is the load balancer\'s public 80/443 and ' : '';
        judged(rule, problems, unresolved, `${open}has a description`);
      }
    }
    return checks;
  },
);
