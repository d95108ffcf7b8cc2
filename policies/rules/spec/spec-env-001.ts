import type { Check } from '../../types';
import { defineRule, fail, pass, sev } from '../helpers';

/** Names that say "this is a secret" (matched anywhere in the name, any case). */
export const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY/i;

/** Well-known credential formats, each with what the message says instead of the value. */
const KNOWN_FORMATS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id (AKIA/ASIA prefix)'],
  [/\bgh[pousr]_[A-Za-z0-9]{16,}/, 'a GitHub token (ghp_/gho_ prefix)'],
  [/\bgithub_pat_[A-Za-z0-9_]{16,}/, 'a GitHub fine-grained token (github_pat_ prefix)'],
  [/\bxox[baprs]-[A-Za-z0-9-]{10,}/, 'a Slack token (xoxb-/xoxp- prefix)'],
  [/\bsk_live_[A-Za-z0-9]{16,}/, 'a Stripe live secret key (sk_live_ prefix)'],
  // A certificate (-----BEGIN CERTIFICATE-----) is public; a private key is not.
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/, 'a PEM private key (-----BEGIN ... PRIVATE KEY)'],
];

/** scheme://[user]:password@ - the password part must not be a reference such as $(PGPASSWORD) or ${PGPASSWORD}. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/gi;
const PLACEHOLDER = /^\$(\([A-Za-z_][A-Za-z0-9_]*\)|\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/** High-entropy heuristic thresholds. */
export const ENTROPY = { minLength: 24, minBitsPerChar: 4.0, minClassChangeRatio: 0.4 } as const;

/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = [...s].length;
  let bits = 0;
  for (const k of counts.values()) {
    const p = k / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const classOf = (c: string): 'lower' | 'upper' | 'digit' => (c >= 'a' && c <= 'z' ? 'lower' : c >= 'A' && c <= 'Z' ? 'upper' : 'digit');

/**
 * Mixed character classes, the way random strings mix them: at least two of lower case, upper case and digits,
 * and the class changes between at least 40% of neighbouring letters/digits (random base64: ~60%). Words in camelCase or
 * dotted names (OpenTelemetryEndpointV2, cdn.Example.com/Assets) change class far less often.
 */
function mixedClasses(token: string): boolean {
  const alnum = token.replace(/[^A-Za-z0-9]/g, '');
  if (alnum.length < 2) return false;
  const classes = new Set([...alnum].map(classOf));
  if (classes.size < 2) return false;
  let changes = 0;
  for (let i = 1; i < alnum.length; i++) if (classOf(alnum[i]!) !== classOf(alnum[i - 1]!)) changes++;
  return changes / (alnum.length - 1) >= ENTROPY.minClassChangeRatio;
}

/** The longest high-entropy token of a value, split on whitespace and the separators of URLs, lists and key=value. */
function highEntropyToken(value: string): { length: number; bits: number } | undefined {
  let found: { length: number; bits: number } | undefined;
  for (const token of value.split(/[\s:;,&?=@"'()<>[\]{}|\\]+/)) {
    if (token.length < ENTROPY.minLength) continue;
    const bits = shannonEntropy(token);
    if (bits >= ENTROPY.minBitsPerChar && mixedClasses(token) && (!found || token.length > found.length)) found = { length: token.length, bits };
  }
  return found;
}

/** Why an environment variable looks like a secret (never quoting its value); empty when it does not. */
export function secretHeuristics(name: string, value: string): string[] {
  const reasons: string[] = [];
  const nameMatch = SECRET_NAME.exec(name);
  if (nameMatch) reasons.push(`its name contains "${nameMatch[0].toUpperCase()}"`);
  for (const [pattern, what] of KNOWN_FORMATS) if (pattern.test(value)) reasons.push(`its value looks like ${what}`);
  for (const m of value.matchAll(URL_CREDENTIALS)) {
    if (!PLACEHOLDER.test(m[1]!)) {
      reasons.push('its value is a URL with a password (user:password@)');
      break;
    }
  }
  const token = highEntropyToken(value);
  if (token) reasons.push(`its value holds a ${token.length}-character random-looking string (${token.bits.toFixed(1)} bits/char)`);
  return reasons;
}

/** SPEC-ENV-001: no secret in plain env, by name or by value. */
export const specEnv001 = defineRule(
  {
    id: 'SPEC-ENV-001',
    title: 'No secret-looking values or names in plain environment variables',
    stage: 'spec',
    category: 'security',
    rationale:
      'Plain env is written into cdk.tf.json, Terraform state, the Kubernetes Deployment, the ECS task definition and `docker inspect`, and lands in version control and in logs; secretEnv keeps the value in the encrypted environment file and passes it as a sensitive variable.',
    remediation:
      'Move the variable to secretEnv and set its value with `pinstack secrets set <env> <NAME> --from-stdin`; rotate the credential if it was ever committed. If it is not a secret, rename it so the name does not read as one.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['AwsSolutions-ECS2', 'AVD-AWS-0036', 'CKV_K8S_35', 'polaris:sensitiveContainerEnvVar', 'kyverno:disallow-secrets-from-env-vars', 'DS-0031'],
  },
  (ctx) => {
    const env = ctx.config.name;
    const checks: Check[] = [];
    for (const s of ctx.config.services) {
      for (const [name, value] of Object.entries(s.env)) {
        const location = { specPath: `services.${s.name}.env.${name}` };
        const reasons = secretHeuristics(name, value);
        checks.push(
          reasons.length === 0
            ? pass(`service ${s.name} in ${env}: plain env ${name} does not look like a secret`, location)
            : fail(`service ${s.name} in ${env} sets ${name} in plain env and it looks like a secret: ${reasons.join('; ')} (value not shown)`, location),
        );
      }
    }
    return checks;
  },
);
