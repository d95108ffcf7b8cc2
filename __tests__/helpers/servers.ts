/**
 * Real servers for tests: a throw-away PostgreSQL cluster and a throw-away redis-server, each in its own
 * temporary directory on a free loopback port, with passwords, removed by `stop()`; and an HTTP server.
 *
 * PostgreSQL: `initdb` (scram-sha-256 auth, superuser `postgres` with a password), `pg_ctl start` listening on
 * 127.0.0.1:<port> with its unix socket in the temp dir, then a role `app` (LOGIN, password) owning database
 * `app`, where `pg_trgm` is created (`uuid-ossp` stays available but not created). initdb and postgres refuse
 * to run as root: as root they run as the `postgres` system user (`runuser -u postgres --`, Debian's package
 * creates it) or, without it, as `nobody` (`setpriv --reuid=65534 --regid=65534 --clear-groups`), with the temp
 * dir chowned to that user. The binaries are looked up on PATH, then in /usr/lib/postgresql/<version>/bin.
 *
 * Redis: `redis-server <temp>/redis.conf` (port, bind 127.0.0.1, requirepass, `save ""`, no AOF, dir = temp),
 * started as a child of the test process; ready when it logs "Ready to accept connections".
 *
 * HTTP: `startHttpServer(status)`, a node http server in the test process answering each path with a chosen status.
 *
 * Missing binaries make `start*()` throw with how to install them: the tests fail, they are not skipped.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/** A free TCP port on 127.0.0.1 (the OS picks one; it is released before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function onPath(bin: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const d of dirs) {
    const p = path.join(d, bin);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

function run(cmd: string, args: readonly string[], what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, [...args], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${what} failed (${cmd} ${args.join(' ')}): ${err.message}\n${stderr}${stdout}`));
      else resolve(stdout);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export interface PostgresServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The role `app` and its password; database `app`. */
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** Superuser `postgres` password (for test setup only). */
  readonly superuserPassword: string;
  /** `postgres://app:<password>@127.0.0.1:<port>/app?sslmode=disable` (override any part). */
  url(parts?: { user?: string; password?: string; database?: string; port?: number }): string;
  /** Runs SQL as the superuser in `database` (default `app`). */
  sql(text: string, database?: string): Promise<void>;
  /** Stops the server (immediate shutdown) and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/** How to run the PostgreSQL binaries as a non-root user when the tests run as root. */
function postgresRunner(): { wrap: (cmd: string, args: string[]) => [string, string[]]; uid?: number; gid?: number; how: string } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { wrap: (c, a) => [c, a], how: 'as the current user' };
  const pgUser = lookupUser('postgres');
  if (pgUser) {
    const runuser = onPath('runuser', ['/usr/sbin', '/sbin']);
    if (!runuser) throw new Error('running as root: need runuser (util-linux) to start PostgreSQL as the postgres user');
    return { wrap: (c, a) => [runuser, ['-u', 'postgres', '--', c, ...a]], uid: pgUser.uid, gid: pgUser.gid, how: 'as postgres via runuser' };
  }
  const setpriv = onPath('setpriv', ['/usr/bin', '/bin']);
  if (!setpriv) throw new Error('running as root without a postgres user: need setpriv (util-linux) to start PostgreSQL as nobody');
  return { wrap: (c, a) => [setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', '--', c, ...a]], uid: 65534, gid: 65534, how: 'as nobody via setpriv' };
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name) return { uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch {
    // no /etc/passwd
  }
  return undefined;
}

function postgresBinaries(): { initdb: string; pgCtl: string } {
  let versioned: string[] = [];
  try {
    versioned = fs
      .readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    // not Debian-style
  }
  const initdb = onPath('initdb', versioned);
  const pgCtl = onPath('pg_ctl', versioned);
  if (!initdb || !pgCtl) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or in /usr/lib/postgresql/*/bin: ' +
        'install them (Debian/Ubuntu: apt-get install -y postgresql) to run these tests',
    );
  }
  return { initdb, pgCtl };
}

export async function startPostgres(): Promise<PostgresServer> {
  const { initdb, pgCtl } = postgresBinaries();
  const runner = postgresRunner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-pg-'));
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sockets');
  const log = path.join(dir, 'postgres.log');
  const pwfile = path.join(dir, 'superuser-password');
  const superuserPassword = `pg-super-${randomBytes(12).toString('hex')}`;
  const password = `pg-app-${randomBytes(12).toString('hex')}`;
  fs.mkdirSync(sockets);
  fs.writeFileSync(pwfile, `${superuserPassword}\n`, { mode: 0o600 });
  if (runner.uid !== undefined) for (const p of [dir, sockets, pwfile]) fs.chownSync(p, runner.uid, runner.gid!);

  const port = await freePort();
  let started = false;
  const ctl = (args: string[], what: string) => run(...runner.wrap(pgCtl, args), what);
  const stop = async () => {
    if (started) {
      started = false;
      await ctl(['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop').catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(
      ...runner.wrap(initdb, ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-sync']),
      `initdb (${runner.how})`,
    );
    await ctl(['-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'], `pg_ctl start (${runner.how})`).catch(
      (err: Error) => {
        throw new Error(`${err.message}\n${readIfExists(log)}`);
      },
    );
    started = true;
    const sql = async (text: string, database = 'app') => {
      const c = new Client({ host: '127.0.0.1', port, user: 'postgres', password: superuserPassword, database });
      await c.connect();
      try {
        await c.query(text);
      } finally {
        await c.end();
      }
    };
    await sql(`CREATE ROLE app LOGIN PASSWORD '${password}'`, 'postgres');
    await sql('CREATE DATABASE app OWNER app', 'postgres');
    await sql('CREATE EXTENSION pg_trgm');
    return {
      host: '127.0.0.1',
      port,
      user: 'app',
      password,
      database: 'app',
      superuserPassword,
      url: (p = {}) =>
        `postgres://${p.user ?? 'app'}:${encodeURIComponent(p.password ?? password)}@127.0.0.1:${p.port ?? port}/${p.database ?? 'app'}?sslmode=disable`,
      sql,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function readIfExists(p: string): string {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Redis

export interface RedisServer {
  readonly port: number;
  readonly password: string;
  /** `redis://:<password>@127.0.0.1:<port>` (override the password or port). */
  url(parts?: { password?: string; port?: number }): string;
  /** Stops redis-server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const bin = onPath('redis-server', ['/usr/bin', '/usr/local/bin']);
  if (!bin) throw new Error('redis-server not found on PATH: install it (Debian/Ubuntu: apt-get install -y redis-server) to run these tests');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-redis-'));
  const port = await freePort();
  const password = `redis-pw-${randomBytes(12).toString('hex')}`;
  const conf = path.join(dir, 'redis.conf');
  // In a file, not on the command line, so the password is not in `ps`.
  fs.writeFileSync(
    conf,
    [`port ${port}`, 'bind 127.0.0.1', `requirepass ${password}`, 'save ""', 'appendonly no', `dir ${dir}`, 'daemonize no', 'logfile ""', 'protected-mode yes', ''].join('\n'),
    { mode: 0o600 },
  );
  const child = spawn(bin, [conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`redis-server did not become ready within 20 s:\n${output}`)), 20_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (err) => fail(new Error(`cannot start redis-server: ${err.message}`)));
    child.on('exit', (code) => fail(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)));
  });
  // Ready: stop collecting, but keep draining the pipes so a chatty server never blocks on them.
  child.removeAllListeners('exit');
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.removeAllListeners('data');
    stream.resume();
  }
  return {
    port,
    password,
    url: (p = {}) => `redis://:${encodeURIComponent(p.password ?? password)}@127.0.0.1:${p.port ?? port}`,
    stop: () => stopChild(child).then(() => fs.rmSync(dir, { recursive: true, force: true })),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface HttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Requests so far per path (query string included). */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free loopback port in the test process: `status(path, n)` gives the status of the
 * n-th (1-based) request to `path`. Must be used with a child process that does not block the event loop
 * (spawn, not spawnSync).
 */
export function startHttpServer(status: (path: string, n: number) => number): Promise<HttpServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const p = req.url ?? '/';
    const n = (hits.get(p) ?? 0) + 1;
    hits.set(p, n);
    const code = status(p, n);
    res.writeHead(code, { 'content-type': 'text/plain', ...(code >= 300 && code < 400 ? { location: '/elsewhere' } : {}) });
    res.end(`${code}\n`);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        hits,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
