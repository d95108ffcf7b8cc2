import type { Command } from 'commander';
import { loadSpec } from '../../project';
import { readEnvFile, resolveEnvironment, type ResolvedEnvironment } from '../env-files';
import { table } from '../table';

/** One service's pin in the JSON output. `image` is null when the spec has the service but the file no pin. */
export interface PinJson {
  image: string | null;
  /** Previous pins, most recent first. */
  history: string[];
}

export function register(program: Command): void {
  program
    .command('pins')
    .description("Show each service's pinned image and its pin history, per environment.")
    .argument('[env...]', 'environments (default: every environment of the spec)')
    .option('--json', 'print JSON (see below)')
    .addHelpText(
      'after',
      '\nJSON output:\n' +
        '  exactly one <env> given:  { "<service>": { "image": "<ref>" | null, "history": ["<ref>", ...] } }\n' +
        '  none or several:          { "<env>": { "<service>": { "image": ..., "history": [...] } } }\n' +
        'History is most recent first. Services of the spec without a pin have "image": null.',
    )
    .action(async (envs: string[], opts: { json?: boolean }) => {
      const { spec } = loadSpec();
      const names = envs.length ? [...new Set(envs)] : Object.keys(spec.environments);
      const resolved = names.map((n) => resolveEnvironment(spec, n));
      const out: Record<string, Record<string, PinJson>> = {};
      for (const env of resolved) out[env.name] = await pinsOf(env);

      if (opts.json) {
        const value = envs.length > 0 && resolved.length === 1 ? out[resolved[0]!.name] : out;
        process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
        return;
      }
      const rows: string[][] = [];
      for (const env of resolved) {
        for (const [service, p] of Object.entries(out[env.name]!)) {
          rows.push([env.name, service, p.image ?? '(not pinned)', p.history.length ? p.history.join(', ') : '-']);
        }
      }
      process.stdout.write(`${table(['env', 'service', 'pin', 'history (most recent first)'], rows)}\n`);
      process.stdout.write(`files: ${resolved.map((e) => `${e.name} ${e.file}`).join(', ')}\n`);
    });
}

/** Spec services first (in spec order), then anything else the file pins. */
async function pinsOf(env: ResolvedEnvironment): Promise<Record<string, PinJson>> {
  const f = await readEnvFile(env);
  const services = [...new Set([...Object.keys(env.spec.services), ...Object.keys(f.pins), ...Object.keys(f.history)])];
  return Object.fromEntries(services.map((s) => [s, { image: f.pins[s] ?? null, history: [...(f.history[s] ?? [])] }]));
}
