/**
 * Deep merge of an environment's overrides onto the base spec: objects merge key by key; arrays and
 * scalars replace. Works on the raw input (before defaults), so defaults still apply after the merge.
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when `path` (or a prefix of it) was set by the override object, so an error there is the override's. */
export function setByOverride(override: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let node: unknown = override;
  for (const segment of path) {
    if (!isPlainObject(node)) return true;
    if (!(String(segment) in node)) return false;
    node = node[String(segment)];
  }
  return node !== undefined;
}
