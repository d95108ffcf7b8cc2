import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, plan, showJson, TerraformError, validate, version } from '../../../lib/terraform';
import { requireProviderMirror, TERRAFORM_TEST_TIMEOUT_MS } from '../../helpers/terraform';

const SECRET = 'tiny-secret-value-7d3f9a';

/** One AWS resource, a locally computed data source and a sensitive variable; plannable with no network. */
const TINY_CONFIG = {
  terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
  provider: {
    aws: [
      {
        region: 'eu-west-1',
        access_key: 'offline',
        secret_key: 'offline',
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: 'true',
        skip_region_validation: true,
      },
    ],
  },
  variable: { secret_token: { type: 'string', sensitive: true, nullable: false } },
  data: { aws_iam_policy_document: { trust: { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }] }] } } },
  resource: {
    aws_secretsmanager_secret: { tiny: { name: 'tiny/test', recovery_window_in_days: 0 } },
    aws_secretsmanager_secret_version: { tiny: { secret_id: '${aws_secretsmanager_secret.tiny.id}', secret_string: '${var.secret_token}' } },
    aws_iam_role: { tiny: { name: 'tiny-test', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' } },
  },
};

describe('terraform commands (real terraform, local provider mirror)', () => {
  let dir: string;
  beforeAll(() => {
    requireProviderMirror();
    dir = mkdtempSync(join(tmpdir(), 'pinstack-tf-test-'));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(TINY_CONFIG, null, 2));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test(
    'init, validate, plan and show a tiny configuration',
    async () => {
      await init(dir);

      const validated = await validate(dir);
      expect(validated).toMatchObject({ valid: true, error_count: 0 });

      const planned = await plan(dir, { out: 'tfplan', refresh: false, lock: false, extraEnv: { TF_VAR_secret_token: SECRET } });
      expect(planned).toEqual({ exitCode: 2, changes: true });

      const shown = await showJson<{ resource_changes: Array<{ address: string; change: { actions: string[] } }>; configuration: unknown }>(dir, 'tfplan');
      expect(shown.resource_changes.map((c) => [c.address, c.change.actions])).toEqual(
        expect.arrayContaining([
          ['aws_iam_role.tiny', ['create']],
          ['aws_secretsmanager_secret.tiny', ['create']],
          ['aws_secretsmanager_secret_version.tiny', ['create']],
        ]),
      );
      expect(JSON.stringify(shown.configuration)).not.toContain(SECRET);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  test(
    'version reports terraform and the platform',
    async () => {
      const v = await version();
      expect(v.terraform_version).toMatch(/^1\.\d+\.\d+/);
      expect(v.platform).toMatch(/_/);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  test(
    'validate returns the diagnostics of an invalid configuration',
    async () => {
      const bad = mkdtempSync(join(tmpdir(), 'pinstack-tf-bad-'));
      try {
        writeFileSync(join(bad, 'main.tf.json'), JSON.stringify({ output: { x: { value: '${var.missing}' } } }));
        const result = await validate(bad);
        expect(result.valid).toBe(false);
        expect(result.error_count).toBeGreaterThan(0);
        expect(result.diagnostics[0]!.summary).toMatch(/undeclared input variable/i);
      } finally {
        rmSync(bad, { recursive: true, force: true });
      }
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  test(
    'fails when plan runs without the secret variable, naming the command, exit code and stderr',
    async () => {
      const error = await plan(dir, { out: 'tfplan-missing', refresh: false, lock: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TerraformError);
      const e = error as TerraformError;
      expect(e.command).toBe('terraform plan -detailed-exitcode -input=false -no-color -out=tfplan-missing -refresh=false -lock=false');
      expect(e.exitCode).toBe(1);
      expect(e.outputTail).toMatch(/No value for required variable/);
      expect(e.message).toContain('exit code 1');
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  test('fails when the terraform executable does not exist', async () => {
    await expect(version({ bin: 'terraform-that-does-not-exist' })).rejects.toThrow(/terraform-that-does-not-exist was not found on PATH/);
  });
});
