import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEnvironmentFile } from '../../lib/envfile';
import { runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';
import { planScenario } from '../helpers/plans';
import { requireProviderMirror, TERRAFORM_TEST_TIMEOUT_MS } from '../helpers/terraform';

jest.setTimeout(TERRAFORM_TEST_TIMEOUT_MS * 3);

function offlineEnv(): Record<string, string> {
  return { PINSTACK_OFFLINE: '1', PINSTACK_PROVIDER_MIRROR: requireProviderMirror() };
}

/** A temporary project whose prod stack starts from the prior state of a real plan scenario. */
async function projectWithState(scenario: 'no-op' | 'replace-db', spec = exampleSpec()) {
  const s = await planScenario(scenario);
  const p = tempProject(spec);
  const stackDir = path.join(p.dir, 'cdktf.out', 'stacks', 'prod');
  fs.mkdirSync(stackDir, { recursive: true });
  fs.copyFileSync(path.join(s.stackDir, 'terraform.prod.tfstate'), path.join(stackDir, 'terraform.prod.tfstate'));
  const db = (s.plan.resource_changes as Array<{ type: string; address: string }>).find((c) => c.type === 'aws_db_instance')!.address;
  return { ...p, db };
}

describe('pinstack plan (real terraform, offline)', () => {
  test('plans the aws environment: change counts, policy results, redacted plan JSON, saved plan', async () => {
    const p = tempProject(exampleSpec());
    try {
      const r = runCli(['plan', 'prod'], { cwd: p.dir, env: offlineEnv() });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/prod\s+aws\s+planned\s+\+\d+ ~0 -0 ±0\s+ok/);
      const md = fs.readFileSync(path.join(p.dir, 'pinstack-plan', 'summary.md'), 'utf8');
      expect(md.startsWith('<!-- pinstack:plan -->')).toBe(true);
      expect(md).toMatch(/\| `prod` \| production \| aws \| `\+\d+ ~0 -0 ±0` \|/);
      expect(md).toContain('Policy');
      const summary = JSON.parse(fs.readFileSync(path.join(p.dir, 'pinstack-plan', 'summary.json'), 'utf8'));
      expect(summary.stacks[0]).toMatchObject({ stack: 'prod', status: 'planned', blocking: false, planJson: 'prod/plan.json', risky: [] });
      expect(summary.stacks[0].counts.add).toBeGreaterThan(60);
      expect(fs.existsSync(path.join(p.dir, 'cdktf.out', 'stacks', 'prod', 'plan.tfplan'))).toBe(true);
      // No secret value in anything written to the out dir or printed.
      const secrets = Object.values((await readEnvironmentFile(path.join(p.dir, 'secrets', 'prod.enc.yaml'))).secrets);
      const written = ['summary.md', 'summary.json', 'prod/plan.json', 'prod/cdk.tf.json'].map((f) => fs.readFileSync(path.join(p.dir, 'pinstack-plan', f), 'utf8')).join('\n');
      for (const v of secrets) {
        expect(written).not.toContain(v);
        expect(r.stdout + r.stderr).not.toContain(v);
      }
    } finally {
      p.cleanup();
    }
  });

  test('fails when a name is missing or both names and --all are given (exit 2)', () => {
    const p = tempProject(exampleSpec());
    try {
      expect(runCli(['plan'], { cwd: p.dir }).code).toBe(2);
      expect(runCli(['plan', 'prod', '--all'], { cwd: p.dir }).code).toBe(2);
    } finally {
      p.cleanup();
    }
  });
});

describe('pinstack deploy refuses what was not reviewed', () => {
  test('fails when a CI runner would keep the state locally', () => {
    const p = tempProject(exampleSpec());
    try {
      const r = runCli(['deploy', 'prod', '--auto-approve'], { cwd: p.dir, env: { ...offlineEnv(), CI: 'true' } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('uses a local state file, which a CI runner loses after the job');
    } finally {
      p.cleanup();
    }
  });

  test('fails when the plan replaces the prod database: blocked by policy, and later not reviewed', async () => {
    const p = await projectWithState('replace-db');
    try {
      const blocked = runCli(['plan', 'prod'], { cwd: p.dir, env: offlineEnv() });
      expect(blocked.code).toBe(1);
      expect(blocked.stdout).toMatch(new RegExp(`PLAN-001.*${p.db.replace(/\./g, '\\.')}`));
      const md = fs.readFileSync(path.join(p.dir, 'pinstack-plan', 'summary.md'), 'utf8');
      expect(md.indexOf('will be **replaced**')).toBeGreaterThan(0);
      expect(md.indexOf('will be **replaced**')).toBeLessThan(md.indexOf('<details>'));
      expect(md).toContain('storage_encrypted');
      const refused = runCli(['deploy', 'prod', '--auto-approve', '--allow-local-state'], { cwd: p.dir, env: offlineEnv() });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is blocked by policy');

      // The reviewed plan (a no-op) had no replace: even with an override, deploy refuses the unreviewed replace.
      const reviewed = await projectWithState('no-op');
      try {
        expect(runCli(['plan', 'prod'], { cwd: reviewed.dir, env: offlineEnv() }).code).toBe(0);
        fs.copyFileSync(path.join(reviewed.dir, 'pinstack-plan', 'summary.json'), path.join(p.dir, 'reviewed.json'));
      } finally {
        reviewed.cleanup();
      }
      const spec = exampleSpec();
      const soon = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      spec.policy = { overrides: [{ rule: 'PLAN-001', environment: 'prod', address: p.db, reason: 'encrypt storage, restore from snapshot', owner: 'dba-team', expires: soon }] };
      fs.writeFileSync(path.join(p.dir, 'app.ts'), `export default ${JSON.stringify(spec)};\n`);
      expect(runCli(['plan', 'prod'], { cwd: p.dir, env: offlineEnv() }).code).toBe(0);
      const unreviewed = runCli(['deploy', 'prod', '--reviewed', 'reviewed.json', '--auto-approve', '--allow-local-state'], { cwd: p.dir, env: offlineEnv() });
      expect(unreviewed.code).toBe(1);
      expect(unreviewed.stderr).toContain('differs from the reviewed one in a risky way');
      expect(unreviewed.stderr).toContain(`replace ${p.db}`);
    } finally {
      p.cleanup();
    }
  });
});
