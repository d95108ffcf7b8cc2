import { Container } from '@cdktf/provider-docker/lib/container';
import type { Image } from '@cdktf/provider-docker/lib/image';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { ManagedRedisModel } from '../../model';
import { shellHealthcheck, waitTimeoutSeconds } from './health-check';
import { pinnedImage } from './image';
import type { EnvironmentNetwork } from './network';
import { labelBlocks } from './terraform-values';

/**
 * Redis as a container on the environment network, reachable only there as `<redis.name>`, never published.
 * The password reaches `redis-server` through the `REDIS_PASSWORD` environment variable, expanded by
 * `sh -c`, so it is never on the configured command line. `redis-server` is started through the official
 * image's `docker-entrypoint.sh`, which drops root for the `redis` user. With `persistence`, AOF on a named
 * volume (`<redis.name>-data`); without, RDB snapshots are off too.
 * Only for a managed redis: an external one renders nothing (the stack does not create this construct).
 *
 * Construct IDs (public contract, they make the Terraform addresses):
 * - `Image`: the `docker_image` of `model.image`.
 * - `Data`: the `docker_volume` for /data (only with `persistence`).
 * - `Resource`: the `docker_container`.
 */
export interface RedisCacheProps {
  readonly model: ManagedRedisModel;
  readonly network: EnvironmentNetwork;
  /** The password as a token (`stack.secrets.value(model.password)`), never a value. */
  readonly password: string;
  /** Labels on every resource. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Container memory limit, MiB (no swap). `maxmemory` excludes buffers and, with persistence, the AOF
   * rewrite's copy-on-write. @default max(memoryMiB + 64, memoryMiB * (persistence ? 2 : 1.5))
   */
  readonly memoryLimitMiB?: number;
}

export const REDIS_HEALTH_COMMAND = 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep PONG';
export const REDIS_HEALTH_TIMING = { intervalSeconds: 5, timeoutSeconds: 3, retries: 5, startPeriodSeconds: 10 } as const;

export class RedisCache extends Construct {
  readonly image: Image;
  readonly volume?: Volume;
  readonly container: Container;
  readonly host: string;
  readonly port: number;
  /** `redis://:<urlencoded password>@host:6379` (TLS is refused on docker by the config). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const r = props.model;
    const labels = { ...(props.labels ?? {}), 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/component': 'cache' };
    this.host = r.name;
    this.port = r.port;
    this.url = `redis://:${Fn.urlencode(props.password)}@${r.name}:${r.port}`;

    this.image = pinnedImage(this, 'Image', r.image);
    if (r.persistence) this.volume = new Volume(this, 'Data', { name: `${r.name}-data`, labels: labelBlocks(labels) });

    const memory = props.memoryLimitMiB ?? redisMemoryLimitMiB(r);
    this.container = new Container(this, 'Resource', {
      name: r.name,
      image: this.image.imageId,
      entrypoint: ['sh', '-c'],
      command: [redisServerScript(r)],
      env: [`REDIS_PASSWORD=${props.password}`],
      healthcheck: shellHealthcheck(REDIS_HEALTH_COMMAND, REDIS_HEALTH_TIMING),
      restart: 'unless-stopped',
      mustRun: true,
      wait: true,
      waitTimeout: waitTimeoutSeconds(REDIS_HEALTH_TIMING),
      destroyGraceSeconds: 30,
      memory,
      memorySwap: memory,
      securityOpts: ['no-new-privileges:true'],
      networksAdvanced: [{ name: props.network.name, aliases: [r.name] }],
      ...(this.volume ? { volumes: [{ volumeName: this.volume.name, containerPath: '/data' }] } : {}),
      labels: labelBlocks(labels),
    });
  }
}

/** The `sh -c` script: the password stays a shell variable reference. */
export function redisServerScript(r: Pick<ManagedRedisModel, 'memoryMiB' | 'persistence'>): string {
  const persistence = r.persistence ? '--appendonly yes' : `--appendonly no --save ''`;
  return `exec docker-entrypoint.sh redis-server --requirepass "$REDIS_PASSWORD" --maxmemory ${r.memoryMiB}mb ${persistence}`;
}

export function redisMemoryLimitMiB(r: Pick<ManagedRedisModel, 'memoryMiB' | 'persistence'>): number {
  return Math.max(r.memoryMiB + 64, Math.ceil(r.memoryMiB * (r.persistence ? 2 : 1.5)));
}
