/**
 * A file edited by hand (MAC mismatch) or encrypted to someone else's key: every command refuses it,
 * naming the file (and, for the wrong key, the recipients it is encrypted to), and writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEnvironmentFile, readEnvironmentFile } from '../../lib/envfile';
import { generateAgeKey } from '../../lib/sops';
import { runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';

jest.setTimeout(120_000);

const COMMANDS: Array<[string, (env: string) => string[]]> = [
  ['pins', (env) => ['pins', env]],
  ['pin', (env) => ['pin', env, 'web', 'ghcr.io/acme/web:v99-0000000']],
  ['secrets get', (env) => ['secrets', 'get', env, 'SESSION_SECRET']],
  ['synth', (env) => ['synth', '-e', env]],
];

describe('refused environment files', () => {
  const project = tempProject(exampleSpec());
  const dev = path.join(project.dir, 'secrets', 'dev.enc.yaml');
  const staging = path.join(project.dir, 'secrets', 'staging.enc.yaml');
  let stranger = '';
  let secrets: string[] = [];

  beforeAll(async () => {
    const original = await readEnvironmentFile(staging);
    secrets = [...Object.values(original.secrets), ...Object.values((await readEnvironmentFile(dev)).secrets)];
    // dev: a pin changed by hand in the plaintext part (covered by the MAC).
    fs.writeFileSync(dev, fs.readFileSync(dev, 'utf8').replace('web: ghcr.io/acme/web:v42-3f9c2ab', 'web: ghcr.io/acme/web:v43-evil000'));
    // staging: a valid file encrypted to a key this project does not have.
    stranger = (await generateAgeKey()).recipient;
    await createEnvironmentFile(staging, original, [stranger], { overwrite: true });
  });
  afterAll(() => project.cleanup());

  test.each(COMMANDS)('fails when the file was edited by hand: %s', (_name, args) => {
    const before = fs.readFileSync(dev);
    const r = runCli(args('dev'), { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/secrets\/dev\.enc\.yaml: MAC mismatch: the content was modified outside sops/);
    expect(fs.readFileSync(dev).equals(before)).toBe(true);
    for (const v of secrets) expect(r.stdout + r.stderr).not.toContain(v);
  });

  test.each(COMMANDS)('fails when the file is encrypted to another key: %s', (_name, args) => {
    const before = fs.readFileSync(staging);
    const r = runCli(args('staging'), { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`secrets/staging.enc.yaml: no age identity found (looked in SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, `);
    expect(r.stderr).toContain(`it is encrypted to ${stranger}`);
    expect(fs.readFileSync(staging).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(project.dir, 'cdktf.out', 'stacks', 'staging'))).toBe(false);
  });
});
