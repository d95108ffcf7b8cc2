import { z } from 'zod';
import { postgresSchema, redisSchema } from './datastores';
import { environmentSchema } from './environment';
import { dnsLabel } from './names';
import { policySchema } from './policy';
import { serviceSchema } from './service';

export const terraformCloudSchema = z.strictObject({
  organization: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a Terraform Cloud organization name'),
  /** @default "app.terraform.io" */
  hostname: z.string().regex(/^[a-z0-9.-]+(:[0-9]+)?$/, 'expected a host name').default('app.terraform.io'),
  /** Workspace name = prefix + stack name. @default "<app>-" */
  workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, 'expected letters, digits, - and _').optional(),
});

export const appSchema = z.strictObject({
  /** Prefix of every resource name. */
  name: dnsLabel,
  services: z
    .record(dnsLabel, serviceSchema)
    .refine((s) => Object.keys(s).length > 0, { message: 'expected at least one service' })
    .superRefine((services, ctx) => {
      // Construct ids come from the names with hyphens dropped (`api-2` -> `Api2`): they must stay distinct.
      const seen = new Map<string, string>();
      for (const name of Object.keys(services)) {
        const id = name.replace(/-/g, '');
        const other = seen.get(id);
        if (other) ctx.addIssue({ code: 'custom', path: [name], message: `names the same resources as service "${other}" once hyphens are dropped; rename one` });
        seen.set(id, name);
      }
    }),
  postgres: postgresSchema.optional(),
  redis: redisSchema.optional(),
  environments: z.record(dnsLabel, environmentSchema).refine((e) => Object.keys(e).length > 0, { message: 'expected at least one environment' }),
  /** Terraform Cloud backend; without it (or with PINSTACK_OFFLINE=1) state is local. */
  terraformCloud: terraformCloudSchema.optional(),
  /** Policy settings: immutable tag pattern, allowed registries, severities, suppressions, plan overrides. */
  policy: policySchema.prefault({}),
});

export type AppSpec = z.output<typeof appSchema>;
/** What an author writes in `app.ts` (defaults optional). */
export type AppInput = z.input<typeof appSchema>;
export type TerraformCloudSpec = z.output<typeof terraformCloudSchema>;
