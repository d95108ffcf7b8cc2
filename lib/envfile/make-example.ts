/**
 * Regenerates the example environment files `secrets/{dev,staging,prod}.enc.yaml` (encrypted to the
 * public demo key, fresh random secrets) and `secrets/.sops.yaml`.
 *
 *   npx tsx lib/envfile/make-example.ts [output-dir]
 */
import crypto from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { atomicWriteFile } from '../sops';
import { DEMO_RECIPIENT } from './demo-key';
import { createEnvironmentFile, ENV_FILE_RULE, environmentFilePath } from './envfile';

export const EXAMPLE_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export const EXAMPLE_SECRETS_DIR = path.resolve(__dirname, '..', '..', 'secrets');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random alphanumeric string (rejection sampling, no modulo bias). */
export function randomSecret(length = 32): string {
  let out = '';
  while (out.length < length) {
    for (const b of crypto.randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

/** The `.sops.yaml` that lets the real `sops` create/updatekeys these files with the same rule. */
export function sopsConfig(recipient: string, envs: readonly string[] = EXAMPLE_ENVIRONMENTS): string {
  const rules = envs
    .map(
      (env) =>
        `  - path_regex: (^|/)secrets/${env}\\.enc\\.yaml$\n` +
        `    age: ${recipient}\n` +
        `    unencrypted_regex: ${ENV_FILE_RULE.unencrypted_regex}\n`,
    )
    .join('');
  return (
    '# sops configuration for the pinstack environment files (secrets/<env>.enc.yaml), found from the project root.\n' +
    '# pins and pin_history stay plaintext (readable in PR diffs, still covered by the MAC); everything else is encrypted.\n' +
    `# ${recipient} is the PUBLIC demo key (keys/pinstack-demo.agekey): replace it with your own recipients.\n` +
    'creation_rules:\n' +
    rules
  );
}

export async function makeExampleFiles(dir: string = EXAMPLE_SECRETS_DIR, recipient: string = DEMO_RECIPIENT): Promise<string[]> {
  await fsp.mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const env of EXAMPLE_ENVIRONMENTS) {
    const file = environmentFilePath(dir, env);
    await createEnvironmentFile(
      file,
      {
        pins: { web: 'ghcr.io/acme/web:v42-3f9c2ab', worker: 'ghcr.io/acme/worker:v42-3f9c2ab' },
        history: { web: ['ghcr.io/acme/web:v41-8d2e0f1'], worker: ['ghcr.io/acme/worker:v41-8d2e0f1'] },
        secrets: { SESSION_SECRET: randomSecret(), POSTGRES_PASSWORD: randomSecret(), REDIS_PASSWORD: randomSecret() },
      },
      [recipient],
      { overwrite: true },
    );
    written.push(file);
  }
  // sops looks for .sops.yaml from the working directory upwards: it lives at the project root.
  const cfg = path.join(dir, '..', '.sops.yaml');
  await atomicWriteFile(cfg, sopsConfig(recipient));
  written.push(cfg);
  return written;
}

if (require.main === module) {
  makeExampleFiles(process.argv[2] ? path.resolve(process.argv[2]) : EXAMPLE_SECRETS_DIR).then(
    (files) => {
      for (const f of files) process.stdout.write(`wrote ${path.relative(process.cwd(), f)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`make-example: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
