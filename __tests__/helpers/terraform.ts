import { existsSync } from 'node:fs';
import { join } from 'node:path';

const VARIABLE = 'PINSTACK_PROVIDER_MIRROR';

/**
 * The provider mirror the terraform tests run against (no network), or a clear failure. Never a silent skip:
 * CI exports PINSTACK_PROVIDER_MIRROR (the folder two levels above registry.terraform.io/hashicorp/aws).
 */
export function requireProviderMirror(): string {
  const mirror = process.env[VARIABLE];
  const how =
    `Set ${VARIABLE} to a Terraform provider mirror that holds hashicorp/aws 5.100.0, e.g.\n` +
    `  export ${VARIABLE}=/opt/tf-plugins\n` +
    `(find it with: find / -maxdepth 6 -path '*registry.terraform.io/hashicorp/aws', then go two levels up).`;
  if (mirror === undefined || mirror === '') throw new Error(`${VARIABLE} is not set: these tests run real terraform against a local provider mirror.\n${how}`);
  if (!existsSync(mirror)) throw new Error(`${VARIABLE}=${mirror} does not exist.\n${how}`);
  const aws = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(aws)) throw new Error(`${VARIABLE}=${mirror} has no ${join('registry.terraform.io', 'hashicorp', 'aws')} (expected the filesystem mirror layout).\n${how}`);
  return mirror;
}

/** Terraform runs take seconds each; the jest default of 5 s is too short. */
export const TERRAFORM_TEST_TIMEOUT_MS = 120_000;
