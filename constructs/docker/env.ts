import type { EnvVar, SecretRef } from '../../model';
import { literal } from './terraform-values';

/** Where a service's wired variables point on docker: the datastore containers' URLs (token-bearing). */
export interface DatastoreEndpoints {
  readonly postgres?: { readonly url: string; readonly password: string };
  readonly redis?: { readonly url: string };
}

/** Resolves a secret to its `${var.…}` token (the stack's `SecretVariables`). */
export interface SecretTokens {
  value(secret: SecretRef): string;
}

/**
 * A service's `env` list (`NAME=value`): literals escaped for Terraform, secrets as variable tokens,
 * datastore URLs and passwords from the datastore containers. Throws, naming the variable, when a wired
 * datastore is missing (the model and the stack disagree).
 */
export function containerEnv(service: string, env: readonly EnvVar[], secrets: SecretTokens, stores: DatastoreEndpoints): string[] {
  return env.map(({ name, value }) => {
    switch (value.kind) {
      case 'literal':
        return `${name}=${literal(value.value)}`;
      case 'secret':
        return `${name}=${secrets.value(value.secret)}`;
      case 'postgres-url':
        return `${name}=${need(stores.postgres, service, name, 'postgres').url}`;
      case 'postgres-password':
        return `${name}=${need(stores.postgres, service, name, 'postgres').password}`;
      case 'redis-url':
        return `${name}=${need(stores.redis, service, name, 'redis').url}`;
    }
  });
}

function need<T>(store: T | undefined, service: string, name: string, kind: string): T {
  if (store === undefined) {
    throw new Error(`services.${service}.env.${name}: is wired to a managed ${kind}, but the docker stack has no ${kind} container (expected postgres/redis kind "managed" in the model)`);
  }
  return store;
}
