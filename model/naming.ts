import { createHash } from 'node:crypto';

/**
 * A resource name from parts joined by "-", at most `maxLength` characters: a name that is too long keeps
 * its start and ends in a short hash of the whole, so it stays unique and stable (AWS caps ALB and target
 * group names at 32, Kubernetes labels at 63).
 */
export function resourceName(parts: readonly string[], maxLength = 63): string {
  const full = parts.filter((p) => p !== '').join('-');
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
  return `${full.slice(0, maxLength - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** Terraform variable name of a secret: `secret_session_secret` (set as TF_VAR_secret_session_secret). */
export function secretVariableName(secret: string): string {
  return `secret_${secret.toLowerCase()}`;
}
