import fs from 'node:fs';
import path from 'node:path';
import { decryptSops } from 'sops-age';
import {
  convertTfvarsToYaml,
  createEnvironmentFile,
  DEMO_KEY_PATH,
  DEMO_RECIPIENT,
  EnvironmentFileError,
  pin,
  readEnvironmentFile,
  rollback,
  setSecret,
  unsetSecret,
  updateEnvironmentFile,
  type EnvironmentContents,
} from '../../../lib/envfile';
import { makeExampleFiles, sopsConfig } from '../../../lib/envfile/make-example';
import {
  editSopsFile,
  encryptText,
  generateAgeKey,
  get,
  openSopsFile,
  parseIdentityFile,
  parsePlain,
  recipientOf,
  set,
  SopsIdentityError,
  SopsMacMismatchError,
  str,
  toPlain,
} from '../../../lib/sops';
import { parseYaml } from '../../../lib/sops/stores/yaml';
import { tmpDir } from '../sops/helpers';

const REPO = path.resolve(__dirname, '..', '..', '..');
let me: { identity: string; recipient: string };
let other: { identity: string; recipient: string };
let dir: string;
const NOBODY = { env: {}, home: '/nonexistent-home-for-tests' };

const contents = (): EnvironmentContents => ({
  pins: { web: 'ghcr.io/acme/web:v42-3f9c2ab', worker: 'ghcr.io/acme/worker:v42-3f9c2ab' },
  history: { web: ['ghcr.io/acme/web:v41-0a1b2c3'] },
  secrets: { SESSION_SECRET: 'session', POSTGRES_PASSWORD: 'pg' },
});

beforeAll(async () => {
  [me, other] = await Promise.all([generateAgeKey(), generateAgeKey()]);
  dir = tmpDir('pinstack-env-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function fresh(c: EnvironmentContents = contents()): Promise<string> {
  const p = path.join(dir, `env${n++}.enc.yaml`);
  await createEnvironmentFile(p, c, [me.recipient]);
  return p;
}
const opts = () => ({ identities: [me.identity], demoKeyFallback: false });
const lines = (p: string): string[] => fs.readFileSync(p, 'utf8').split('\n');
function changed(before: string[], after: string[]): string[] {
  return after.filter((l) => !before.includes(l));
}

test('create + read round trip, in the decided layout', async () => {
  const p = await fresh();
  const f = await readEnvironmentFile(p, opts());
  expect(f).toMatchObject({ ...contents(), path: p, recipients: [me.recipient], format: 'yaml', warnings: [] });
  const text = fs.readFileSync(p, 'utf8');
  expect(text).toMatch(/^pins:\n {4}web: ghcr\.io\/acme\/web:v42-3f9c2ab\n {4}worker: ghcr\.io\/acme\/worker:v42-3f9c2ab\npin_history:\n {4}web:\n {8}- ghcr\.io\/acme\/web:v41-0a1b2c3\nsecrets:\n {4}SESSION_SECRET: ENC\[AES256_GCM,.*type:str\]\n {4}POSTGRES_PASSWORD: ENC\[/);
  expect(text).toMatch(/\n {4}unencrypted_regex: \^\(pins\|pin_history\)\$\n {4}version: 3\.10\.2\n$/);
  // unencrypted values re-read (yaml.v3 rules) as strings
  const root = parseYaml(text)[0]!;
  expect((get(get(root, 'pins') as never, 'web') as { t: string }).t).toBe('str');
});

test('pin changes only the pin lines, history lines, mac and lastmodified; secret ciphertexts stay', async () => {
  const p = await fresh();
  const before = lines(p);
  const f = await updateEnvironmentFile(p, (c) => pin(c, 'web', 'ghcr.io/acme/web:v43-1111111'), opts());
  expect(f.pins.web).toBe('ghcr.io/acme/web:v43-1111111');
  expect(f.history.web).toEqual(['ghcr.io/acme/web:v42-3f9c2ab', 'ghcr.io/acme/web:v41-0a1b2c3']);
  const after = lines(p);
  for (const l of before.filter((x) => x.includes('SESSION_SECRET') || x.includes('POSTGRES_PASSWORD') || x.includes('worker'))) {
    expect(after).toContain(l);
  }
  const diff = changed(before, after);
  expect(diff.filter((l) => !/lastmodified|mac:/.test(l))).toEqual([
    '    web: ghcr.io/acme/web:v43-1111111',
    '        - ghcr.io/acme/web:v42-3f9c2ab',
  ]);
});

test('setting one secret changes only that ciphertext, mac and lastmodified', async () => {
  const p = await fresh();
  const before = lines(p);
  await updateEnvironmentFile(p, (c) => setSecret(c, 'POSTGRES_PASSWORD', 'new-pg'), opts());
  const after = lines(p);
  expect(after).toHaveLength(before.length);
  // lastmodified has a one-second resolution: it changes unless the edit happened in the same second
  const diff = after.filter((l, i) => l !== before[i] && !/^ {4}lastmodified: "/.test(l));
  expect(diff).toHaveLength(2);
  expect(diff[0]).toMatch(/^ {4}POSTGRES_PASSWORD: ENC\[/);
  expect(diff[1]).toMatch(/^ {4}mac: ENC\[/);
  expect((await readEnvironmentFile(p, opts())).secrets).toEqual({ SESSION_SECRET: 'session', POSTGRES_PASSWORD: 'new-pg' });
});

test('rollback, rollback again (toggle) and rollback --to round-trip through the file', async () => {
  const p = await fresh();
  let f = await updateEnvironmentFile(p, (c) => pin(c, 'web', 'ghcr.io/acme/web:v43'), opts());
  f = await updateEnvironmentFile(p, (c) => void rollback(c, 'web'), opts());
  expect(f.pins.web).toBe('ghcr.io/acme/web:v42-3f9c2ab');
  f = await updateEnvironmentFile(p, (c) => void rollback(c, 'web'), opts());
  expect(f.pins.web).toBe('ghcr.io/acme/web:v43');
  f = await updateEnvironmentFile(p, (c) => void rollback(c, 'web', 'ghcr.io/acme/web:v41-0a1b2c3'), opts());
  expect(f.pins.web).toBe('ghcr.io/acme/web:v41-0a1b2c3');
  expect(f.history.web).toEqual(['ghcr.io/acme/web:v43', 'ghcr.io/acme/web:v42-3f9c2ab']);
  expect(await readEnvironmentFile(p, opts())).toMatchObject({ pins: f.pins, history: f.history });
});

test('secrets set and unset round-trip', async () => {
  const p = await fresh();
  await updateEnvironmentFile(p, (c) => setSecret(c, 'REDIS_PASSWORD', 'r3d!s: "x"\nline2'), opts());
  expect((await readEnvironmentFile(p, opts())).secrets.REDIS_PASSWORD).toBe('r3d!s: "x"\nline2');
  await updateEnvironmentFile(p, (c) => unsetSecret(c, 'SESSION_SECRET'), opts());
  expect((await readEnvironmentFile(p, opts())).secrets).toEqual({ POSTGRES_PASSWORD: 'pg', REDIS_PASSWORD: 'r3d!s: "x"\nline2' });
});

test('fails when mutate throws: the file stays byte-identical and the error names the file', async () => {
  const p = await fresh();
  const before = fs.readFileSync(p);
  const err = await updateEnvironmentFile(p, (c) => void rollback(c, 'web', 'nope'), opts()).catch((e: Error) => e);
  expect(err).toBeInstanceOf(EnvironmentFileError);
  expect((err as Error).message).toMatch(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: nope is not in the pin history of web`));
  expect(fs.readFileSync(p).equals(before)).toBe(true);
  await expect(
    updateEnvironmentFile(
      p,
      (c) => {
        c.secrets.lowercase = 'x';
      },
      opts(),
    ),
  ).rejects.toThrow(/invalid secret name "lowercase"/);
  expect(fs.readFileSync(p).equals(before)).toBe(true);
});

test('no temp file (and no plaintext) is left in the directory after writes', async () => {
  const sub = path.join(dir, 'clean');
  fs.mkdirSync(sub);
  const p = path.join(sub, 'prod.enc.yaml');
  await createEnvironmentFile(p, contents(), [me.recipient]);
  await updateEnvironmentFile(p, (c) => pin(c, 'web', 'ghcr.io/acme/web:v50'), opts());
  await updateEnvironmentFile(p, (c) => setSecret(c, 'NEW_ONE', 'plaintext-marker-123'), opts());
  await updateEnvironmentFile(p, () => Promise.reject(new Error('abort')), opts()).catch(() => undefined);
  expect(fs.readdirSync(sub)).toEqual(['prod.enc.yaml']);
  expect(fs.readFileSync(p, 'utf8')).not.toContain('plaintext-marker-123');
});

test('keys a user adds are kept and stay encrypted', async () => {
  const p = await fresh();
  await editSopsFile(p, (t) => set(t.branches[0]!, 'extra', str('user-added')), { identities: [me.identity] });
  expect(fs.readFileSync(p, 'utf8')).toMatch(/^extra: ENC\[/m);
  await updateEnvironmentFile(p, (c) => pin(c, 'worker', 'ghcr.io/acme/worker:v43'), opts());
  const f = await openSopsFile(p, { identities: [me.identity] });
  expect(toPlain(f.tree.branches[0]!)).toMatchObject({ extra: 'user-added', pins: { worker: 'ghcr.io/acme/worker:v43' } });
});

test('fails when a plaintext pin is edited outside sops', async () => {
  const p = await fresh();
  fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('web:v42-3f9c2ab', 'web:evil'));
  await expect(readEnvironmentFile(p, opts())).rejects.toBeInstanceOf(SopsMacMismatchError);
  await expect(updateEnvironmentFile(p, (c) => pin(c, 'web', 'x:y'), opts())).rejects.toThrow(/MAC mismatch/);
});

test('fails when read with a wrong key, naming the file and its recipients', async () => {
  const p = await fresh();
  const err = await readEnvironmentFile(p, { identities: [other.identity] }).catch((e: Error) => e);
  expect(err).toBeInstanceOf(SopsIdentityError);
  expect((err as Error).message).toContain(p);
  expect((err as Error).message).toContain(`it is encrypted to ${me.recipient}`);
});

test('sops-age (independent decrypter) reads an environment file to the same values', async () => {
  const p = await fresh();
  const theirs = await decryptSops(fs.readFileSync(p, 'utf8'), { secretKey: me.identity, fileType: 'yaml' });
  expect(theirs).toEqual({ pins: contents().pins, pin_history: contents().history, secrets: contents().secrets });
});

describe('legacy sops binary tfvars', () => {
  const hcl = [
    'web_image = "ghcr.io/acme/web:v40"',
    'worker_image = "ghcr.io/acme/worker:v40"',
    'db_password = "p@ss"',
    'session_secret = <<EOT',
    'multi',
    'EOT',
    'replicas = 3',
    '',
  ].join('\n');
  let tfvars: string;
  beforeAll(async () => {
    tfvars = path.join(dir, 'legacy.enc.tfvars');
    fs.writeFileSync(tfvars, await encryptText(parsePlain(hcl, 'binary'), { recipients: [me.recipient], format: 'binary' }));
  });

  test('reads *_image as pins and other strings as secrets (no history)', async () => {
    const f = await readEnvironmentFile(tfvars, opts());
    expect(f).toMatchObject({
      format: 'tfvars-binary',
      pins: { web: 'ghcr.io/acme/web:v40', worker: 'ghcr.io/acme/worker:v40' },
      history: {},
      secrets: { DB_PASSWORD: 'p@ss', SESSION_SECRET: 'multi\n' },
      recipients: [me.recipient],
    });
    expect(f.warnings).toEqual([`${tfvars}: ignored non-string tfvars variables: replicas`]);
  });

  test('fails when asked to write it, telling the user to convert it', async () => {
    const before = fs.readFileSync(tfvars);
    await expect(updateEnvironmentFile(tfvars, (c) => pin(c, 'web', 'x'), opts())).rejects.toThrow(
      `${tfvars}: is a legacy SOPS binary tfvars file, which pinstack reads but does not write; convert it to ${path.join(dir, 'legacy.enc.yaml')} first`,
    );
    expect(fs.readFileSync(tfvars).equals(before)).toBe(true);
  });

  test('convertTfvarsToYaml writes <env>.enc.yaml next to it with the same contents and recipients', async () => {
    const target = await convertTfvarsToYaml(tfvars, undefined, opts());
    expect(target).toBe(path.join(dir, 'legacy.enc.yaml'));
    const f = await readEnvironmentFile(target, opts());
    expect(f).toMatchObject({ format: 'yaml', pins: { web: 'ghcr.io/acme/web:v40' }, secrets: { DB_PASSWORD: 'p@ss' }, recipients: [me.recipient] });
    expect(fs.existsSync(tfvars)).toBe(true);
  });

  test('fails when the converted file already exists', async () => {
    await expect(convertTfvarsToYaml(tfvars, undefined, opts())).rejects.toThrow(/legacy\.enc\.yaml: already exists/);
  });
});

describe('the demo key and the example files', () => {
  test('the committed demo key has the header, its public key line, and matches DEMO_RECIPIENT', async () => {
    const text = fs.readFileSync(DEMO_KEY_PATH, 'utf8');
    expect(text.split('\n')[0]).toBe(
      '# PINSTACK DEMO KEY - committed on purpose so the example works with no setup. It is public: never encrypt real secrets to it.',
    );
    expect(text).toContain(`# public key: ${DEMO_RECIPIENT}\n`);
    const [identity] = parseIdentityFile(text, DEMO_KEY_PATH).identities;
    expect(await recipientOf(identity!)).toBe(DEMO_RECIPIENT);
  });

  test.each(['dev', 'staging', 'prod'])('secrets/%s.enc.yaml opens with the demo key as a last resort, with a warning', async (env) => {
    const p = path.join(REPO, 'secrets', `${env}.enc.yaml`);
    const f = await readEnvironmentFile(p, NOBODY);
    expect(f.pins).toEqual({ web: 'ghcr.io/acme/web:v42-3f9c2ab', worker: 'ghcr.io/acme/worker:v42-3f9c2ab' });
    expect(f.history).toEqual({ web: ['ghcr.io/acme/web:v41-8d2e0f1'], worker: ['ghcr.io/acme/worker:v41-8d2e0f1'] });
    expect(Object.keys(f.secrets)).toEqual(['SESSION_SECRET', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD']);
    for (const v of Object.values(f.secrets)) expect(v).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(f.recipients).toEqual([DEMO_RECIPIENT]);
    expect(f.warnings).toHaveLength(1);
    expect(f.warnings[0]).toMatch(/decrypted with the public demo key .*pinstack-demo\.agekey/);
  });

  test('fails when the demo fallback is disabled and no identity is configured', async () => {
    await expect(readEnvironmentFile(path.join(REPO, 'secrets', 'dev.enc.yaml'), { ...NOBODY, demoKeyFallback: false })).rejects.toBeInstanceOf(
      SopsIdentityError,
    );
  });

  test('fails when no identity matches a file not encrypted to the demo recipient (no demo fallback)', async () => {
    const p = await fresh();
    await expect(readEnvironmentFile(p, NOBODY)).rejects.toThrow(/no age identity found/);
  });

  test('.sops.yaml (at the project root, where sops finds it) has one creation rule per environment with the demo recipient and the rule', () => {
    const text = fs.readFileSync(path.join(REPO, '.sops.yaml'), 'utf8');
    expect(text).toBe(sopsConfig(DEMO_RECIPIENT));
    const rules = toPlain(parseYaml(text)[0]!) as { creation_rules: Array<Record<string, string>> };
    expect(rules.creation_rules).toHaveLength(3);
    for (const [i, env] of ['dev', 'staging', 'prod'].entries()) {
      const r = rules.creation_rules[i]!;
      expect(new RegExp(r.path_regex!).test(`secrets/${env}.enc.yaml`)).toBe(true);
      expect(new RegExp(r.path_regex!).test(`/work/repo/secrets/${env}.enc.yaml`)).toBe(true);
      expect(new RegExp(r.path_regex!).test(`secrets/x${env}.enc.yaml`)).toBe(false);
      expect(r.age).toBe(DEMO_RECIPIENT);
      expect(r.unencrypted_regex).toBe('^(pins|pin_history)$');
    }
  });

  test('make-example regenerates readable files', async () => {
    const out = path.join(dir, 'example', 'secrets');
    const files = await makeExampleFiles(out, me.recipient);
    expect(files.map((f) => path.basename(f))).toEqual(['dev.enc.yaml', 'staging.enc.yaml', 'prod.enc.yaml', '.sops.yaml']);
    const f = await readEnvironmentFile(path.join(out, 'prod.enc.yaml'), opts());
    expect(f.pins.web).toBe('ghcr.io/acme/web:v42-3f9c2ab');
    expect(fs.readdirSync(out).sort()).toEqual(['dev.enc.yaml', 'prod.enc.yaml', 'staging.enc.yaml']);
    expect(fs.existsSync(path.join(out, '..', '.sops.yaml'))).toBe(true);
  });
});
