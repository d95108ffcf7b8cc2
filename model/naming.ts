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

/**
 * The construct id part of a name: `api-gateway` -> `ApiGateway`, `SESSION_SECRET` -> `SessionSecret`,
 * `eu-west-1a` -> `EuWest1A`. Construct ids are a public contract (Terraform addresses derive from them),
 * so every target uses this one function.
 */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+|(?<=[0-9])(?=[A-Za-z])/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}

/** The construct id of a service's construct in every stack: `ServiceWeb`. */
export function serviceConstructId(service: string): string {
  return `Service${pascalCase(service)}`;
}
