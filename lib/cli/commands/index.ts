import type { Command } from 'commander';
import * as affected from './affected';
import * as check from './check';
import * as comment from './comment';
import * as keys from './keys';
import * as pin from './pin';
import * as plan from './plan';
import * as recreate from './recreate';
import * as pins from './pins';
import * as preflight from './preflight';
import * as rollback from './rollback';
import * as secrets from './secrets';
import * as sops from './sops';
import * as deploy from './deploy';
import * as exec from './exec';
import * as rules from './rules';
import * as synth from './synth';
import * as tfc from './tfc';
import * as verify from './verify';

/**
 * Every command registers itself here, one module per command (or command group).
 * A module exports `register(program)`, which adds its subcommand and action.
 */
const modules: Array<{ register(program: Command): void }> = [
  affected,
  synth,
  check,
  rules,
  tfc,
  exec,
  plan,
  comment,
  deploy,
  recreate,
  pins,
  pin,
  rollback,
  secrets,
  keys,
  sops,
  preflight,
  verify,
];

export function registerCommands(program: Command): void {
  for (const m of modules) m.register(program);
}
