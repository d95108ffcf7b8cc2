import type { Check } from '../../types';
import { defineRule, isExpression, isTrue, sev } from '../helpers';
import { conclude, ingressInto, listOf, locate, resolveGroups, who } from './common';

/** AWS-RDS-005: the database has no public endpoint and admits traffic only from security groups. */
export const awsRds005 = defineRule(
  {
    id: 'AWS-RDS-005',
    title: 'RDS instances are not publicly accessible and admit traffic only from security groups',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'publicly_accessible gives the instance a public DNS name that resolves to a public IP, one security group rule away from the internet, where Postgres ports are scanned within minutes. A CIDR rule admits whole networks (everything in a subnet, a peered VPC, a VPN); a security group reference admits exactly the services that use the database.',
    remediation:
      'Keep publicly_accessible false (the renderer sets it) and let the renderer open 5432 per service that uses Postgres (IngressFrom<Service>, from the service\'s security group); remove any addOverride of publicly_accessible or vpc_security_group_ids and any CIDR ingress rule on the database\'s security group. Reach the database for maintenance through a bastion or SSM port forwarding.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['HIPAA.Security-RDSInstancePublicAccess', 'CKV_AWS_17', 'AVD-AWS-0180', 'AwsSolutions-RDS8', 'AwsSolutions-EC23'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const db of ctx.stack.ofType('aws_db_instance')) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      const pub = db.values.publicly_accessible;
      if (isExpression(pub)) unresolved.push(`publicly_accessible is the expression ${String(pub)}`);
      else if (isTrue(pub)) problems.push('has publicly_accessible true: it gets a public endpoint');

      const { groups, unresolved: outside } = resolveGroups(ctx, listOf(db.values.vpc_security_group_ids));
      if (groups.length === 0 && outside.length === 0) unresolved.push('it has no vpc_security_group_ids, so it gets the VPC\'s default security group, whose ingress is not in this stack');
      for (const value of outside) unresolved.push(`the ingress of security group ${value}, which is not in this stack`);
      const sources = new Set<string>();
      for (const sg of groups) {
        for (const entry of ingressInto(ctx, sg)) {
          const bad = [...entry.cidrs.map((c) => `CIDR ${String(c)}`), ...entry.prefixLists.map((p) => `prefix list ${String(p)}`)];
          if (bad.length > 0) problems.push(`has the security group ${sg.address}, which admits ${bad.join(', ')} through ${entry.label}; only security groups may reach a database`);
          for (const g of entry.groups) sources.add(resolveGroups(ctx, [g]).groups[0]?.address ?? String(g));
          if (entry.self) sources.add(`${sg.address} (self)`);
        }
      }
      const from = sources.size > 0 ? `traffic only from security groups (${[...sources].join(', ')})` : 'no inbound traffic';
      checks.push(conclude(who(ctx, db), locate(ctx, db), problems, unresolved, `is not publicly accessible and admits ${from}`));
    }
    return checks;
  },
);
