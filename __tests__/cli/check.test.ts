import * as fs from 'node:fs';
import * as path from 'node:path';
import { pin, updateEnvironmentFile } from '../../lib/envfile';
import { runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';
import { planScenario } from '../helpers/plans';
import { TERRAFORM_TEST_TIMEOUT_MS } from '../helpers/terraform';

// eslint-disable-next-line @typescript-eslint/no-require-imports
expect.extend(require('@microsoft/jest-sarif'));
jest.setTimeout(TERRAFORM_TEST_TIMEOUT_MS);

describe('pinstack check', () => {
  test('passes on the example, listing the findings per environment', () => {
    const p = tempProject(exampleSpec());
    try {
      const r = runCli(['check'], { cwd: p.dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^dev \(docker, development\): ok — \d+ passed, 0 blocking/m);
      expect(r.stdout).toMatch(/^staging \(kubernetes, staging\): ok — \d+ passed, 0 blocking/m);
      expect(r.stdout).toMatch(/^prod \(aws, production\): ok — \d+ passed, 0 blocking/m);
      // Dev runs its datastores without TLS: informational there.
      expect(r.stdout).toContain('SPEC-DATA-004');
    } finally {
      p.cleanup();
    }
  });

  test('fails with exit 1 when a pin is :latest, naming the rule, the environment and the service', async () => {
    const p = tempProject(exampleSpec());
    try {
      // Written through the library (MAC-valid), bypassing `pinstack pin`, which would refuse it.
      await updateEnvironmentFile(path.join(p.dir, 'secrets', 'prod.enc.yaml'), (c) => pin(c, 'web', 'ghcr.io/acme/web:latest'));
      const r = runCli(['check'], { cwd: p.dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^prod \(aws, production\): BLOCKED/m);
      expect(r.stdout).toMatch(/ERROR\s+SPEC-IMG-001\s+services\.web\.image: \(pin in secrets\/prod\.enc\.yaml\) must not use the floating tag :latest/);
      expect(r.stderr).toContain('blocking policy findings in prod');
      // synth refuses it too, at validation (exit 2), naming the field and the problem.
      const s = runCli(['synth'], { cwd: p.dir });
      expect(s.code).toBe(2);
      expect(s.stderr).toContain('environments.prod: services.web.image: (pin in secrets/prod.enc.yaml) must not use the floating tag :latest');
    } finally {
      p.cleanup();
    }
  });

  test('writes SARIF 2.1.0 with rule metadata and locations', () => {
    const p = tempProject(exampleSpec());
    try {
      const r = runCli(['check', '--format', 'sarif', '--out', 'out/check.sarif'], { cwd: p.dir });
      expect(r.code).toBe(0);
      const sarif = JSON.parse(fs.readFileSync(path.join(p.dir, 'out', 'check.sarif'), 'utf8'));
      expect(sarif).toBeValidSarifLog();
      expect(sarif.runs).toHaveLength(3);
      expect(sarif.runs[0].tool.driver.rules.length).toBeGreaterThanOrEqual(40);
      const result = sarif.runs[0].results[0];
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('app.ts');
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    } finally {
      p.cleanup();
    }
  });

  test('fails when --format is unknown or --plan has no single --env (exit 2)', () => {
    const p = tempProject(exampleSpec());
    try {
      expect(runCli(['check', '--format', 'xml'], { cwd: p.dir }).code).toBe(2);
      expect(runCli(['check', '--plan', 'x.json'], { cwd: p.dir }).code).toBe(2);
      expect(runCli(['check', '--plan', 'missing.json', '--env', 'prod'], { cwd: p.dir }).stderr).toContain('cannot read plan missing.json');
    } finally {
      p.cleanup();
    }
  });
});

describe('pinstack check --plan on a real plan that replaces the prod database', () => {
  test('blocks prod naming the address, not dev; an override lets prod pass until it expires', async () => {
    const s = await planScenario('replace-db');
    const db = (s.plan.resource_changes as Array<{ type: string; address: string }>).find((c) => c.type === 'aws_db_instance')!.address;
    const spec = exampleSpec();
    const p = tempProject(spec);
    try {
      fs.writeFileSync(path.join(p.dir, 'plan.json'), JSON.stringify(s.plan));
      const prod = runCli(['check', '--plan', 'plan.json', '--env', 'prod'], { cwd: p.dir });
      expect(prod.code).toBe(1);
      expect(prod.stdout).toMatch(new RegExp(`ERROR\\s+PLAN-001\\s+${db.replace(/\./g, '\\.')}`));
      expect(prod.stdout).toContain('storage_encrypted');
      const dev = runCli(['check', '--plan', 'plan.json', '--env', 'dev'], { cwd: p.dir });
      expect(dev.code).toBe(0);

      const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const withOverride = exampleSpec();
      withOverride.policy = { overrides: [{ rule: 'PLAN-001', environment: 'prod', address: db, reason: 'planned: enable storage encryption (snapshot snap-0a1b)', owner: 'dba-team', expires: soon }] };
      fs.writeFileSync(path.join(p.dir, 'app.ts'), `export default ${JSON.stringify(withOverride)};\n`);
      const allowed = runCli(['check', '--plan', 'plan.json', '--env', 'prod'], { cwd: p.dir });
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toMatch(/override by dba-team until \d{4}-\d{2}-\d{2}: planned: enable storage encryption/);

      withOverride.policy.overrides[0].expires = '2020-01-01';
      fs.writeFileSync(path.join(p.dir, 'app.ts'), `export default ${JSON.stringify(withOverride)};\n`);
      const expired = runCli(['check', '--plan', 'plan.json', '--env', 'prod'], { cwd: p.dir });
      expect(expired.code).toBe(1);
      expect(expired.stdout).toContain('expired on 2020-01-01');
    } finally {
      p.cleanup();
    }
  });
});
