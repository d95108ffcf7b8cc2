/**
 * Checks a SOPS YAML/JSON file with code that shares nothing with lib/sops: values through `sops-age`
 * (which does not check the MAC), and the MAC recomputed here from the format spec
 * (/work/shared/reference/sops-format.md section 5) with the data key unwrapped by the Go `age` binary.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decryptSops } from 'sops-age';
import YAML from 'yaml';

/** Values as `sops-age` decrypts them. */
export async function sopsAgeDecrypt(text: string, identity: string, fileType: 'yaml' | 'json' = 'yaml'): Promise<Record<string, unknown>> {
  return decryptSops(text, { secretKey: identity, fileType });
}

const ENC_RE = /^ENC\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:(\w+)\]$/;

function decryptValue(enc: string, key: Buffer, aad: string): Buffer {
  const m = ENC_RE.exec(enc);
  if (!m) throw new Error(`not an ENC value: ${enc.slice(0, 40)}`);
  const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(m[2]!, 'base64'));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(Buffer.from(m[3]!, 'base64'));
  return Buffer.concat([d.update(Buffer.from(m[1]!, 'base64')), d.final()]);
}

/** The 32-byte data key, unwrapped with Go `age -d` (a missing `age` binary is a failure, not a skip). */
export function dataKeyWithGoAge(recipients: Array<{ enc: string }>, identity: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-goage-'));
  try {
    const keyFile = path.join(dir, 'key.txt');
    fs.writeFileSync(keyFile, `${identity}\n`, { mode: 0o600 });
    for (const [i, r] of recipients.entries()) {
      const blob = path.join(dir, `blob${i}.age`);
      fs.writeFileSync(blob, r.enc);
      try {
        const out = execFileSync('age', ['-d', '-i', keyFile, blob], { stdio: ['ignore', 'pipe', 'pipe'] });
        if (out.length === 32) return out;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('the `age` command (Go age, e.g. `apt-get install -y age`) is required by this test but is not on PATH');
      }
    }
    throw new Error('no age blob of the file opens with this identity');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Recomputes the MAC (SHA-512 over every leaf's plaintext bytes, document order, uppercase hex) and
 * compares it with the stored one (decrypted with AAD = lastmodified). Throws on a mismatch.
 * Handles what pinstack environment files and the tests' documents hold: strings, ints, bools, maps, lists.
 */
export function verifyMacIndependently(text: string, identity: string): void {
  const doc = YAML.parse(text) as Record<string, unknown> & { sops: { age: Array<{ enc: string }>; mac: string; lastmodified: string } };
  const { sops, ...data } = doc;
  const key = dataKeyWithGoAge(sops.age, identity);
  const hash = crypto.createHash('sha512');
  const walk = (v: unknown, keys: string[]): void => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, keys));
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...keys, k]);
      return;
    }
    if (typeof v === 'string' && ENC_RE.test(v)) hash.update(decryptValue(v, key, `${keys.join(':')}:`));
    else if (typeof v === 'boolean') hash.update(v ? 'True' : 'False');
    else hash.update(String(v), 'utf8');
  };
  walk(data, []);
  const computed = hash.digest('hex').toUpperCase();
  const stored = decryptValue(sops.mac, key, sops.lastmodified).toString('utf8');
  if (stored !== computed) throw new Error(`MAC mismatch: stored ${stored.slice(0, 16)}…, computed ${computed.slice(0, 16)}…`);
}

/** Lines only in `after` and lines only in `before` (what a change touched). */
export function diffLines(before: string, after: string): { added: string[]; removed: string[] } {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  return { added: [...b].filter((l) => !a.has(l)), removed: [...a].filter((l) => !b.has(l)) };
}

/** The age identity of the committed demo key. */
export function demoIdentity(repoRoot: string): string {
  const text = fs.readFileSync(path.join(repoRoot, 'keys', 'pinstack-demo.agekey'), 'utf8');
  return text.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'))!.trim();
}
