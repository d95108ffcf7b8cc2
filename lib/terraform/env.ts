import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Points terraform at a local provider mirror (filesystem mirror layout), e.g. /opt/tf-plugins. */
export const PROVIDER_MIRROR_VARIABLE = 'PINSTACK_PROVIDER_MIRROR';

/** Providers served from the mirror; anything else is installed directly. */
const MIRRORED = 'registry.terraform.io/hashicorp/*';

/** The CLI configuration that installs hashicorp/* providers from `mirror` and nothing else from the network. */
export function mirrorCliConfig(mirror: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    `    include = [${JSON.stringify(MIRRORED)}]`,
    '  }',
    '  direct {',
    `    exclude = [${JSON.stringify(MIRRORED)}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** One CLI config file per mirror path and process, in a private (0700) temp directory. */
const configFiles = new Map<string, string>();

function cliConfigFileFor(mirror: string): string {
  const cached = configFiles.get(mirror);
  if (cached && existsSync(cached)) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'pinstack-terraform-'));
  const file = join(dir, 'terraform.rc');
  writeFileSync(file, mirrorCliConfig(mirror), { mode: 0o600 });
  configFiles.set(mirror, file);
  return file;
}

/**
 * The environment for a terraform process: non-interactive (TF_IN_AUTOMATION, TF_INPUT=0, CHECKPOINT_DISABLE)
 * and, when PINSTACK_PROVIDER_MIRROR is set, with TF_CLI_CONFIG_FILE pointing at a CLI config that installs
 * hashicorp/* providers from that mirror. Without the variable the user's own CLI config is left alone, so the
 * same code downloads providers normally. Throws when the variable names a folder that does not exist.
 */
export function terraformEnv(baseEnv: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...baseEnv, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  const mirror = baseEnv[PROVIDER_MIRROR_VARIABLE];
  if (mirror === undefined || mirror === '') return env;
  if (!existsSync(mirror) || !statSync(mirror).isDirectory()) {
    throw new Error(`${PROVIDER_MIRROR_VARIABLE} must name a provider mirror folder (filesystem mirror layout), got "${mirror}", which does not exist`);
  }
  env.TF_CLI_CONFIG_FILE = cliConfigFileFor(mirror);
  return env;
}
