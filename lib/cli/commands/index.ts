import type { Command } from 'commander';
import * as check from './check';
import * as rules from './rules';
import * as synth from './synth';

/**
 * Every command registers itself here, one module per command (or command group).
 * A module exports `register(program)`, which adds its subcommand and action.
 */
const modules: Array<{ register(program: Command): void }> = [synth, check, rules];

export function registerCommands(program: Command): void {
  for (const m of modules) m.register(program);
}
