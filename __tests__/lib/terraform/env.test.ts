import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mirrorCliConfig, terraformEnv } from '../../../lib/terraform';
import { requireProviderMirror } from '../../helpers/terraform';

describe('terraformEnv', () => {
  let mirror: string;
  beforeAll(() => {
    mirror = mkdtempSync(join(tmpdir(), 'pinstack-mirror-test-'));
  });
  afterAll(() => rmSync(mirror, { recursive: true, force: true }));

  test('writes a CLI config that installs hashicorp providers from the mirror only', () => {
    const env = terraformEnv({ PATH: '/usr/bin', PINSTACK_PROVIDER_MIRROR: mirror, TF_CLI_CONFIG_FILE: '/home/me/.terraformrc' });
    const file = env.TF_CLI_CONFIG_FILE!;
    expect(file).not.toBe('/home/me/.terraformrc');
    expect(readFileSync(file, 'utf8')).toBe(
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = "${mirror}"`,
        '    include = ["registry.terraform.io/hashicorp/*"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/hashicorp/*"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(env).toMatchObject({ PATH: '/usr/bin', TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
  });

  test('writes the file once per process and mirror', () => {
    const a = terraformEnv({ PINSTACK_PROVIDER_MIRROR: mirror }).TF_CLI_CONFIG_FILE;
    const b = terraformEnv({ PINSTACK_PROVIDER_MIRROR: mirror }).TF_CLI_CONFIG_FILE;
    expect(a).toBe(b);
    expect(existsSync(a!)).toBe(true);
  });

  test('leaves TF_CLI_CONFIG_FILE untouched without PINSTACK_PROVIDER_MIRROR', () => {
    expect(terraformEnv({ TF_CLI_CONFIG_FILE: '/home/me/.terraformrc' }).TF_CLI_CONFIG_FILE).toBe('/home/me/.terraformrc');
    const env = terraformEnv({ PATH: '/usr/bin' });
    expect('TF_CLI_CONFIG_FILE' in env).toBe(false);
    expect(env).toMatchObject({ TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
  });

  test('does not change the environment it is given', () => {
    const base = { PINSTACK_PROVIDER_MIRROR: mirror };
    terraformEnv(base);
    expect(base).toEqual({ PINSTACK_PROVIDER_MIRROR: mirror });
  });

  test('fails when PINSTACK_PROVIDER_MIRROR names a missing folder', () => {
    expect(() => terraformEnv({ PINSTACK_PROVIDER_MIRROR: join(mirror, 'nope') })).toThrow(/PINSTACK_PROVIDER_MIRROR must name a provider mirror folder .*does not exist/);
  });

  test('quotes the mirror path as an HCL string', () => {
    expect(mirrorCliConfig('/opt/my "plugins"')).toContain('path    = "/opt/my \\"plugins\\""');
  });
});

describe('requireProviderMirror (test helper)', () => {
  const saved = process.env.PINSTACK_PROVIDER_MIRROR;
  afterEach(() => {
    if (saved === undefined) delete process.env.PINSTACK_PROVIDER_MIRROR;
    else process.env.PINSTACK_PROVIDER_MIRROR = saved;
  });

  test('fails when PINSTACK_PROVIDER_MIRROR is unset, saying how to set it', () => {
    delete process.env.PINSTACK_PROVIDER_MIRROR;
    expect(() => requireProviderMirror()).toThrow(/PINSTACK_PROVIDER_MIRROR is not set[\s\S]*export PINSTACK_PROVIDER_MIRROR=\/opt\/tf-plugins/);
  });

  test('fails when the folder is missing or has no hashicorp/aws', () => {
    process.env.PINSTACK_PROVIDER_MIRROR = '/nonexistent/tf-plugins';
    expect(() => requireProviderMirror()).toThrow('PINSTACK_PROVIDER_MIRROR=/nonexistent/tf-plugins does not exist');
    process.env.PINSTACK_PROVIDER_MIRROR = tmpdir();
    expect(() => requireProviderMirror()).toThrow(/has no registry.terraform.io\/hashicorp\/aws/);
  });
});
