import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goFormatFloat, isComment, parseIdentityFile, type MapNode, type Node } from '../../../lib/sops';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The real-sops fixtures live beside the checkout (`../shared/fixtures/sops`), never in the repo.
 * Override with PINSTACK_SOPS_FIXTURES. A missing folder is a failure, not a skip.
 */
export function fixturesDir(): string {
  const dir = process.env.PINSTACK_SOPS_FIXTURES ?? path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'sops');
  if (!fs.existsSync(path.join(dir, 'expected', 'summary.json'))) {
    throw new Error(
      `SOPS compatibility fixtures not found at ${dir} (expected ${path.join('expected', 'summary.json')}). ` +
        'They are the oracle written by the real sops: check out ../shared next to the repo or set PINSTACK_SOPS_FIXTURES.',
    );
  }
  return dir;
}

export function fixture(rel: string): string {
  return path.join(fixturesDir(), rel);
}

export function fixtureIdentities(keyfile: string): string[] {
  const p = fixture(path.join('keys', keyfile));
  return parseIdentityFile(fs.readFileSync(p, 'utf8'), p).identities;
}

/** Canonical text of a tree for comparisons: key order kept, numbers compared by value. */
export function canon(n: Node): string {
  switch (n.t) {
    case 'map':
      return `{${n.items
        .filter((x) => !isComment(x))
        .map((e) => {
          const x = e as { key: string; value: Node };
          return `${JSON.stringify(x.key)}:${canon(x.value)}`;
        })
        .join(',')}}`;
    case 'seq':
      return `[${n.items.filter((x): x is Node => !isComment(x)).map(canon).join(',')}]`;
    case 'int':
      return `n:${goFormatFloat(Number(n.v))}`;
    case 'float':
      return `n:${goFormatFloat(n.v)}`;
    case 'null':
      return 'null';
    case 'bytes':
      return `b:${Buffer.from(n.v).toString('base64')}`;
    default:
      return `${n.t === 'time' ? 'str' : n.t}:${JSON.stringify(n.v)}`;
  }
}

/** INI keeps top-level keys in a DEFAULT section; the expected plaintext has them at the top. */
export function hoistIniDefault(m: MapNode): MapNode {
  const items: MapNode['items'] = [];
  for (const it of m.items) {
    if (!isComment(it) && it.key === 'DEFAULT' && it.value.t === 'map') items.push(...it.value.items);
    else items.push(it);
  }
  return { t: 'map', items };
}

/** The Debian/Go `age` binary (the CI installs it); a missing binary is a failure, not a skip. */
export function ageBinary(): string {
  try {
    execFileSync('age', ['--version'], { stdio: 'pipe' });
    return 'age';
  } catch {
    throw new Error('the `age` command (Go age, e.g. Debian `apt-get install -y age`) is required by this test but is not on PATH');
  }
}

export function tmpDir(prefix = 'pinstack-sops-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
