import { z } from 'zod';
import { describePinProblem, parseImageRef, pinProblem } from '../../lib/oci/image-ref';
import { healthChecksSchema } from './health-check';
import { envVarName, portNumber, RESERVED_ENV } from './names';

/** The image repository of a service. The tag or digest is each environment's pin, in its encrypted file. */
export const imageRepository = z.string().superRefine((value, ctx) => {
  try {
    const ref = parseImageRef(value);
    if (ref.tag !== undefined || ref.digest !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a repository without tag or digest (the pin lives in each environment's file), got "${value}"`,
      });
    }
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message}, got "${value}"` });
  }
});

/** A pinned image reference: parsed with the OCI grammar; `:latest` (any case) and untagged are refused. */
export const pinnedImage = z.string().superRefine((value, ctx) => {
  try {
    const problem = pinProblem(parseImageRef(value));
    if (problem) ctx.addIssue({ code: 'custom', message: `${describePinProblem(problem)}, got "${value}"` });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message}, got "${value}"` });
  }
});

const replicasSchema = z.union([
  z.number().int().min(1).max(100),
  z
    .strictObject({
      min: z.number().int().min(1).max(100),
      max: z.number().int().min(1).max(100),
      /** Average CPU utilisation the autoscaler aims at. @default 70 */
      targetCpuPercent: z.number().int().min(10).max(100).default(70),
    })
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['min'] }),
]);

export const serviceSchema = z
  .strictObject({
    /** Repository, e.g. `ghcr.io/acme/web`; each environment pins a tag or digest of it. */
    image: imageRepository,
    /** The port the service listens on. Workers have none. */
    port: portNumber.optional(),
    /** Replaces the image's entrypoint. */
    command: z.array(z.string()).optional(),
    /** Replaces the image's default arguments (CMD). */
    args: z.array(z.string()).optional(),
    /** Plain environment. Never put secrets here: use `secretEnv`. @default {} */
    env: z.record(envVarName, z.string()).default({}),
    /** Names of secret environment variables; values come from the environment's encrypted file. @default [] */
    secretEnv: z.array(envVarName).default([]),
    /** Datastores the service connects to: it gets DATABASE_URL (+ PGPASSWORD) and/or REDIS_URL. @default [] */
    uses: z.array(z.enum(['postgres', 'redis'])).default([]),
    healthChecks: healthChecksSchema.default({}),
    resources: z
      .strictObject({
        /** vCPUs requested, e.g. 0.25. */
        cpu: z.number().min(0.05).max(16),
        /** Memory requested, in MiB. */
        memoryMiB: z.number().int().min(32).max(122880),
        /** Hard memory limit, in MiB. @default memoryMiB */
        memoryLimitMiB: z.number().int().min(32).max(122880).optional(),
      })
      .refine((r) => r.memoryLimitMiB === undefined || r.memoryLimitMiB >= r.memoryMiB, {
        message: 'memoryLimitMiB must be at least memoryMiB',
        path: ['memoryLimitMiB'],
      })
      .optional(),
    /** A fixed count, or `{ min, max }` for autoscaling on CPU. @default 1 */
    replicas: replicasSchema.default(1),
    /** Public ingress (host and path). Without it the service is internal only. */
    ingress: z
      .strictObject({
        host: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'expected a DNS host name such as app.example.com'),
        /** @default "/" */
        path: z.string().regex(/^\/[^\s*]*$/, 'expected an absolute path prefix such as / or /api').default('/'),
      })
      .optional(),
    rollout: z
      .strictObject({
        /** Extra replicas allowed during a rollout, percent of replicas. @default 25 */
        maxSurgePercent: z.number().int().min(0).max(200).default(25),
        /** Replicas allowed to be unavailable during a rollout, percent. @default 0 */
        maxUnavailablePercent: z.number().int().min(0).max(100).default(0),
        /** Roll back automatically when the new version fails its health checks (where the target can). @default true */
        autoRollback: z.boolean().default(true),
      })
      .refine((r) => r.maxSurgePercent > 0 || r.maxUnavailablePercent > 0, {
        message: 'maxSurgePercent and maxUnavailablePercent cannot both be 0 (the rollout could never progress)',
        path: ['maxSurgePercent'],
      })
      .default({ maxSurgePercent: 25, maxUnavailablePercent: 0, autoRollback: true }),
    /** User id the container runs as (non-root). @default 10001 */
    runAsUser: z.number().int().min(1).max(2147483647).default(10001),
  })
  .superRefine((s, ctx) => {
    for (const name of s.secretEnv) {
      if (name in s.env) ctx.addIssue({ code: 'custom', path: ['secretEnv'], message: `${name} is also set in env; keep it in one place` });
    }
    const reserved = new Set<string>(RESERVED_ENV);
    for (const name of [...Object.keys(s.env), ...s.secretEnv]) {
      if (reserved.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name in s.env ? 'env' : 'secretEnv', name],
          message: `${name} is set by pinstack (from the port and \`uses\`); remove it`,
        });
      }
    }
    if (s.ingress && s.port === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ingress'], message: 'a public service needs a port' });
    }
    for (const kind of ['liveness', 'readiness', 'startup'] as const) {
      const probe = s.healthChecks[kind];
      if (probe && probe.type !== 'command' && probe.port === undefined && s.port === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['healthChecks', kind, 'port'],
          message: `a ${probe.type} check needs a port and the service has none (use type: "command" for workers)`,
        });
      }
    }
  });

export type ServiceSpec = z.output<typeof serviceSchema>;
export type ServiceInput = z.input<typeof serviceSchema>;
