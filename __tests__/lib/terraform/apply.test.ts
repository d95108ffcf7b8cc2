import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apply, init, isStalePlanError, plan } from '../../../lib/terraform';

// terraform_data is built into Terraform: a real apply with no provider and no network.
const CONFIG = (value: string) => JSON.stringify({ resource: { terraform_data: { marker: { input: value } } } });

describe('terraform apply (real, built-in terraform_data)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-apply-'));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), CONFIG('v1'));
    await init(dir);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('applies exactly a saved plan', async () => {
    expect((await plan(dir, { out: 'a.tfplan' })).changes).toBe(true);
    const out = await apply(dir, { planFile: 'a.tfplan' });
    expect(out).toMatch(/Apply complete! Resources: 1 added, 0 changed, 0 destroyed/);
    expect((await plan(dir, { out: 'noop.tfplan' })).changes).toBe(false);
  }, 60_000);

  test('fails when the saved plan is stale, and the error says so', async () => {
    fs.writeFileSync(path.join(dir, 'main.tf.json'), CONFIG('v2'));
    await plan(dir, { out: 'stale.tfplan' });
    fs.writeFileSync(path.join(dir, 'main.tf.json'), CONFIG('v3'));
    await plan(dir, { out: 'newer.tfplan' });
    await apply(dir, { planFile: 'newer.tfplan' });
    const err = await apply(dir, { planFile: 'stale.tfplan' }).catch((e: unknown) => e);
    expect(isStalePlanError(err)).toBe(true);
    expect(isStalePlanError(new Error('Saved plan is stale'))).toBe(false);
  }, 60_000);
});
