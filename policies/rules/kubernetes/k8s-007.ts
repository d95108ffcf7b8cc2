import type { Check, SynthContext } from '../../types';
import { block, blocks, defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containerLabel, locate, who, workloads } from './common';

/**
 * Variable names that say "this holds a secret" (any case): credentials anywhere in the name, KEY/PASS/PWD/
 * AUTH/DSN as the last word (SIGNING_KEY, REDISCLI_AUTH; not KEY_PREFIX), and connection URLs that carry a password.
 */
export const SECRET_ENV_NAME =
  /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|(^|_)(KEYS?|PASS|PWD|AUTH|DSN)$|^(DATABASE|REDIS|POSTGRES|PG|MONGO(DB)?|MYSQL|AMQP|RABBITMQ|BROKER|CACHE)_URL$/i;

/** References to resources whose attributes are secret material. */
const SECRET_RESOURCES = /\b(?:data\.)?(random_password|tls_private_key|kubernetes_secret(?:_v1)?|aws_secretsmanager_secret_version)\.[A-Za-z0-9_-]+/;

/** What in a literal `env.value` expression makes it a secret: a sensitive variable or a secret resource. */
function secretSource(ctx: SynthContext, value: string): string | undefined {
  if (!isExpression(value)) return undefined;
  for (const m of value.matchAll(/\bvar\.([A-Za-z0-9_-]+)/g)) {
    const name = m[1]!;
    if (name.startsWith('secret_') || ctx.stack.variables[name]?.sensitive === true) return `the sensitive variable var.${name}`;
  }
  const resource = SECRET_RESOURCES.exec(value);
  return resource ? `the secret resource ${resource[0]}` : undefined;
}

/** True when every reference of an expression is a non-sensitive variable (nothing left to learn at plan). */
function onlyPlainVariables(ctx: SynthContext, value: string): boolean {
  const inner = [...value.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!);
  return inner.every((expr) => {
    const refs = [...expr.matchAll(/\b([a-z_][a-z0-9_]*)\.([A-Za-z0-9_-]+)/g)];
    return refs.length > 0 && refs.every((r) => r[1] === 'var' && ctx.stack.variables[r[2]!] !== undefined && ctx.stack.variables[r[2]!]!.sensitive !== true);
  });
}

/** K8S-007: secrets reach containers only through secret_key_ref, never as a literal env value. */
export const k8s007 = defineRule(
  {
    id: 'K8S-007',
    title: 'Kubernetes containers get secrets only through value_from.secret_key_ref',
    stage: 'synth',
    targets: ['kubernetes'],
    category: 'security',
    rationale:
      'A literal env.value is stored in the Deployment itself: readable by anyone who may get Deployments, shown by kubectl describe, kept in Terraform state in plain text and in every ReplicaSet revision; a Secret reference keeps the value in a Secret with its own RBAC (and encryption at rest).',
    remediation:
      'Declare the variable in secretEnv (the renderer puts it in the service\'s Secret and references it with value_from.secret_key_ref); remove an addOverride that writes a secret, or a ${var.secret_…} token, into env.value. A variable that is not a secret should not be named like one.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['CKV_K8S_35', 'polaris:sensitiveContainerEnvVar', 'kyverno:disallow-secrets-from-env-vars', 'AVD-AWS-0036'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const w of workloads(ctx)) {
      const location = locate(ctx, w.resource);
      for (const c of w.containers) {
        const what = `${who(ctx, w.resource)} ${containerLabel(c)}`;
        const problems: string[] = [];
        const unresolved: string[] = [];
        let fromSecrets = 0;
        let literals = 0;
        for (const e of blocks(c.values.env)) {
          const name = String(e.name ?? '?');
          const from = block(e.value_from);
          if (from) {
            if (block(from.secret_key_ref)) fromSecrets++;
            else if (SECRET_ENV_NAME.test(name)) {
              const kind = Object.keys(from).find((k) => from[k] !== undefined) ?? 'value_from';
              problems.push(`${name} looks like a secret but comes from ${kind}, not a secret_key_ref`);
            }
            continue;
          }
          if (e.value === undefined || e.value === null) continue;
          literals++;
          const value = String(e.value);
          const source = secretSource(ctx, value);
          if (source) problems.push(`${name} is a literal env.value holding ${source}`);
          else if (SECRET_ENV_NAME.test(name)) problems.push(`${name} looks like a secret but is a literal env.value (value not shown)`);
          else if (isExpression(value) && !onlyPlainVariables(ctx, value)) unresolved.push(`${name} (${value})`);
        }
        if (problems.length > 0) checks.push(fail(`${what}: ${problems.join('; ')}`, location));
        else if (unresolved.length > 0) checks.push(unknown(`${what}: whether the expression env.value of ${unresolved.join(', ')} carries a secret is known only at plan`, location));
        else checks.push(pass(`${what} takes ${fromSecrets} variable${fromSecrets === 1 ? '' : 's'} from Secrets and has ${literals} plain one${literals === 1 ? '' : 's'} that do not look secret`, location));
      }
    }
    return checks;
  },
);
