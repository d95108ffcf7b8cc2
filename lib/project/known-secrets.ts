/**
 * Every secret value decrypted in this process, so that whatever the CLI prints or writes (errors,
 * summaries, comments) can be scrubbed of them as a last line of defence.
 */
const values = new Set<string>();

export function rememberSecrets(secrets: Readonly<Record<string, string>>): void {
  for (const v of Object.values(secrets)) if (v.length >= 4) values.add(v);
}

export function knownSecrets(): ReadonlySet<string> {
  return values;
}
