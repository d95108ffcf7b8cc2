import { z } from 'zod';
import { postgresSchema, redisSchema } from './datastores';
import { environmentSchema } from './environment';
import { dnsLabel } from './names';
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
  services: z.record(dnsLabel, serviceSchema).refine((s) => Object.keys(s).length > 0, { message: 'expected at least one service' }),
  postgres: postgresSchema.optional(),
  redis: redisSchema.optional(),
  environments: z.record(dnsLabel, environmentSchema).refine((e) => Object.keys(e).length > 0, { message: 'expected at least one environment' }),
  /** Terraform Cloud backend; without it (or with PINSTACK_OFFLINE=1) state is local. */
  terraformCloud: terraformCloudSchema.optional(),
});

export type AppSpec = z.output<typeof appSchema>;
/** What an author writes in `app.ts` (defaults optional). */
export type AppInput = z.input<typeof appSchema>;
export type TerraformCloudSpec = z.output<typeof terraformCloudSchema>;
