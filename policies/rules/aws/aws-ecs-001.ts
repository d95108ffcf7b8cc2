import type { SynthContext } from '../../types';
import { defineRule, fail, pass, sev, unknown } from '../helpers';
import { hasInterpolation, locate, taskContainers, unparsedCheck, who } from './common';

/** Names that say "this is a secret" (anywhere in the name, any case), as SPEC-ENV-001 reads them. */
export const ECS_SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY/i;

/** scheme://[user]:password@ */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/gi;
/** A password part that is a placeholder the app expands ($(PGPASSWORD), the escaped literal $${PGPASSWORD}, $PGPASSWORD). */
const PLACEHOLDER = /^\$(\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/** Resources whose attributes are secret material. */
const SECRET_TYPES = new Set(['random_password', 'tls_private_key']);
/** Attributes that are identifiers or addresses, never secrets. */
const SAFE_ATTRIBUTE = /^(arn|id|name|address|endpoint|dns_name|port|hostname|url|repository_url|zone_id|region|.+_(arn|id|name|address|endpoint|url))$/;
const SECRET_ATTRIBUTE = /password|secret|token|private_key|credential|^result$/i;
const RESOURCE_REF = /\b((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+|\[[^\]]*\])*)/g;

type ValueVerdict = { secret: string } | { unresolved: true } | undefined;

/** What a Terraform expression inside an environment value draws from: a secret, something unknown, or nothing secret. */
function judgeExpression(ctx: SynthContext, value: string): ValueVerdict {
  let unresolved = false;
  for (const m of value.matchAll(/(^|[^$])\$\{([^}]*)\}/g)) {
    const inner = m[2]!;
    let refs = 0;
    for (const v of inner.matchAll(/\bvar\.([A-Za-z0-9_-]+)/g)) {
      refs++;
      const name = v[1]!;
      if (name.startsWith('secret_') || ctx.stack.variables[name]?.sensitive === true) return { secret: `the sensitive variable var.${name}` };
    }
    for (const r of inner.matchAll(RESOURCE_REF)) {
      const type = r[1]!;
      if (type === 'var' || type === 'local' || type === 'each' || type === 'count' || type === 'path') continue;
      refs++;
      const attributes = (r[3] ?? '').split(/[.[\]]/).filter((a) => a !== '' && !/^\d+$/.test(a));
      const last = attributes[attributes.length - 1] ?? '';
      const address = `${type}.${r[2]!}`;
      if (SECRET_TYPES.has(type.replace(/^data\./, '')) && last !== 'id') return { secret: `the secret resource ${address}` };
      if (SAFE_ATTRIBUTE.test(last)) continue;
      if (SECRET_ATTRIBUTE.test(attributes.join('.'))) return { secret: `the secret attribute ${address}.${attributes.join('.')}` };
      unresolved = true;
    }
    if (refs === 0) unresolved = true;
  }
  return unresolved ? { unresolved: true } : undefined;
}

/** AWS-ECS-001: no secret in a container's plain `environment`; secrets come through `secrets[].valueFrom`. */
export const awsEcs001 = defineRule(
  {
    id: 'AWS-ECS-001',
    title: 'ECS containers get secrets only through secrets[].valueFrom, never plain environment',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'A plain `environment` entry is stored in the task definition: readable by anyone with ecs:DescribeTaskDefinition, kept in every revision (which cannot be deleted, only deregistered), in Terraform state and in cdk.tf.json. `secrets[].valueFrom` keeps only an ARN there and the ECS agent fetches the value from Secrets Manager or SSM at start, under the execution role.',
    remediation:
      'Declare the variable in secretEnv (the renderer stores it in Secrets Manager and wires it through secrets[].valueFrom); remove any addOverride of container_definitions that puts a password, a ${var.secret_…} token or a URL with user:password@ into environment. Rotate a credential that reached a task definition.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['AwsSolutions-ECS2', 'AVD-AWS-0036'],
  },
  (ctx) => {
    const { checks, tasks } = taskContainers(ctx, (td, defs) => unparsedCheck(ctx, td, defs));
    for (const { taskDefinition, containers } of tasks) {
      const location = locate(ctx, taskDefinition);
      for (const c of containers) {
        const what = `${who(ctx, taskDefinition)} container ${c.name}`;
        const problems: string[] = [];
        const unresolved: string[] = [];
        const environment = Array.isArray(c.values.environment) ? c.values.environment : [];
        for (const entry of environment) {
          const e = (entry ?? {}) as Record<string, unknown>;
          const name = typeof e.name === 'string' ? e.name : '?';
          const value = typeof e.value === 'string' ? e.value : e.value === undefined || e.value === null ? '' : JSON.stringify(e.value);
          const nameMatch = ECS_SECRET_NAME.exec(name);
          if (nameMatch) {
            problems.push(`environment ${name} looks like a secret (its name contains "${nameMatch[0].toUpperCase()}") but is a plain value (not shown)`);
            continue;
          }
          let urlPassword = false;
          for (const m of value.matchAll(URL_CREDENTIALS)) if (!PLACEHOLDER.test(m[1]!)) urlPassword = true;
          if (urlPassword) {
            problems.push(`environment ${name} is a URL with a password (user:password@) in plain text (value not shown)`);
            continue;
          }
          if (!hasInterpolation(value)) continue;
          const verdict = judgeExpression(ctx, value);
          if (verdict && 'secret' in verdict) problems.push(`environment ${name} holds ${verdict.secret}, which the task definition would store in plain text`);
          else if (verdict) unresolved.push(`whether environment ${name} (${value}) carries a secret`);
        }
        const secrets = Array.isArray(c.values.secrets) ? c.values.secrets : [];
        for (const entry of secrets) {
          const s = (entry ?? {}) as Record<string, unknown>;
          if (typeof s.valueFrom !== 'string' || s.valueFrom.trim() === '') problems.push(`secrets entry ${String(s.name ?? '?')} has no valueFrom (a Secrets Manager or SSM ARN)`);
        }
        if (problems.length > 0) checks.push(fail(`${what}: ${problems.join('; ')}`, location));
        else if (unresolved.length > 0) checks.push(unknown(`${what}: ${unresolved.join('; ')} is known only at plan`, location));
        else {
          checks.push(
            pass(
              `${what} takes ${secrets.length} secret${secrets.length === 1 ? '' : 's'} from secrets[].valueFrom and has ${environment.length} plain environment variable${environment.length === 1 ? '' : 's'} that do not look secret`,
              location,
            ),
          );
        }
      }
    }
    return checks;
  },
);
