import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEnvironmentFile, setSecret, updateEnvironmentFile } from '../../lib/envfile';
import { runCli, runCliAsync, tempProject } from '../helpers/cli';
import { EXAMPLE_PINS, exampleSpec } from '../helpers/example';
import { type HttpServer, type PostgresServer, startHttpServer, startPostgres } from '../helpers/servers';

// Each test runs the real CLI (1-5 s per run on a loaded machine); the waits themselves are sub-second.
jest.setTimeout(60_000);

const FAST = ['--interval-seconds', '0.1', '--timeout-seconds', '2'];
const NEW_WEB = 'ghcr.io/acme/web:v43-1a2b3c4';

const servers: HttpServer[] = [];
async function server(status: (path: string, n: number) => number): Promise<HttpServer> {
  const s = await startHttpServer(status);
  servers.push(s);
  return s;
}

/** The example project (demo-key files: dev pins web and worker to v42, history v41). */
let project: { dir: string; cleanup: () => void };
beforeAll(() => {
  project = tempProject(exampleSpec());
});
afterAll(async () => {
  project.cleanup();
  await Promise.all(servers.map((s) => s.close()));
});

function roundLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('round '));
}

describe('pinstack verify', () => {
  test('passes when every path answers 2xx or 3xx for the whole duration', async () => {
    const s = await server((p) => (p === '/ready' ? 302 : 200));
    const r = await runCliAsync(['verify', 'dev', '--url', s.url, ...FAST, '--duration-seconds', '0.5'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const rounds = roundLines(r.stdout);
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    expect(rounds[0]).toMatch(new RegExp(`^round 1 \\+0\\.0s: ok: GET ${s.url}/health: ok \\(HTTP 200, \\d+ ms\\); GET ${s.url}/ready: ok \\(HTTP 302, \\d+ ms\\)$`));
    expect(r.stdout).toContain('postgres: not checked (managed by the stack');
    expect(r.stdout).toMatch(/^healthy: \d+ rounds, 0 failed, never 3 in a row$/m);
    expect(s.hits.get('/health')).toBe(rounds.length);
    expect(s.hits.get('/ready')).toBe(rounds.length);
  });

  test('fails when 3 rounds in a row fail, after exactly 3 rounds', async () => {
    const s = await server(() => 503);
    const r = await runCliAsync(['verify', 'dev', '--url', s.url, '--path', '/health', ...FAST, '--duration-seconds', '30'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(roundLines(r.stdout)).toEqual([
      expect.stringMatching(/^round 1 \+[\d.]+s: FAILED \(1\/3 consecutive\): GET .*\/health: FAILED: HTTP 503 \(expected 2xx or 3xx\)$/),
      expect.stringMatching(/^round 2 .*FAILED \(2\/3 consecutive\)/),
      expect.stringMatching(/^round 3 .*FAILED \(3\/3 consecutive\)/),
    ]);
    expect(s.hits.get('/health')).toBe(3);
    expect(r.stderr).toContain('pinstack: verify dev failed: 3 consecutive failed rounds (round 1 to 3)');
  });

  test('passes when a flapping server (fail, fail, ok, ...) never fails 3 rounds in a row', async () => {
    const s = await server((_p, n) => (n % 3 === 0 ? 200 : 500));
    const r = await runCliAsync(['verify', 'dev', '--url', s.url, '--path', '/health', ...FAST, '--duration-seconds', '1'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const rounds = roundLines(r.stdout);
    expect(rounds.length).toBeGreaterThanOrEqual(6);
    expect(rounds.length % 3).toBe(0); // a streak open at the deadline is followed until it closes
    expect(r.stdout).toContain('FAILED (2/3 consecutive)');
    expect(r.stdout).not.toContain('3/3');
    expect(r.stdout).toMatch(new RegExp(`^healthy: ${rounds.length} rounds, ${(rounds.length / 3) * 2} failed, never 3 in a row$`, 'm'));
  });

  test('fails when --url is not an http(s) URL or --since is given without --rollback (usage, exit 2)', async () => {
    const bad = await runCliAsync(['verify', 'dev', '--url', 'ftp://example.test'], { cwd: project.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--url: expected an http or https URL, got ftp');
    const since = await runCliAsync(['verify', 'dev', '--url', 'http://127.0.0.1:1', '--since', 'HEAD~2'], { cwd: project.dir });
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since only applies with --rollback');
  });
});

describe('pinstack verify with the database', () => {
  let pg: PostgresServer;
  let dbProject: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    dbProject = tempProject(exampleSpec());
    pg = await startPostgres();
    await updateEnvironmentFile(path.join(dbProject.dir, 'secrets', 'dev.enc.yaml'), (c) => {
      setSecret(c, 'CHECK_DATABASE_URL', pg.url());
      setSecret(c, 'DOWN_DATABASE_URL', pg.url({ port: 1 }));
    });
  }, 60_000);
  afterAll(async () => {
    dbProject?.cleanup();
    await pg?.stop();
  });

  test('passes when the paths and SELECT 1 answer, without showing the database password', async () => {
    const s = await server(() => 200);
    const r = await runCliAsync(['verify', 'dev', '--url', s.url, '--path', '/health', '--database-url-secret', 'CHECK_DATABASE_URL', ...FAST, '--duration-seconds', '0.3'], {
      cwd: dbProject.dir,
    });
    expect(r.code).toBe(0);
    expect(roundLines(r.stdout)[0]).toMatch(new RegExp(`; postgres SELECT 1 postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${pg.port}/app\\?sslmode=disable: ok \\(\\d+ ms\\)$`));
    expect(`${r.stdout}${r.stderr}`).not.toContain(pg.password);
  });

  test('fails when the database does not answer although the paths do', async () => {
    const s = await server(() => 200);
    const r = await runCliAsync(['verify', 'dev', '--url', s.url, '--path', '/health', '--database-url-secret', 'DOWN_DATABASE_URL', ...FAST, '--duration-seconds', '5'], {
      cwd: dbProject.dir,
    });
    expect(r.code).toBe(1);
    expect(roundLines(r.stdout)).toHaveLength(3);
    expect(r.stdout).toMatch(/GET .*\/health: ok .*; postgres SELECT 1 postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app\?sslmode=disable: FAILED: connect ECONNREFUSED/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(pg.password);
  });
});

describe('pinstack verify --rollback', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=pinstack test', '-c', 'user.email=test@pinstack.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });

  // One deploy for the three tests (the rollback test, which changes the file, runs last): the example
  // committed, then `pinstack pin dev web NEW_WEB` committed, as the workflow does.
  let p: { dir: string; cleanup: () => void };
  let file: string;
  beforeAll(() => {
    p = tempProject(exampleSpec());
    file = path.join(p.dir, 'secrets', 'dev.enc.yaml');
    git(p.dir, 'init', '-q', '-b', 'main');
    git(p.dir, 'add', '-A');
    git(p.dir, 'commit', '-q', '-m', 'example');
    const pinned = runCli(['pin', 'dev', 'web', NEW_WEB], { cwd: p.dir });
    expect(pinned).toMatchObject({ code: 0 });
    git(p.dir, 'commit', '-q', '-am', 'pin web');
  });
  afterAll(() => p?.cleanup());

  test('leaves the file untouched when the app is healthy', async () => {
    const before = fs.readFileSync(file, 'utf8');
    const s = await server(() => 200);
    const r = await runCliAsync(['verify', 'dev', '--url', s.url, '--path', '/health', ...FAST, '--duration-seconds', '0.3', '--rollback'], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`rollback on failure: web back to ${EXAMPLE_PINS.web}`);
    expect(r.stdout).not.toContain('rolled back');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('fails when --since names a revision that does not exist, before polling (usage, exit 2)', async () => {
    const s = await server(() => 500);
    const r = await runCliAsync(['verify', 'dev', '--url', s.url, ...FAST, '--rollback', '--since', 'no-such-ref'], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rollback: cannot read secrets\/dev\.enc\.yaml at no-such-ref: fatal: /);
    expect(s.hits.size).toBe(0);
  });

  test('rolls back web (changed since HEAD~1) and not worker when the app keeps failing', async () => {
    const s = await server(() => 500);
    const r = await runCliAsync(['verify', 'dev', '--url', s.url, '--path', '/health', ...FAST, '--duration-seconds', '30', '--rollback'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(roundLines(r.stdout)).toHaveLength(3);
    expect(r.stdout).toContain(`rolled back web in dev: ${NEW_WEB} -> ${EXAMPLE_PINS.web} (secrets/dev.enc.yaml)`);
    expect(r.stdout).not.toContain('rolled back worker');
    expect(r.stderr).toContain('rolled back web: commit secrets/dev.enc.yaml and re-deploy');

    // Read back through the MAC-checking reader: web is back (NEW_WEB now first in its history), worker untouched.
    const f = await readEnvironmentFile(file);
    expect(f.pins).toEqual({ web: EXAMPLE_PINS.web, worker: EXAMPLE_PINS.worker });
    expect(f.history.web?.[0]).toBe(NEW_WEB);
    expect(f.history.worker).toEqual(['ghcr.io/acme/worker:v41-8d2e0f1']);
    expect(git(p.dir, 'status', '--porcelain').trim()).toBe('M secrets/dev.enc.yaml');
  });
});
