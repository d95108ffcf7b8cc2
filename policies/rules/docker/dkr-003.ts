import type { Check } from '../../types';
import { blocks, defineRule, fail, isExpression, isTrue, pass, sev, unknown } from '../helpers';
import { containers, covers, locate, who } from './common';

/** Host paths that hand the docker daemon (root on the host) to whoever can write to them. */
const DOCKER_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

/** Host namespaces a container must not share. */
const HOST_MODES = [
  ['network_mode', 'the host network (network_mode "host")'],
  ['pid_mode', 'the host PID namespace (pid_mode "host")'],
  ['ipc_mode', 'the host IPC namespace (ipc_mode "host")'],
] as const;

/** DKR-003: no privileged container, no host network/pid/ipc, no docker socket. */
export const dkr003 = defineRule(
  {
    id: 'DKR-003',
    title: 'Docker containers are not privileged, share no host namespace and do not mount the docker socket',
    stage: 'synth',
    targets: ['docker'],
    category: 'security',
    rationale:
      'A privileged container, one in the host network/PID/IPC namespace, or one with the docker socket is root on the host: a compromised service then owns every other environment on it, datastores included.',
    remediation:
      'Remove the addOverride that sets privileged, network_mode/pid_mode/ipc_mode "host" or binds /var/run/docker.sock; services reach each other on the environment network, and a tool that needs the daemon runs outside the app stack.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['CKV_K8S_16', 'CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19', 'CKV_K8S_27', 'AVD-KSV-0006', 'AVD-KSV-0008', 'AVD-KSV-0009', 'AVD-KSV-0010', 'AVD-KSV-0017'],
  },
  (ctx) =>
    containers(ctx).map((container): Check => {
      const v = container.values;
      const location = locate(ctx, container);
      const problems: string[] = [];
      const unresolved: string[] = [];

      if (isExpression(v.privileged)) unresolved.push(`privileged is the expression ${String(v.privileged)}`);
      else if (isTrue(v.privileged)) problems.push('is privileged');

      for (const [key, what] of HOST_MODES) {
        const mode = v[key];
        if (typeof mode !== 'string') continue;
        if (isExpression(mode)) unresolved.push(`${key} is the expression ${mode}`);
        else if (mode.trim().toLowerCase() === 'host') problems.push(`shares ${what}`);
      }

      const binds: Array<[string, unknown]> = [
        ...blocks(v.volumes).map((b): [string, unknown] => ['volumes.host_path', b.host_path]),
        ...blocks(v.mounts)
          .filter((b) => b.type === undefined || String(b.type).toLowerCase() === 'bind')
          .map((b): [string, unknown] => ['mounts.source', b.source]),
      ];
      for (const [field, hostPath] of binds) {
        if (typeof hostPath !== 'string' || hostPath === '') continue;
        if (isExpression(hostPath)) unresolved.push(`${field} is the expression ${hostPath}`);
        else if (DOCKER_SOCKETS.some((socket) => covers(hostPath, socket))) problems.push(`binds the docker socket (${field} ${hostPath})`);
      }

      const name = who(ctx, container);
      if (problems.length > 0) return fail(`${name} ${problems.join(', ')}`, location);
      if (unresolved.length > 0) return unknown(`${name}: cannot tell at synth whether it is isolated from the host (${unresolved.join('; ')})`, location);
      return pass(`${name} is not privileged, shares no host namespace and does not mount the docker socket`, location);
    }),
);
