import { z } from 'zod';
import { TIERS } from './environment';
import { dnsLabel } from './names';

const ruleId = z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)+$/, 'expected a rule id such as AWS-RDS-004');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/, 'expected an ISO date such as 2026-12-31');

const waiver = {
  rule: ruleId,
  /** Why this is acceptable; reviewers read it. */
  reason: z.string().trim().min(10, 'expected a reason of at least 10 characters'),
  /** Who answers for it (a person or a team). */
  owner: z.string().trim().min(2, 'expected an owner'),
  /** After this date the finding is active again. */
  expires: date,
};

/** A reviewed exception to a soft rule for one construct path, address or spec path (a trailing * matches a prefix). */
const suppressionSchema = z.strictObject({
  ...waiver,
  target: z.string().min(1),
  /** @default every environment */
  environments: z.array(dnsLabel).optional(),
});

/**
 * A reviewed permission for a hard plan rule that allows it (PLAN-001: delete/replace of stateful data) to let
 * ONE address through in ONE environment, until it expires (at most 14 days after it is evaluated).
 */
const overrideSchema = z.strictObject({
  ...waiver,
  environment: dnsLabel,
  /** The exact Terraform address, e.g. aws_db_instance.Postgres_Resource_1A2B3C4D. */
  address: z.string().min(3),
});

const severity = z.enum(['error', 'warning', 'info', 'off']);

/** The default immutable tag pattern: v<run>-<git sha> or a full semver. */
export const DEFAULT_IMMUTABLE_TAG_PATTERN = '^(v[0-9]+-[0-9a-f]{7,40}|v?[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.]+)?)$';

export const policySchema = z.strictObject({
  /** Tags accepted as immutable in production (a digest is always accepted). */
  immutableTagPattern: z
    .string()
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, 'expected a valid regular expression')
    .default(DEFAULT_IMMUTABLE_TAG_PATTERN),
  /** Registries images may come from (e.g. ghcr.io/acme); any when empty. @default [] */
  allowedRegistries: z.array(z.string().min(1)).default([]),
  /** Per-rule severity per tier, e.g. { "AWS-RDS-004": { staging: "off" } }. Hard rules cannot be lowered. */
  severities: z.record(ruleId, z.partialRecord(z.enum(TIERS), severity)).default({}),
  suppressions: z.array(suppressionSchema).default([]),
  overrides: z.array(overrideSchema).default([]),
});

export type PolicySpec = z.output<typeof policySchema>;
export type SuppressionSpec = z.output<typeof suppressionSchema>;
export type PlanOverrideSpec = z.output<typeof overrideSchema>;
