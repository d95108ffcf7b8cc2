import { containerProbes, type KubernetesProbe } from '../../../constructs/kubernetes/health-check';
import type { Check } from '../../types';
import { block, blocks, defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containerLabel, locate, serviceOf, who, workloads } from './common';

const ROLES = [
  ['readiness', 'readinessProbe', 'readiness_probe'],
  ['liveness', 'livenessProbe', 'liveness_probe'],
  ['startup', 'startupProbe', 'startup_probe'],
] as const;

/** Kubernetes' defaults for fields a probe leaves out. */
const DEFAULTS: Readonly<Record<string, string>> = { period_seconds: '10', timeout_seconds: '1', failure_threshold: '3', initial_delay_seconds: '0', success_threshold: '1' };

/** A probe as flat `field -> value` (strings), comparable between the translation and the JSON. */
type Flat = Record<string, unknown>;

function flatActual(probe: Record<string, unknown>): Flat {
  const out: Flat = {};
  for (const [key, fallback] of Object.entries(DEFAULTS)) out[key] = probe[key] ?? fallback;
  const http = block(probe.http_get);
  const tcp = block(probe.tcp_socket);
  const exec = block(probe.exec);
  const grpc = block(probe.grpc);
  if (http) Object.assign(out, { handler: 'http_get', 'http_get.path': http.path ?? '/', 'http_get.port': http.port, 'http_get.scheme': http.scheme ?? 'HTTP', 'http_get.host': http.host });
  else if (tcp) Object.assign(out, { handler: 'tcp_socket', 'tcp_socket.port': tcp.port });
  else if (exec) Object.assign(out, { handler: 'exec', 'exec.command': exec.command });
  else if (grpc) Object.assign(out, { handler: 'grpc', 'grpc.port': grpc.port });
  else out.handler = 'none';
  return out;
}

function flatExpected(p: KubernetesProbe): Flat {
  const out: Flat = {
    period_seconds: p.periodSeconds,
    timeout_seconds: p.timeoutSeconds,
    failure_threshold: p.failureThreshold,
    initial_delay_seconds: p.initialDelaySeconds,
    success_threshold: DEFAULTS.success_threshold,
  };
  if (p.httpGet) Object.assign(out, { handler: 'http_get', 'http_get.path': p.httpGet.path, 'http_get.port': p.httpGet.port, 'http_get.scheme': 'HTTP', 'http_get.host': undefined });
  else if (p.tcpSocket) Object.assign(out, { handler: 'tcp_socket', 'tcp_socket.port': p.tcpSocket[0]?.port });
  else if (p.exec) Object.assign(out, { handler: 'exec', 'exec.command': p.exec.command });
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a === undefined || b === undefined) return a === b;
  return String(a) === String(b);
}

const hasExpression = (v: unknown): boolean => (Array.isArray(v) ? v.some(hasExpression) : isExpression(v));
const show = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));

interface Difference {
  readonly text: string;
  readonly expression: boolean;
}

/** K8S-002: readiness probes where there is a port; every probe of a service equal to the spec's translation. */
export const k8s002 = defineRule(
  {
    id: 'K8S-002',
    title: 'Kubernetes containers with a port have a readiness probe, and service probes equal the spec',
    stage: 'synth',
    targets: ['kubernetes'],
    category: 'reliability',
    rationale:
      'Without a readiness probe a pod receives traffic as soon as its process starts, and a rollout cannot tell a broken version from a good one; a probe that differs from the spec (edited through an escape hatch, or wired to another service) probes the wrong thing or kills healthy pods.',
    remediation:
      'Declare the service\'s healthChecks in app.ts (a readiness check for a service with a port) and let the renderer translate them (constructs/kubernetes/health-check.ts); remove any addOverride of the container probes.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_K8S_8', 'CKV_K8S_9', 'polaris:readinessProbeMissing', 'polaris:livenessProbeMissing', 'kube-score:pod-probes', 'kyverno:require-probes'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const w of workloads(ctx)) {
      const location = locate(ctx, w.resource);
      const serviceModel = serviceOf(ctx, w.resource);
      const main = w.containers.filter((c) => !c.init);
      // The spec's checks belong to the service's own container (named after it; else the first); a sidecar only needs readiness when it listens.
      const own = main.find((c) => c.name === serviceModel?.name) ?? main[0];
      for (const c of main) {
        const service = c === own ? serviceModel : undefined;
        const what = `${who(ctx, w.resource)} ${containerLabel(c)}`;
        const ports = blocks(c.values.port);
        const listens = ports.length > 0 || (service !== undefined && service.port !== undefined);
        const differences: Difference[] = [];

        if (listens && !block(c.values.readiness_probe)) {
          const port = ports[0]?.container_port ?? service?.port;
          const declared = service?.healthChecks.readiness ? ', the spec declares one' : '';
          differences.push({ text: `listens on port ${String(port)} but has no readiness_probe${declared}`, expression: false });
        }
        if (service) {
          const expected = containerProbes(service.healthChecks);
          for (const [role, key, jsonKey] of ROLES) {
            const want = expected[key];
            const got = block(c.values[jsonKey]);
            if (!want && !got) continue;
            if (!got) {
              // A missing readiness probe on a container with a port is reported above.
              if (role !== 'readiness' || !listens) differences.push({ text: `has no ${jsonKey}, the spec declares a ${role} check`, expression: false });
              continue;
            }
            if (!want) {
              differences.push({ text: `has a ${jsonKey} the spec of service ${service.name} does not declare`, expression: false });
              continue;
            }
            const a = flatActual(got);
            const e = flatExpected(want);
            for (const field of new Set([...Object.keys(e), ...Object.keys(a)])) {
              if (same(a[field], e[field])) continue;
              differences.push({ text: `${jsonKey}.${field} is ${show(a[field])}, the spec renders ${show(e[field])}`, expression: hasExpression(a[field]) });
            }
          }
        }

        if (differences.some((d) => !d.expression)) {
          const source = service ? ` (service ${service.name})` : '';
          checks.push(fail(`${what}${source} ${differences.map((d) => d.text).join('; ')}`, location));
        } else if (differences.length > 0) {
          checks.push(unknown(`${what}: the probes cannot be compared with the spec at synth (${differences.map((d) => d.text).join('; ')})`, location));
        } else {
          const has = ROLES.filter(([, , jsonKey]) => block(c.values[jsonKey])).map(([role]) => role);
          const rendered = has.length === 0 ? 'no probes (it listens on no port)' : has.length === 1 ? `a ${has[0]} probe` : `${has.join(', ')} probes`;
          checks.push(pass(`${what} has ${rendered}${service ? ', as the spec declares' : ''}`, location));
        }
      }
    }
    return checks;
  },
);
