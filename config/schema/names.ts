import { z } from 'zod';

/** A DNS label: used for the app, service and environment names (they end up in resource names and hostnames). */
export const dnsLabel = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'expected a lowercase DNS label (a-z, 0-9, single hyphens between them; starts with a letter)')
  .max(32, 'expected at most 32 characters');

/** An environment variable name as containers and Terraform variables accept it. */
export const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name (A-Z, 0-9, _; not starting with a digit)');

export const portNumber = z.number().int().min(1).max(65535);

/** Names the framework sets itself on services that use a datastore. */
export const RESERVED_ENV = ['DATABASE_URL', 'PGPASSWORD', 'REDIS_URL', 'PORT'] as const;
