import type { EnvironmentConfig } from '../../config';
import type { EnvironmentModel } from '../../model';
import { type CheckResult, failed, ok } from './checks';
import { urlPassword } from './redact';

/**
 * Values that are obviously not a real secret (compared case-insensitively, ignoring `-`, `_`, `.`, spaces).
 * Kept short on purpose: a false alarm blocks a deploy.
 */
const PLACEHOLDERS = new Set([
  'changeme', 'changethis', 'changeit', 'replaceme', 'todo', 'tbd', 'fixme', 'placeholder', 'dummy', 'notset', 'unset',
  'null', 'undefined', 'secret', 'password', 'xxx', 'xxxx', 'xxxxxx', 'xxxxxxxx', 'setme', 'fillme', 'yoursecret',
  'yourpassword', 'redacted',
]);

/**
 * Why `value` looks like a placeholder, or undefined. Also looks at the password of a connection URL
 * (`postgres://app:changeme@db/app`). The reason never quotes the value.
 */
export function placeholderReason(value: string): string | undefined {
  const t = value.trim();
  if (t === '') return 'is empty';
  const words = (s: string) => s.toLowerCase().replace(/[-_.\s]/g, '');
  if (PLACEHOLDERS.has(words(t))) return 'is a placeholder value';
  if (/^<[^<>]*>$/.test(t) || /^\$\{[^}]*\}$/.test(t) || /^\{\{[^}]*\}\}$/.test(t)) return 'is a template placeholder (<...>, ${...} or {{...}})';
  if (/^(todo|tbd|fixme|changeme)\b/i.test(t)) return 'starts with a placeholder word';
  const password = urlPassword(t);
  if (password !== undefined && (PLACEHOLDERS.has(words(password)) || /^<[^<>]*>$/.test(password))) return "is a URL whose password is a placeholder value";
  return undefined;
}

/** Every secret the environment's stack needs (the model's, each service's `secretEnv`) plus `extra`, sorted. */
export function requiredSecretNames(config: EnvironmentConfig, model: EnvironmentModel, extra: readonly (string | undefined)[] = []): string[] {
  const names = [...model.secrets.map((s) => s.name), ...config.services.flatMap((s) => s.secretEnv), ...extra];
  return [...new Set(names.filter((n): n is string => !!n))].sort();
}

/**
 * One check per secret name: present in the file, not empty, not a placeholder. `file` names the
 * environment's file in the reasons; values are never shown.
 */
export function secretChecks(names: readonly string[], secrets: Readonly<Record<string, string>>, file: string): CheckResult[] {
  return [...new Set(names)].sort().map((name) => {
    const label = `secret ${name}`;
    if (!Object.prototype.hasOwnProperty.call(secrets, name)) return failed(label, `missing from ${file}`);
    const reason = placeholderReason(secrets[name]!);
    return reason ? failed(label, `${reason} in ${file} (value not shown)`) : ok(label);
  });
}
