import type { Check } from '../../types';
import { blocks, defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containers, datastoreKindOf, datastorePorts, locate, numberOf, who } from './common';

/** Addresses that publish on every interface of the host; the provider's default `ip` is 0.0.0.0. */
function isWildcard(ip: unknown): boolean {
  if (ip === undefined || ip === null) return true;
  const a = String(ip).trim().replace(/^\[|\]$/g, '');
  return a === '' || a === '0.0.0.0' || /^[0:]*::?[0:]*$/.test(a) || a === '0:0:0:0:0:0:0:0';
}

function describePort(p: Record<string, unknown>): string {
  const ip = p.ip === undefined ? '0.0.0.0' : String(p.ip);
  const host = ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
  return `${host}:${String(p.external ?? p.internal)}->${String(p.internal)}${p.ip === undefined ? ' (ip unset: the provider default)' : ''}`;
}

/** DKR-004: datastore containers publish nothing; no container publishes a datastore port on every interface. */
export const dkr004 = defineRule(
  {
    id: 'DKR-004',
    title: 'Datastore containers publish no port, and no container publishes a datastore port on all interfaces',
    stage: 'synth',
    targets: ['docker'],
    category: 'security',
    rationale:
      'Services reach Postgres and Redis on the environment network; a published datastore port (by default on 0.0.0.0, and docker bypasses the host firewall for it) puts the database on every network the host is on, one password away from the internet.',
    remediation:
      'Remove the ports of the postgres/redis container (or the addOverride that adds them); to reach a datastore from the host for debugging, use `docker exec` or an SSH tunnel, or publish on 127.0.0.1 from a separate, temporary container.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['CKV_AWS_17', 'AVD-AWS-0180', 'AwsSolutions-EC23', 'AwsSolutions-RDS8'],
  },
  (ctx) => {
    const storePorts = datastorePorts(ctx);
    return containers(ctx).map((container): Check => {
      const location = locate(ctx, container);
      const name = who(ctx, container);
      const ports = blocks(container.values.ports);
      const kind = datastoreKindOf(ctx, container);
      if (kind) {
        if (ports.length > 0) return fail(`${name} is the ${kind} datastore and publishes ${ports.map(describePort).join(', ')} on the host; a datastore publishes no port`, location);
        return pass(`${name} is the ${kind} datastore and publishes no port`, location);
      }
      const problems: string[] = [];
      const unresolved: string[] = [];
      for (const p of ports) {
        const numbers = [p.internal, p.external];
        const store = numbers.map(numberOf).map((n) => (n === undefined ? undefined : storePorts.get(n))).find((s) => s !== undefined);
        if (numbers.some(isExpression)) {
          unresolved.push(`a port is the expression ${String(numbers.find(isExpression))}`);
          continue;
        }
        if (!store) continue;
        if (isExpression(p.ip)) unresolved.push(`the ${store} port is published on the expression ${String(p.ip)}`);
        else if (isWildcard(p.ip)) problems.push(`publishes the ${store} port on every interface (${describePort(p)})`);
      }
      if (problems.length > 0) return fail(`${name} ${problems.join(', ')}`, location);
      if (unresolved.length > 0) return unknown(`${name}: cannot tell at synth whether it publishes a datastore port on every interface (${unresolved.join('; ')})`, location);
      return pass(`${name} publishes no datastore port on all interfaces`, location);
    });
  },
);
