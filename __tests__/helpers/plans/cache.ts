import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A lock older than this is taken to be left behind by a killed process. */
const STALE_LOCK_MS = 10 * 60_000;
const POLL_MS = 200;

const inProcess = new Map<string, Promise<string>>();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockIsStale(lock: string): boolean {
  try {
    const owner = Number(readFileSync(join(lock, 'owner'), 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) return true;
    return Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch {
    // No owner file yet: only stale when old.
    try {
      return Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS;
    } catch {
      return false;
    }
  }
}

/** Temporary folders of producers of `key` that died before finishing. */
function removeAbandoned(root: string, key: string): void {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(`${key}.tmp-`)) continue;
    const pid = Number(name.slice(key.length + '.tmp-'.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(join(root, name), { recursive: true, force: true });
  }
}

/**
 * `<root>/<key>/`, produced once by `produce` and shared by every process (jest workers, test files).
 * `produce` fills a private temporary folder that is renamed into place when complete, so a reader sees
 * either nothing or the whole result. One producer per key at a time (a lock folder); the others wait.
 */
export function cachedDir(root: string, key: string, produce: (dir: string) => Promise<void>): Promise<string> {
  const final = join(root, key);
  const running = inProcess.get(final);
  if (running) return running;
  const promise = (async () => {
    mkdirSync(root, { recursive: true });
    const lock = `${final}.lock`;
    for (;;) {
      if (existsSync(final)) return final;
      try {
        mkdirSync(lock);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
        else await sleep(POLL_MS);
        continue;
      }
      try {
        writeFileSync(join(lock, 'owner'), String(process.pid));
        if (existsSync(final)) return final;
        removeAbandoned(root, key);
        const tmp = join(root, `${key}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
        mkdirSync(tmp);
        try {
          await produce(tmp);
          renameSync(tmp, final);
        } catch (err) {
          rmSync(tmp, { recursive: true, force: true });
          if (existsSync(final)) return final;
          throw err;
        }
        return final;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
  })();
  inProcess.set(final, promise);
  promise.catch(() => inProcess.delete(final));
  return promise;
}

/** Writes a file atomically (temp file + rename in the same folder). */
export function writeFileAtomic(file: string, data: string): void {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
