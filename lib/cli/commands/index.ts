import type { Command } from 'commander';
import * as check from './check';
import * as keys from './keys';
import * as pin from './pin';
import * as pins from './pins';
import * as rollback from './rollback';
import * as secrets from './secrets';
import * as sops from './sops';
import * as exec from './exec';
import * as rules from './rules';
import * as synth from './synth';
import * as tfc from './tfc';

/**
 * Every command registers itself here, one module per command (or command group).
 * A module exports `register(program)`, which adds its subcommand and action.
 */
const modules: Array<{ register(program: Command): void }> = [
  synth,
  check,
  rules,
  tfc,
  exec,
  pins,
  pin,
  rollback,
  secrets,
  keys,
  sops,
];

export function registerCommands(program: Command): void {
  for (const m of modules) m.register(program);
}
