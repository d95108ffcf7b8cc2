import { Container } from '@cdktf/provider-docker/lib/container';
import type { Image } from '@cdktf/provider-docker/lib/image';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { HealthCheck, type ManagedPostgresModel } from '../../model';
import { dockerHealthcheck, dockerHealthTiming, waitTimeoutSeconds } from './health-check';
import { pinnedImage } from './image';
import type { EnvironmentNetwork } from './network';
import { labelBlocks } from './terraform-values';

/**
 * Postgres as a container on the environment network: reachable only there, as `<pg.name>` (e.g.
 * `acme-dev-postgres`), never published on the host. Data lives in a named volume (`<pg.name>-data`), so it
 * survives container replacement (a new image, a new password); with `deletionProtection` the volume has
 * `prevent_destroy`. Extensions are created by an init script (first start of an empty volume only, as the
 * official image runs `/docker-entrypoint-initdb.d`); preload libraries are passed on the server command line.
 * Only for a managed postgres: an external one renders nothing (the stack does not create this construct).
 *
 * Construct IDs (public contract, they make the Terraform addresses):
 * - `Image`: the `docker_image` of `model.image`.
 * - `Data`: the `docker_volume` holding PGDATA.
 * - `Resource`: the `docker_container`.
 */
export interface PostgresDatabaseProps {
  readonly model: ManagedPostgresModel;
  readonly network: EnvironmentNetwork;
  /** The password as a token (`stack.secrets.value(model.password)`), never a value. */
  readonly password: string;
  /** Labels on every resource. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Container memory limit, MiB (no swap). The model sizes Postgres only for AWS (`instanceClass`).
   * @default 1024
   */
  readonly memoryLimitMiB?: number;
  /** /dev/shm size, MiB (docker's 64 MiB default is too small for parallel queries). @default 128 */
  readonly shmSizeMiB?: number;
}

/** The init script the official image runs on an empty data directory. */
export const EXTENSIONS_INIT_FILE = '/docker-entrypoint-initdb.d/10-extensions.sql';

export class PostgresDatabase extends Construct {
  readonly image: Image;
  readonly volume: Volume;
  readonly container: Container;
  /** In-network host name. */
  readonly host: string;
  readonly port: number;
  /** The password token. */
  readonly password: string;
  /** `postgres://user:<urlencoded password>@host:5432/db?sslmode=disable` (TLS is refused on docker by the config). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const pg = props.model;
    const labels = { ...(props.labels ?? {}), 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/component': 'database' };
    this.host = pg.name;
    this.port = pg.port;
    this.password = props.password;
    this.url = `postgres://${pg.username}:${Fn.urlencode(props.password)}@${pg.name}:${pg.port}/${pg.database}?sslmode=disable`;

    this.image = pinnedImage(this, 'Image', pg.image);
    this.volume = new Volume(this, 'Data', {
      name: `${pg.name}-data`,
      labels: labelBlocks(labels),
      ...(pg.deletionProtection ? { lifecycle: { preventDestroy: true } } : {}),
    });

    const checks = { liveness: postgresHealthCheck(pg) };
    const timing = dockerHealthTiming(checks)!;
    const command = postgresCommand(pg);
    const initSql = extensionsInitSql(pg.extensions);
    this.container = new Container(this, 'Resource', {
      name: pg.name,
      image: this.image.imageId,
      ...(command ? { command } : {}),
      env: [`POSTGRES_USER=${pg.username}`, `POSTGRES_DB=${pg.database}`, `POSTGRES_PASSWORD=${props.password}`],
      healthcheck: dockerHealthcheck(checks)!,
      restart: 'unless-stopped',
      mustRun: true,
      wait: true,
      waitTimeout: waitTimeoutSeconds(timing),
      destroyGraceSeconds: 30,
      memory: props.memoryLimitMiB ?? 1024,
      memorySwap: props.memoryLimitMiB ?? 1024,
      shmSize: props.shmSizeMiB ?? 128,
      securityOpts: ['no-new-privileges:true'],
      networksAdvanced: [{ name: props.network.name, aliases: [pg.name] }],
      volumes: [{ volumeName: this.volume.name, containerPath: postgresDataPath(pg.major) }],
      ...(initSql ? { upload: [{ file: EXTENSIONS_INIT_FILE, content: initSql }] } : {}),
      labels: labelBlocks(labels),
    });
  }
}

/**
 * `pg_isready` over TCP (`-h 127.0.0.1`): during first-start initialisation the image runs a temporary
 * server on the unix socket only, which must not count as ready.
 */
export function postgresHealthCheck(pg: Pick<ManagedPostgresModel, 'username' | 'database' | 'port'>): HealthCheck {
  return HealthCheck.command(['pg_isready', '-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.username, '-d', pg.database], {
    intervalSeconds: 5,
    timeoutSeconds: 3,
    retries: 6,
    startPeriodSeconds: 30,
  });
}

/** `CREATE EXTENSION IF NOT EXISTS "<ext>";` per extension, or undefined when there are none. */
export function extensionsInitSql(extensions: readonly string[]): string | undefined {
  if (extensions.length === 0) return undefined;
  return extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}";\n`).join('');
}

/** The server command line when libraries must be preloaded (pg_cron also needs the database it runs in). */
export function postgresCommand(pg: Pick<ManagedPostgresModel, 'preloadLibraries' | 'database'>): string[] | undefined {
  if (pg.preloadLibraries.length === 0) return undefined;
  const command = ['postgres', '-c', `shared_preload_libraries=${pg.preloadLibraries.join(',')}`];
  if (pg.preloadLibraries.includes('pg_cron')) command.push('-c', `cron.database_name=${pg.database}`);
  return command;
}

/** Where the official image keeps its data: PGDATA below /var/lib/postgresql/data up to 17, a versioned directory below /var/lib/postgresql from 18. */
export function postgresDataPath(major: string): string {
  return Number(major) >= 18 ? '/var/lib/postgresql' : '/var/lib/postgresql/data';
}
