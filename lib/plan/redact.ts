/**
 * Secret-safe plan data. `terraform show -json` prints sensitive values in clear (it only marks them in
 * `before_sensitive` / `after_sensitive`), and input variables with their values: nothing derived from a
 * plan may be written, logged or commented before it went through here.
 */

export const SENSITIVE = '(sensitive)';
export const SENSITIVE_CHANGED = '(sensitive, changed)';
export const REDACTED = '(redacted)';

/** Attribute or variable names whose values are secrets whatever the provider schema says. */
const SECRET_NAME = /(pass(word|wd|phrase)?|secret|token|api_?key|private_?key|credentials?|auth_?token|access_?key|client_?secret|connection_?string|database_?url|redis_?url)$/i;

export function looksSecretName(name: string): boolean {
  return SECRET_NAME.test(name.replace(/[-.]/g, '_'));
}

/**
 * `value` with every path the mirror marks `true` replaced by SENSITIVE (or SENSITIVE_CHANGED on the
 * `after` side when `other` differs there), keeping the structure so attribute diffs still line up.
 */
export function redactMarked(value: unknown, mirror: unknown, other?: unknown, afterSide = false): unknown {
  if (mirror === true) return afterSide && JSON.stringify(value) !== JSON.stringify(other) ? SENSITIVE_CHANGED : SENSITIVE;
  if (mirror === null || typeof mirror !== 'object' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => redactMarked(v, (mirror as unknown[])[i], (other as unknown[] | undefined)?.[i], afterSide));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = redactMarked(v, (mirror as Record<string, unknown>)[k], (other as Record<string, unknown> | undefined)?.[k], afterSide);
  }
  return out;
}

/**
 * Redacts values under secret-looking names (an SNS endpoint or a container env var a provider did not
 * mark), including inside JSON-encoded strings such as ECS `container_definitions`.
 */
export function redactSecretNames(value: unknown): unknown {
  if (typeof value === 'string') return redactEmbeddedJson(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // [{ name: "DB_PASSWORD", value: "..." }] (container env lists) -> redact by the entry's name.
    return value.map((v) => (isNameValue(v) && looksSecretName(v.name) && typeof v.value === 'string' ? { ...v, value: REDACTED } : redactSecretNames(v)));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = looksSecretName(k) && (typeof v === 'string' || typeof v === 'number') && v !== '' ? REDACTED : redactSecretNames(v);
  return out;
}

function redactEmbeddedJson(s: string): string {
  const t = s.trimStart();
  if (!(t.startsWith('[') || t.startsWith('{'))) return s;
  try {
    return JSON.stringify(redactSecretNames(JSON.parse(s)));
  } catch {
    return s;
  }
}

function isNameValue(v: unknown): v is { name: string; value: unknown } {
  return v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string' && 'value' in v;
}

/** Replaces every occurrence of a known secret value (and its URL-encoded form) in a text. */
export function scrubKnownValues(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * A plan JSON safe to write to disk, upload or comment on: only the sections pinstack reads
 * (resource changes, drift, output changes), sensitive paths replaced, secret-looking names redacted,
 * and any known secret value scrubbed. `planned_values`, `prior_state`, `configuration` and `variables`
 * (which holds input variable values in clear) are dropped.
 */
export function redactPlanJson(raw: Readonly<Record<string, unknown>>, knownSecrets: Iterable<string> = []): Record<string, unknown> {
  const changes = (list: unknown) =>
    Array.isArray(list)
      ? list.map((rc: Record<string, unknown>) => {
          const c = (rc.change ?? {}) as Record<string, unknown>;
          const before = redactSecretNames(redactMarked(c.before, c.before_sensitive));
          const after = redactSecretNames(redactMarked(c.after, c.after_sensitive, c.before, true));
          return { ...rc, change: { ...c, before, after } };
        })
      : undefined;
  const outputs = (o: unknown) =>
    o && typeof o === 'object'
      ? Object.fromEntries(
          Object.entries(o as Record<string, Record<string, unknown>>).map(([k, c]) => [
            k,
            { ...c, before: c.before_sensitive === true ? SENSITIVE : c.before, after: c.after_sensitive === true ? SENSITIVE : c.after },
          ]),
        )
      : undefined;
  const safe: Record<string, unknown> = {
    format_version: raw.format_version,
    terraform_version: raw.terraform_version,
    ...(raw.resource_changes !== undefined ? { resource_changes: changes(raw.resource_changes) } : {}),
    ...(raw.resource_drift !== undefined ? { resource_drift: changes(raw.resource_drift) } : {}),
    ...(raw.output_changes !== undefined ? { output_changes: outputs(raw.output_changes) } : {}),
    ...(raw.errored !== undefined ? { errored: raw.errored } : {}),
    ...(raw.timestamp !== undefined ? { timestamp: raw.timestamp } : {}),
  };
  return JSON.parse(scrubKnownValues(JSON.stringify(safe), knownSecrets)) as Record<string, unknown>;
}
