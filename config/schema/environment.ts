import { z } from 'zod';
import { targetSchema } from './target';

const overrideObject = z.record(z.string(), z.unknown());

export const TIERS = ['production', 'staging', 'development'] as const;
export type Tier = (typeof TIERS)[number];

export const environmentSchema = z.strictObject({
  target: targetSchema,
  /** Decides policy severities. @default from the name: prod/production -> production, staging/stage -> staging, else development */
  tier: z.enum(TIERS).optional(),
  /** The encrypted file with this environment's image pins and secrets. @default "secrets/<env>.enc.yaml" */
  secretsFile: z.string().regex(/\.enc\.(yaml|yml|json|tfvars)$/, 'expected a path ending in .enc.yaml (or a legacy .enc.tfvars)').optional(),
  /** Settings that differ in this environment: any service or datastore field. @default {} */
  overrides: z
    .strictObject({
      services: z.record(z.string(), overrideObject).optional(),
      postgres: overrideObject.optional(),
      redis: overrideObject.optional(),
    })
    .default({}),
});

export type EnvironmentSpec = z.output<typeof environmentSchema>;

export function defaultTier(envName: string): Tier {
  if (/^(prod|production|prd)$/.test(envName)) return 'production';
  if (/^(staging|stage|stg|preprod)$/.test(envName)) return 'staging';
  return 'development';
}
