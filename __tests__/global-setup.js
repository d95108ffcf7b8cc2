// Jest global setup: when PINSTACK_PROVIDER_MIRROR is unset, look for a filesystem provider mirror holding
// hashicorp/aws in the usual places, so `npm test` works on a machine that has one. Workers inherit the
// variable. Tests that need it still fail clearly when none is found (never a silent skip).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
  if (process.env.PINSTACK_PROVIDER_MIRROR) return;
  const candidates = [
    '/opt/tf-plugins',
    path.join(os.homedir(), '.terraform.d', 'plugins'),
    path.join(os.homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws')));
  if (found) process.env.PINSTACK_PROVIDER_MIRROR = found;
};
