/**
 * SOPS timings on an example environment file (secrets/dev.enc.yaml, demo key):
 * decrypt + MAC verify, and editing one value (decrypt, verify, re-encrypt with the IV stash,
 * atomic write). Runs on a temp copy; the repository file is never modified.
 *
 *   npx tsx bench/sops.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_KEY_PATH, readEnvironmentFile, setSecret, updateEnvironmentFile } from '../lib/envfile';
import { decryptText, parseIdentityFile } from '../lib/sops';

async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(-1 - i); // warm-up (module init, JIT, WebCrypto)
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return (performance.now() - t0) / n;
}

export async function benchSops(): Promise<{ name: string; ms: number }[]> {
  const src = path.resolve(__dirname, '..', 'secrets', 'dev.enc.yaml');
  const identities = parseIdentityFile(fs.readFileSync(DEMO_KEY_PATH, 'utf8'), DEMO_KEY_PATH).identities;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-bench-'));
  const file = path.join(dir, 'dev.enc.yaml');
  fs.copyFileSync(src, file);
  const text = fs.readFileSync(file, 'utf8');
  const opts = { identities, demoKeyFallback: false };
  const N = 30;
  try {
    // untimed warm-up of the whole path (JIT, WebCrypto X25519), so the first row is not penalised
    for (let i = 0; i < 20; i++) await readEnvironmentFile(file, opts);
    return [
      { name: 'sops: decrypt + verify MAC (in memory, env file)', ms: await timeIt(N, () => decryptText(text, { format: 'yaml', identities })) },
      { name: 'sops: readEnvironmentFile (read, unwrap, decrypt, verify)', ms: await timeIt(N, () => readEnvironmentFile(file, opts)) },
      {
        name: 'sops: edit one secret (decrypt, verify, re-encrypt, atomic write)',
        ms: await timeIt(N, (i) => updateEnvironmentFile(file, (c) => setSecret(c, 'SESSION_SECRET', `bench-${i}`), opts)),
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchSops().then((rows) => {
    for (const r of rows) process.stdout.write(`${r.ms.toFixed(2).padStart(8)} ms  ${r.name}\n`);
  });
}
