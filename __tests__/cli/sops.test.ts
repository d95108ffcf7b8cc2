/**
 * pinstack sops decrypt / encrypt, against a file the real sops wrote and through an independent decrypter.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateAgeKey } from '../../lib/sops';
import { REPO_ROOT, runCli } from '../helpers/cli';
import { sopsAgeDecrypt, verifyMacIndependently } from './independent';

jest.setTimeout(120_000);

/** The real-sops fixtures beside the checkout; a missing folder is a failure, not a skip. */
function fixturesDir(): string {
  const dir = process.env.PINSTACK_SOPS_FIXTURES ?? path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'sops');
  if (!fs.existsSync(path.join(dir, 'sops-age', 'secret.enc.yaml'))) {
    throw new Error(`SOPS compatibility fixtures not found at ${dir}: check out ../shared next to the repo or set PINSTACK_SOPS_FIXTURES`);
  }
  return dir;
}

describe('pinstack sops', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-sops-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('decrypt --json of a file written by the real sops equals its known plaintext', () => {
    const fx = fixturesDir();
    const r = runCli(['sops', 'decrypt', '--json', path.join(fx, 'sops-age', 'secret.enc.yaml')], {
      cwd: dir,
      env: { SOPS_AGE_KEY_FILE: path.join(fx, 'keys', 'sops-age.key.txt') },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(fx, 'expected', 'sops-age__secret.enc.yaml.plaintext.json'), 'utf8')));
  });

  test('fails when no identity opens the file, naming the file and its recipients', () => {
    const file = path.join(fixturesDir(), 'sops-age', 'secret.enc.yaml');
    const r = runCli(['sops', 'decrypt', file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}: no age identity found`);
    expect(r.stderr).toContain('it is encrypted to age1je6kjhzuhdjy3fqptpttxjh5k8q46vygzlgtpuq3030c947pc5tqz9dqvr');
  });

  test('encrypt writes a document that sops-age decrypts to the same values, with a valid MAC, and decrypt reads back', async () => {
    const alice = await generateAgeKey();
    const bob = await generateAgeKey();
    const plain = path.join(dir, 'app.yaml');
    fs.writeFileSync(plain, 'db:\n  password: s3cr3t-pw\n  port: 5432\nhost_unencrypted: db.internal\nflags: [true, "x"]\n');
    const r = runCli(['sops', 'encrypt', '--age', alice.recipient, '--age', bob.recipient, 'app.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('s3cr3t-pw');
    expect(r.stdout).toMatch(/^host_unencrypted: db\.internal$/m); // the default _unencrypted suffix, as sops
    expect(r.stdout).toMatch(/^ {4}unencrypted_suffix: _unencrypted$/m);
    const expected = { db: { password: 's3cr3t-pw', port: 5432 }, host_unencrypted: 'db.internal', flags: [true, 'x'] };
    expect(await sopsAgeDecrypt(r.stdout, bob.identity)).toEqual(expected);
    verifyMacIndependently(r.stdout, alice.identity);

    // --output (atomic) with another crypt rule, then decrypt in the file's own format.
    const out = runCli(['sops', 'encrypt', '--age', alice.recipient, '--encrypted-regex', '^password$', '--output', 'app.enc.yaml', 'app.yaml'], { cwd: dir });
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('');
    const text = fs.readFileSync(path.join(dir, 'app.enc.yaml'), 'utf8');
    expect(text).toMatch(/^ {4}port: 5432$/m);
    expect(text).toMatch(/^ {4}password: ENC\[AES256_GCM,/m);
    expect(await sopsAgeDecrypt(text, alice.identity)).toEqual(expected);
    const back = runCli(['sops', 'decrypt', 'app.enc.yaml'], { cwd: dir, env: { SOPS_AGE_KEY: alice.identity } });
    expect(back.code).toBe(0);
    expect(back.stdout).toBe('db:\n    password: s3cr3t-pw\n    port: 5432\nhost_unencrypted: db.internal\nflags:\n    - true\n    - "x"\n');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('encrypt without --age takes the recipients and the crypt rule from the matching .sops.yaml creation rule', async () => {
    const carol = await generateAgeKey();
    const sub = path.join(dir, 'conf');
    fs.mkdirSync(path.join(sub, 'deploy'), { recursive: true });
    fs.writeFileSync(
      path.join(sub, '.sops.yaml'),
      `creation_rules:\n  - path_regex: ^other/\n    age: age1x8dku69273knw9es5aktfe59msvaqtmgvadecw4hkyex8v0q4v3qjftgp6\n  - path_regex: ^deploy/.*\\.json$\n    age: ${carol.recipient}\n    encrypted_regex: ^token$\n`,
    );
    fs.writeFileSync(path.join(sub, 'deploy', 'cfg.json'), '{"token": "t0k3n", "name": "svc"}\n');
    const r = runCli(['sops', 'encrypt', path.join('deploy', 'cfg.json')], { cwd: sub });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('using the creation rule of .sops.yaml for deploy/cfg.json\n');
    const doc = JSON.parse(r.stdout);
    expect(doc.name).toBe('svc');
    expect(doc.token).toMatch(/^ENC\[AES256_GCM,/);
    expect(doc.sops.encrypted_regex).toBe('^token$');
    expect(doc.sops.age.map((a: { recipient: string }) => a.recipient)).toEqual([carol.recipient]);
    expect(await sopsAgeDecrypt(r.stdout, carol.identity, 'json')).toEqual({ token: 't0k3n', name: 'svc' });
  });

  test('fails when more than one crypt rule is given', () => {
    fs.writeFileSync(path.join(dir, 'x.json'), '{"a": "b"}');
    const r = runCli(['sops', 'encrypt', '--age', 'age1x8dku69273knw9es5aktfe59msvaqtmgvadecw4hkyex8v0q4v3qjftgp6', '--encrypted-regex', 'a', '--unencrypted-suffix', '_u', 'x.json'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give at most one of --unencrypted-regex, --encrypted-regex, --unencrypted-suffix, --encrypted-suffix');
  });
});
