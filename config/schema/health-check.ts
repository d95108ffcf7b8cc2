import { z } from 'zod';
import { portNumber } from './names';

const timing = {
  /** Seconds between two checks. @default 10 */
  intervalSeconds: z.number().int().min(1).max(300).default(10),
  /** Seconds before one check counts as failed. Must be below the interval. @default 5 */
  timeoutSeconds: z.number().int().min(1).max(120).default(5),
  /** Consecutive failures before the container is unhealthy. @default 3 */
  retries: z.number().int().min(1).max(60).default(3),
  /** Grace period after start during which failures do not count. @default 0 */
  startPeriodSeconds: z.number().int().min(0).max(300).default(0),
};

const httpProbe = z.strictObject({
  type: z.literal('http'),
  /** Request path, e.g. `/health`. */
  path: z.string().regex(/^\/[^\s]*$/, 'expected an absolute URL path such as /health'),
  /** @default the service port */
  port: portNumber.optional(),
  ...timing,
});

const tcpProbe = z.strictObject({
  type: z.literal('tcp'),
  /** @default the service port */
  port: portNumber.optional(),
  ...timing,
});

const commandProbe = z.strictObject({
  type: z.literal('command'),
  /** Run in the container; exit 0 means healthy. */
  command: z.array(z.string().min(1)).min(1),
  ...timing,
});

export const probeSchema = z
  .discriminatedUnion('type', [httpProbe, tcpProbe, commandProbe])
  .superRefine((p, ctx) => {
    if (p.timeoutSeconds >= p.intervalSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['timeoutSeconds'],
        message: `must be below intervalSeconds (${p.intervalSeconds}), got ${p.timeoutSeconds}`,
      });
    }
  });

/** Liveness restarts the container; readiness gates traffic; startup holds the other two until the app booted. */
export const healthChecksSchema = z.strictObject({
  liveness: probeSchema.optional(),
  readiness: probeSchema.optional(),
  startup: probeSchema.optional(),
});

export type ProbeSpec = z.output<typeof probeSchema>;
export type HealthChecksSpec = z.output<typeof healthChecksSchema>;
