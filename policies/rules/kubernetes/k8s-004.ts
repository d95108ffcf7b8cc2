import type { Check } from '../../types';
import { block, defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containerLabel, locate, who, workloads } from './common';

/** Seccomp profiles the Pod Security Standard "restricted" accepts. */
const SECCOMP_OK = ['RuntimeDefault', 'Localhost'];
/** The one capability "restricted" lets a container add. */
const ADD_OK = ['NET_BIND_SERVICE'];

type Tri = 'true' | 'false' | 'unset' | 'expression';

function tri(value: unknown): Tri {
  if (value === undefined || value === null) return 'unset';
  if (isExpression(value)) return 'expression';
  if (value === true || value === 'true') return 'true';
  return 'false';
}

/** The container's value, else the pod's (fields both levels have). */
const effective = (container: Record<string, unknown> | undefined, pod: Record<string, unknown> | undefined, key: string): unknown => container?.[key] ?? pod?.[key];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** K8S-004: containers run as non-root, without privilege escalation or capabilities, read-only, under seccomp RuntimeDefault. */
export const k8s004 = defineRule(
  {
    id: 'K8S-004',
    title: 'Kubernetes containers run non-root, without privilege escalation or capabilities, read-only, with seccomp',
    stage: 'synth',
    targets: ['kubernetes'],
    category: 'security',
    rationale:
      'A root container with capabilities, privilege escalation and no seccomp filter turns an application bug into a node compromise; the Pod Security Standard "restricted", which pinstack namespaces enforce, rejects such pods at admission, so the apply would fail anyway. A read-only root filesystem keeps an attacker from changing the code that runs.',
    remediation:
      'Keep the renderer\'s restricted security context (run_as_non_root, allow_privilege_escalation false, capabilities.drop ["ALL"], read_only_root_filesystem, seccomp RuntimeDefault) and remove the addOverride that weakens it; an image that must write outside /tmp needs a volume, or a reviewed suppression of K8S-004 for its construct path.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_K8S_16', 'CKV_K8S_20', 'CKV_K8S_22', 'CKV_K8S_23', 'CKV_K8S_28', 'CKV_K8S_30', 'CKV_K8S_31', 'CKV_K8S_37', 'AVD-KSV-0001', 'AVD-KSV-0003', 'AVD-KSV-0012', 'AVD-KSV-0014', 'AVD-KSV-0030', 'AVD-KSV-0106', 'polaris:runAsRootAllowed', 'polaris:privilegeEscalationAllowed', 'polaris:notReadOnlyRootFilesystem'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const w of workloads(ctx)) {
      const location = locate(ctx, w.resource);
      const podSc = block(w.pod.security_context);
      for (const c of w.containers) {
        const what = `${who(ctx, w.resource)} ${containerLabel(c)}`;
        const sc = block(c.values.security_context);
        const problems: string[] = [];
        const unresolved: string[] = [];
        const judge = (field: string, value: unknown, want: 'true' | 'false', problem: string) => {
          const t = tri(value);
          if (t === 'expression') unresolved.push(`${field} is the expression ${String(value)}`);
          else if (t !== want) problems.push(problem);
        };

        judge('run_as_non_root', effective(sc, podSc, 'run_as_non_root'), 'true', 'may run as root (run_as_non_root is not true)');
        const uid = effective(sc, podSc, 'run_as_user');
        if (isExpression(uid)) unresolved.push(`run_as_user is the expression ${String(uid)}`);
        else if (uid !== undefined && String(uid).trim() === '0') problems.push('runs as uid 0 (root)');
        if (tri(sc?.privileged) === 'true') problems.push('is privileged');
        else if (tri(sc?.privileged) === 'expression') unresolved.push(`privileged is the expression ${String(sc?.privileged)}`);
        judge('allow_privilege_escalation', sc?.allow_privilege_escalation, 'false', 'allows privilege escalation (allow_privilege_escalation is not false)');

        const caps = block(sc?.capabilities);
        const drop = strings(caps?.drop);
        const add = strings(caps?.add);
        if (drop.some(isExpression) || add.some(isExpression)) unresolved.push('capabilities hold an expression');
        else {
          if (!drop.includes('ALL')) problems.push(`does not drop all capabilities (capabilities.drop is ${drop.length > 0 ? JSON.stringify(drop) : 'unset'}, expected ["ALL"])`);
          const extra = add.filter((a) => !ADD_OK.includes(a));
          if (extra.length > 0) problems.push(`adds capabilities ${extra.join(', ')}`);
        }

        judge('read_only_root_filesystem', sc?.read_only_root_filesystem, 'true', 'has a writable root filesystem (read_only_root_filesystem is not true)');

        const seccomp = block(sc?.seccomp_profile)?.type ?? block(podSc?.seccomp_profile)?.type;
        if (isExpression(seccomp)) unresolved.push(`seccomp_profile.type is the expression ${String(seccomp)}`);
        else if (seccomp === undefined || !SECCOMP_OK.includes(String(seccomp))) {
          problems.push(`runs without a seccomp profile (seccomp_profile.type is ${seccomp === undefined ? 'unset' : JSON.stringify(seccomp)}, expected RuntimeDefault)`);
        }

        if (problems.length > 0) checks.push(fail(`${what} ${problems.join('; ')}`, location));
        else if (unresolved.length > 0) checks.push(unknown(`${what}: the security context cannot be judged at synth (${unresolved.join('; ')})`, location));
        else checks.push(pass(`${what} runs non-root, without privilege escalation or capabilities, read-only, with seccomp ${String(seccomp)}`, location));
      }
    }
    return checks;
  },
);
