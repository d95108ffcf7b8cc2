/**
 * pinstack secrets list|get|set|unset|edit|migrate, through the real CLI on a copy of the example project.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { readEnvironmentFile } from '../../lib/envfile';
import { encryptText, generateAgeKey, parsePlain } from '../../lib/sops';
import { REPO_ROOT, runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';
import { demoIdentity, diffLines, sopsAgeDecrypt, verifyMacIndependently } from './independent';

jest.setTimeout(120_000);

describe('pinstack secrets', () => {
  const project = tempProject(exampleSpec());
  const devFile = path.join(project.dir, 'secrets', 'dev.enc.yaml');
  afterAll(() => project.cleanup());
  const cli = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) => runCli(args, { cwd: project.dir, ...opts });

  test('set (stdin), get, list and unset round trip; values appear only in the output of get', async () => {
    const value = 'n3w-$ession "secret" ü';
    const before = fs.readFileSync(devFile, 'utf8');

    const set = cli(['secrets', 'set', 'dev', 'SESSION_SECRET', '--from-stdin'], { input: `${value}\n` });
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('SESSION_SECRET changed in secrets/dev.enc.yaml\n');

    // Changing one value changes only its ciphertext, the mac and lastmodified.
    const after = fs.readFileSync(devFile, 'utf8');
    const diff = diffLines(before, after);
    expect(diff.added.map((l) => l.trim().split(':')[0])).toEqual(['SESSION_SECRET', 'lastmodified', 'mac']);
    expect(diff.removed).toHaveLength(3);
    verifyMacIndependently(after, demoIdentity(REPO_ROOT));
    expect(((await sopsAgeDecrypt(after, demoIdentity(REPO_ROOT))).secrets as Record<string, string>).SESSION_SECRET).toBe(value);

    const get = cli(['secrets', 'get', 'dev', 'SESSION_SECRET']);
    expect(get.code).toBe(0);
    expect(get.stdout).toBe(value); // exactly the value: no trailing newline when stdout is not a terminal

    const onCommandLine = cli(['secrets', 'set', 'dev', 'API_TOKEN', 'tok-on-the-command-line']);
    expect(onCommandLine.code).toBe(0);
    expect(onCommandLine.stdout).toBe('API_TOKEN added in secrets/dev.enc.yaml\n');
    expect(onCommandLine.stderr).toMatch(/given on the command line: it lands in your shell history.*prefer --from-stdin/);

    const list = cli(['secrets', 'list', 'dev']);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('SESSION_SECRET\nPOSTGRES_PASSWORD\nREDIS_PASSWORD\nAPI_TOKEN\n');

    const unset = cli(['secrets', 'unset', 'dev', 'API_TOKEN']);
    expect(unset.code).toBe(0);
    const f = await readEnvironmentFile(devFile);
    expect(Object.keys(f.secrets)).toEqual(['SESSION_SECRET', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD']);
    expect(f.secrets.SESSION_SECRET).toBe(value);

    const secretValues = [value, ...Object.values(f.secrets)];
    for (const r of [set, list, unset]) for (const v of secretValues) expect(r.stdout + r.stderr).not.toContain(v);
    expect(onCommandLine.stdout + onCommandLine.stderr).not.toContain('tok-on-the-command-line');
  });

  test('fails when getting a secret that is not set, naming the file and the secret names only', async () => {
    const r = cli(['secrets', 'get', 'dev', 'NOPE']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('secrets/dev.enc.yaml: secret NOPE is not set (secrets: SESSION_SECRET, POSTGRES_PASSWORD, REDIS_PASSWORD)');
    for (const v of Object.values((await readEnvironmentFile(devFile)).secrets)) expect(r.stderr).not.toContain(v);
  });

  describe('edit', () => {
    let tmp: string;
    let scripts: string;
    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-edit-tmp-'));
      scripts = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-edit-scripts-'));
    });
    afterEach(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(scripts, { recursive: true, force: true });
    });
    const editor = (body: string): string => {
      const p = path.join(scripts, 'editor.sh');
      fs.writeFileSync(p, `#!/bin/sh\nset -e\n${body}\n`, { mode: 0o755 });
      return p;
    };
    // TSX_DISABLE_CACHE: tsx would otherwise keep its compile cache in $TMPDIR.
    const env = (editorPath: string) => ({ EDITOR: editorPath, TMPDIR: tmp, TSX_DISABLE_CACHE: '1', SCRIPTS: scripts });

    test('edits the secrets in $EDITOR on a private copy, then wipes it', async () => {
      const before = await readEnvironmentFile(devFile);
      const script = editor(
        [
          'stat -c %a "$(dirname "$1")" "$1" > "$SCRIPTS/perms"',
          'cp "$1" "$SCRIPTS/seen"',
          `sed -i -e 's/^REDIS_PASSWORD: .*/REDIS_PASSWORD: "new redis value"/' -e '/^POSTGRES_PASSWORD:/d' "$1"`,
          `printf 'EXTRA_TOKEN: "9"\\n' >> "$1"`,
        ].join('\n'),
      );
      const r = cli(['secrets', 'edit', 'dev'], { env: env(script) });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('added EXTRA_TOKEN; changed REDIS_PASSWORD; removed POSTGRES_PASSWORD in secrets/dev.enc.yaml\n');
      expect(fs.readFileSync(path.join(scripts, 'perms'), 'utf8')).toBe('700\n600\n');
      // The editor saw every secret as NAME: value.
      expect(YAML.parse(fs.readFileSync(path.join(scripts, 'seen'), 'utf8'))).toEqual(before.secrets);

      const after = await readEnvironmentFile(devFile);
      expect(after.secrets).toEqual({ SESSION_SECRET: before.secrets.SESSION_SECRET, REDIS_PASSWORD: 'new redis value', EXTRA_TOKEN: '9' });
      expect(after.pins).toEqual(before.pins);
      expect(fs.readdirSync(tmp)).toEqual([]);
      for (const v of Object.values(before.secrets)) expect(r.stdout + r.stderr).not.toContain(v);
    });

    test('fails when the edited copy is not a YAML mapping of NAME: string, leaving the file unchanged and no plaintext behind', () => {
      const before = fs.readFileSync(devFile);
      const invalidYaml = cli(['secrets', 'edit', 'dev'], { env: env(editor('printf "BROKEN: [unclosed\\n" >> "$1"')) });
      expect(invalidYaml.code).toBe(2);
      expect(invalidYaml.stderr).toMatch(/the edited secrets are invalid: invalid YAML: .*; secrets\/dev\.enc\.yaml left unchanged/);
      expect(fs.readdirSync(tmp)).toEqual([]);

      const number = cli(['secrets', 'edit', 'dev'], { env: env(editor('printf "PORT: 5432\\n" >> "$1"')) });
      expect(number.code).toBe(2);
      expect(number.stderr).toContain('secret PORT must be a string, got number (quote the value)');
      expect(fs.readdirSync(tmp)).toEqual([]);
      expect(fs.readFileSync(devFile).equals(before)).toBe(true);
    });
  });

  test('migrate converts a legacy binary .enc.tfvars into .enc.yaml and says where to point secretsFile', async () => {
    const me = await generateAgeKey();
    const spec = exampleSpec();
    spec.environments.dev.secretsFile = 'secrets/dev.enc.tfvars';
    const legacy = tempProject(spec, { copySecrets: false });
    try {
      const hcl = 'web_image = "ghcr.io/acme/web:v40-0a1b2c3"\nworker_image = "ghcr.io/acme/worker:v40-0a1b2c3"\nsession_secret = "legacy-session"\npostgres_password = "legacy-pg"\nredis_password = "legacy-redis"\n';
      const tfvars = path.join(legacy.dir, 'secrets', 'dev.enc.tfvars');
      fs.writeFileSync(tfvars, await encryptText(parsePlain(hcl, 'binary'), { recipients: [me.recipient], format: 'binary' }));
      const r = runCli(['secrets', 'migrate', 'dev'], { cwd: legacy.dir, env: { SOPS_AGE_KEY: me.identity } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`wrote secrets/dev.enc.yaml (2 pins, 3 secrets) encrypted to ${me.recipient}`);
      expect(r.stdout).toContain('remove secretsFile from environments.dev in app.ts (the default is secrets/dev.enc.yaml)');
      expect(r.stdout).toContain('git rm secrets/dev.enc.tfvars');
      expect(r.stdout + r.stderr).not.toContain('legacy-');
      const yamlFile = path.join(legacy.dir, 'secrets', 'dev.enc.yaml');
      const f = await readEnvironmentFile(yamlFile, { identities: [me.identity] });
      expect(f.pins).toEqual({ web: 'ghcr.io/acme/web:v40-0a1b2c3', worker: 'ghcr.io/acme/worker:v40-0a1b2c3' });
      expect(f.secrets).toEqual({ SESSION_SECRET: 'legacy-session', POSTGRES_PASSWORD: 'legacy-pg', REDIS_PASSWORD: 'legacy-redis' });
      verifyMacIndependently(fs.readFileSync(yamlFile, 'utf8'), me.identity);
      expect(fs.existsSync(tfvars)).toBe(true);
    } finally {
      legacy.cleanup();
    }
  });
});
